"""A damaged or missing bundled starter model: the window still opens and says what is wrong.

    HEARTH_SHOTS_DIR=shots python -m pytest tests/gui/test_starter_problem_window.py
saves the window as starter_problem.png.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.bootstrap import start_engine
from app.config import Paths
from app.core import Core
from app.library.bundled_starter import STARTER_ENV
from app.library.starter import STARTER_FILE_NAME
from app.ui.shell.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def damaged_starter(folder: Path) -> Path:
    """A file of the starter model's name and size that is not the starter model."""
    path = folder / STARTER_FILE_NAME
    with path.open("wb") as handle:
        handle.write(b"GGUF")
        handle.truncate(98362432)
    return path


def test_the_window_opens_and_shows_the_problem(
    hearth_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    monkeypatch.setenv(STARTER_ENV, str(damaged_starter(tmp_path)))
    core = Core.open(Paths.resolve())
    bridge, _worker = start_engine()
    window = MainWindow(core, bridge)
    qtbot.addWidget(window)
    try:
        window.show()
        qtbot.waitExposed(window)
        problem = core.starter_status.problem
        assert problem is not None and "damaged" in problem
        assert window.error_banner.isVisible()
        assert window.error_label.text() == problem
        window.library.load_default_model()  # what run_gui does next: no model, nothing happens
        qtbot.wait(50)
        assert window.controller.loaded_model is None
        folder = os.environ.get("HEARTH_SHOTS_DIR")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            assert window.grab().save(str(Path(folder) / "starter_problem.png"))
    finally:
        window.close()
        bridge.shutdown()
        core.close()


def test_the_self_test_window_opens_with_a_missing_bundled_starter(tmp_path: Path) -> None:
    """The real entry point in a child process, as a user's double-click starts it."""
    report = tmp_path / "report.json"
    env = {
        **os.environ,
        "HEARTH_HOME": str(tmp_path / "home"),
        STARTER_ENV: str(tmp_path / "gone" / STARTER_FILE_NAME),
        "QT_QPA_PLATFORM": "offscreen",
    }
    done = subprocess.run(
        [sys.executable, "-m", "app", "--self-test", "--self-test-out", str(report)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    checks = {c["name"]: c for c in json.loads(report.read_text(encoding="utf-8"))["checks"]}
    assert checks["window"]["ok"] and checks["generation"]["skipped"]
