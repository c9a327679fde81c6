"""The component installer on real archives: what it refuses, that a failed or killed install
changes nothing, list/remove, and sys.path activation in a child process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app.components import TRAINING, install
from app.components.install import InstallOptions, install_component
from app.components.manifest import MANIFEST_NAME, ComponentError
from app.components.store import installed_components, remove_component, usable_component
from app.training import availability
from tests.fixtures.component_archive import (
    FAKE_MODULE,
    FAKE_STDLIB_MODULE,
    build_fake_component,
    other_platform,
    rehash,
    rewrite_zip,
)

REPO = Path(__file__).resolve().parents[2]


def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "home" / "data"


def assert_nothing_installed(folder: Path) -> None:
    assert installed_components(folder) == []
    training = folder / "components" / TRAINING
    leftovers = [p.name for p in training.iterdir()] if training.exists() else []
    assert not [n for n in leftovers if not n.startswith(".staging-")], leftovers


def test_install_list_remove(tmp_path: Path) -> None:
    archive = build_fake_component(tmp_path)
    installed = install_component(archive, data_dir(tmp_path))
    assert (installed.path / "site" / FAKE_MODULE / "__init__.py").read_text() == "ANSWER = 42\n"
    assert [c.version for c in installed_components(data_dir(tmp_path))] == ["1.0.0+cpu"]
    listed = usable_component(data_dir(tmp_path), TRAINING)
    assert listed is not None and listed.to_json()["bytes"] == installed.manifest.total_bytes
    # the same version again replaces it in place
    assert install_component(archive, data_dir(tmp_path)).path == installed.path
    removed = remove_component(data_dir(tmp_path), TRAINING)
    assert [c.version for c in removed] == ["1.0.0+cpu"] and not installed.path.exists()
    with pytest.raises(ComponentError, match="no 'training' component"):
        remove_component(data_dir(tmp_path), TRAINING)


def test_newest_usable_version_is_chosen(tmp_path: Path) -> None:
    install_component(build_fake_component(tmp_path, version="1.0.0+cpu"), data_dir(tmp_path))
    install_component(build_fake_component(tmp_path, version="1.2.0+cpu"), data_dir(tmp_path))
    chosen = usable_component(data_dir(tmp_path), TRAINING)
    assert chosen is not None and chosen.version == "1.2.0+cpu"


def test_wrong_hash_is_refused(tmp_path: Path) -> None:
    archive = build_fake_component(tmp_path)
    with pytest.raises(ComponentError, match="does not match its sha256"):
        install_component(archive, data_dir(tmp_path), InstallOptions(sha256="0" * 64))
    assert_nothing_installed(data_dir(tmp_path))


def test_missing_hash_is_refused(tmp_path: Path) -> None:
    archive = build_fake_component(tmp_path)
    archive.with_name(archive.name + ".sha256").unlink()
    with pytest.raises(ComponentError, match="no sha256 to check"):
        install_component(archive, data_dir(tmp_path))
    assert_nothing_installed(data_dir(tmp_path))


def test_missing_manifest_is_refused(tmp_path: Path) -> None:
    archive = build_fake_component(tmp_path)
    broken = rewrite_zip(archive, tmp_path / "no-manifest.zip", drop=frozenset({MANIFEST_NAME}))
    with pytest.raises(ComponentError, match=r"no hearth-component\.json"):
        install_component(broken, data_dir(tmp_path))
    assert_nothing_installed(data_dir(tmp_path))


def test_corrupt_manifest_is_refused(tmp_path: Path) -> None:
    archive = build_fake_component(tmp_path)
    broken = rewrite_zip(
        archive, tmp_path / "bad.zip", replace_data={MANIFEST_NAME: b'{"format": 1, "comp'}
    )
    with pytest.raises(ComponentError, match="not valid JSON"):
        install_component(broken, data_dir(tmp_path))
    assert_nothing_installed(data_dir(tmp_path))


def test_another_platform_is_refused(tmp_path: Path) -> None:
    archive = build_fake_component(tmp_path, platform=other_platform())
    with pytest.raises(ComponentError, match=f"is for {other_platform().os}"):
        install_component(archive, data_dir(tmp_path))
    assert_nothing_installed(data_dir(tmp_path))


@pytest.mark.parametrize("member", ["../escaped.py", "/etc/escaped.py", "site/../../escaped.py"])
def test_path_traversal_is_refused(tmp_path: Path, member: str) -> None:
    archive = build_fake_component(tmp_path)
    hostile = rewrite_zip(archive, tmp_path / "hostile.zip", add={member: b"print('owned')"})
    with pytest.raises(ComponentError, match="unsafe path"):
        install_component(hostile, data_dir(tmp_path))
    assert_nothing_installed(data_dir(tmp_path))
    assert not (tmp_path / "home" / "escaped.py").exists()


def test_link_member_is_refused(tmp_path: Path) -> None:
    archive = build_fake_component(tmp_path)
    hostile = tmp_path / "link.zip"
    rewrite_zip(archive, hostile)
    with zipfile.ZipFile(hostile, "a") as bundle:
        link = zipfile.ZipInfo("site/passwd")
        link.external_attr = 0o120777 << 16
        bundle.writestr(link, "/etc/passwd")
    rehash(hostile)
    with pytest.raises(ComponentError, match="a link"):
        install_component(hostile, data_dir(tmp_path))
    assert_nothing_installed(data_dir(tmp_path))


def test_truncated_archive_is_refused(tmp_path: Path) -> None:
    archive = build_fake_component(tmp_path)
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    rehash(truncated)
    with pytest.raises(ComponentError, match="not a readable component archive"):
        install_component(truncated, data_dir(tmp_path))
    assert_nothing_installed(data_dir(tmp_path))


def test_member_not_matching_manifest_fails_and_installs_nothing(tmp_path: Path) -> None:
    archive = build_fake_component(tmp_path)
    last = f"site/{FAKE_MODULE}/data2.bin"
    tampered = rewrite_zip(archive, tmp_path / "tampered.zip", replace_data={last: b"x" * 200_000})
    with pytest.raises(ComponentError, match=r"data2\.bin in the archive does not match"):
        install_component(tampered, data_dir(tmp_path))
    assert_nothing_installed(data_dir(tmp_path))
    assert not list((data_dir(tmp_path) / "components" / TRAINING).iterdir())


def test_not_enough_disk_space_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = build_fake_component(tmp_path)
    monkeypatch.setattr(install, "DISK_MARGIN_BYTES", 1 << 60)  # more than any disk has free
    with pytest.raises(ComponentError, match="not enough disk space"):
        install_component(archive, data_dir(tmp_path))
    assert_nothing_installed(data_dir(tmp_path))


def test_killed_install_leaves_nothing_and_next_install_cleans_up(tmp_path: Path) -> None:
    archive = build_fake_component(tmp_path)
    # A real SIGKILL in the middle of extraction (after the first file was written).
    code = (
        "import os, signal, sys; from pathlib import Path\n"
        "from app.components.install import InstallOptions, install_component\n"
        "def progress(stage, done, total):\n"
        "    if stage == 'installing' and done > 0: os.kill(os.getpid(), signal.SIGKILL)\n"
        "options = InstallOptions(progress=progress)\n"
        "install_component(Path(sys.argv[1]), Path(sys.argv[2]), options)\n"
    )
    child = subprocess.run(
        [sys.executable, "-c", code, str(archive), str(data_dir(tmp_path))],
        cwd=REPO,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        capture_output=True,
        text=True,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    training = data_dir(tmp_path) / "components" / TRAINING
    assert [p.name[:9] for p in training.iterdir()] == [".staging-"]  # it was half-way
    assert_nothing_installed(data_dir(tmp_path))
    install_component(archive, data_dir(tmp_path))
    assert [p.name for p in training.iterdir()] == ["1.0.0+cpu"]


def test_activation_in_a_child_process(tmp_path: Path) -> None:
    install_component(build_fake_component(tmp_path), data_dir(tmp_path))
    home = tmp_path / "home"
    # As the frozen worker does (sys.frozen set by PyInstaller's bootloader), through the same
    # function; from source without `frozen` nothing is activated.
    code = (
        "import json, sys\n"
        "from app.training.availability import activate_training_runtime\n"
        "before = activate_training_runtime()\n"
        "sys.frozen = True\n"
        "component = activate_training_runtime()\n"
        f"import {FAKE_MODULE} as lib, {FAKE_STDLIB_MODULE} as extra\n"
        "print(json.dumps({'before': before is None, 'version': component.version,\n"
        "  'lib': lib.__file__, 'answer': lib.ANSWER, 'extra': extra.__file__,\n"
        "  'first': sys.path[0], 'last': sys.path[-1]}))\n"
    )
    child = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=str(REPO), HEARTH_HOME=str(home)),
        capture_output=True,
        text=True,
        check=True,
    )
    seen = json.loads(child.stdout)
    site = data_dir(tmp_path) / "components" / TRAINING / "1.0.0+cpu" / "site"
    assert seen["before"] and seen["version"] == "1.0.0+cpu" and seen["answer"] == 42
    assert Path(seen["lib"]).is_relative_to(site) and seen["first"] == str(site)
    stdlib = site.parent / "stdlib"
    assert seen["last"] == str(stdlib) and Path(seen["extra"]).parent == stdlib


def test_frozen_reason_names_the_component_never_pip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    reason = availability.training_unavailable_reason(data_dir(tmp_path))
    assert reason is not None and "training component" in reason
    assert "hearth components install" in reason and "pip" not in reason
    install_component(build_fake_component(tmp_path), data_dir(tmp_path))
    assert availability.training_unavailable_reason(data_dir(tmp_path)) is None


def test_source_reason_never_says_pip(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(availability, "REQUIRED_MODULES", ("hearth_no_such_module",))
    reason = availability.training_unavailable_reason()
    assert reason is not None and "devenv.py" in reason and "pip" not in reason
