"""`hearth components install URL` as a real subprocess against the loopback hub: installed
with --json, a 404 said plainly, and Ctrl+C mid-download leaving nothing behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fixtures.hub_server import running_hub
from tests.integration.test_cli import hearth, ok_json, one_json_object
from tests.unit.test_component_download import NAME, assert_nothing_left, build_archive, publish

REPO = Path(__file__).resolve().parents[2]


def test_install_from_a_url_and_refusals(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    with running_hub() as hub:
        url = publish(hub, build_archive(tmp_path))
        missing = hearth(home, "components", "install", url + "-missing", "--json")
        assert missing.returncode == 1
        assert "HTTP 404" in one_json_object(missing)["error"] and "HTTP 404" in missing.stderr
        plain = hearth(home, "components", "install", "http://example.org/" + NAME)
        assert plain.returncode == 1 and "refusing plain http://" in plain.stderr
        assert_nothing_left(home / "data")

        installed = ok_json(home, "components", "install", url)
    assert installed["name"] == "training" and installed["usable"] is True
    listed = ok_json(home, "components", "list")["components"]
    assert [c["path"] for c in listed] == [installed["path"]]


@pytest.mark.parametrize(
    "inherited", [signal.SIG_DFL, signal.SIG_IGN], ids=["terminal", "sigint-ignored"]
)
def test_ctrl_c_mid_download_leaves_nothing(tmp_path: Path, inherited: signal.Handlers) -> None:
    """Ctrl+C cancels, whether the shell left SIGINT as it is or ignored (a background job)."""
    home = tmp_path / "home"
    home.mkdir()
    with running_hub() as hub:
        url = publish(hub, build_archive(tmp_path))
        hub.delay_per_chunk_s = 0.3  # 16 chunks: about 5 s, time to press Ctrl+C half-way
        env = {**os.environ, "HEARTH_HOME": str(home), "PYTHONPATH": str(REPO)}
        proc = subprocess.Popen(
            [sys.executable, "-m", "app", "components", "install", url],
            env=env,
            cwd=home,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, inherited),
        )
        downloads = home / "data" / "components" / ".downloads"
        deadline = time.monotonic() + 60
        while not any(p.name == NAME and p.stat().st_size for p in downloads.glob("*/*")):
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr
    assert_nothing_left(home / "data")
