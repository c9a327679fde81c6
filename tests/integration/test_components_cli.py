"""`hearth components install|list|remove` as real subprocesses on real archives."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.fixtures.component_archive import build_fake_component, other_platform
from tests.integration.test_cli import hearth, ok_json, one_json_object

REPO = Path(__file__).resolve().parents[2]


def test_install_list_remove_and_refusals(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    assert ok_json(home, "components", "list")["components"] == []
    archive = build_fake_component(tmp_path)

    wrong = hearth(home, "components", "install", str(archive), "--sha256", "ab" * 32, "--json")
    assert wrong.returncode == 1 and "does not match its sha256" in one_json_object(wrong)["error"]
    assert "does not match its sha256" in wrong.stderr
    other = build_fake_component(tmp_path / "other", platform=other_platform())
    refused = hearth(home, "components", "install", str(other))
    assert refused.returncode == 1 and f"is for {other_platform().os}" in refused.stderr
    missing = hearth(home, "components", "install", str(tmp_path / "nowhere.zip"))
    assert missing.returncode == 1 and "no such file" in missing.stderr
    assert ok_json(home, "components", "list")["components"] == []

    digest = archive.with_name(archive.name + ".sha256").read_text().split()[0]
    installed = ok_json(home, "components", "install", str(archive), "--sha256", digest)
    assert installed["name"] == "training" and installed["usable"] is True
    assert Path(installed["path"]).is_dir()
    listed = ok_json(home, "components", "list")["components"]
    assert [(c["name"], c["version"], c["path"]) for c in listed] == [
        ("training", "1.0.0+cpu", installed["path"])
    ]
    text = hearth(home, "components", "list")
    assert text.returncode == 0 and "training" in text.stdout and "1.0.0+cpu" in text.stdout

    assert ok_json(home, "components", "remove", "training")["removed"][0]["version"] == "1.0.0+cpu"
    assert not Path(installed["path"]).exists()
    again = hearth(home, "components", "remove", "training")
    assert again.returncode == 1 and "no 'training' component is installed" in again.stderr


def test_installed_build_without_the_component_says_how_to_get_it(tmp_path: Path) -> None:
    """`hearth train` in a frozen build (sys.frozen, as PyInstaller's bootloader sets it) with no
    training component: the reason names the component and the command, never pip."""
    home = tmp_path / "home"
    home.mkdir()
    code = (
        "import sys; sys.frozen = True; from app.cli import main; "
        "sys.exit(main(['train', '--base', 'x.gguf', '--data', 'd.jsonl', '--out', 'a']))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "HEARTH_HOME": str(home), "PYTHONPATH": str(REPO)},
        cwd=home,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    assert "training component" in run.stderr and "hearth components install" in run.stderr
    assert "pip" not in run.stderr


def test_the_ocr_component_installs_lists_and_removes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    archive = build_fake_component(tmp_path, component="ocr")
    installed = ok_json(home, "components", "install", str(archive))
    assert installed["name"] == "ocr" and installed["usable"] is True
    assert Path(installed["path"]).parent.name == "ocr"
    assert [c["name"] for c in ok_json(home, "components", "list")["components"]] == ["ocr"]
    assert ok_json(home, "components", "remove", "ocr")["removed"][0]["name"] == "ocr"
