"""Importing a model from the window: hashed off the GUI thread, then picked and loaded."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.bootstrap import start_engine
from app.config import Paths
from app.core import Core
from app.ui.shell.main_window import MainWindow

from .event_wait import wait_until


def test_import_a_model_file_then_it_loads(
    hearth_home: Path, starter_model: Path, qtbot: QtBot, tmp_path: Path
) -> None:
    core = Core.open(Paths.resolve())
    bridge, _worker = start_engine()
    window = MainWindow(core, bridge)
    qtbot.addWidget(window)
    window.show()
    try:
        assert window.model_picker.itemData(0) is None  # "No model — import one"
        progress: list[tuple[int, int]] = []
        task = window.library.import_model_file(starter_model)
        task.progress.connect(lambda done, total: progress.append((done, total)))
        wait_until(lambda: window.controller.loaded_model is not None, timeout_ms=30_000)

        records = core.models.list()
        assert [r.path for r in records] == [str(starter_model.resolve())]
        assert window.model_picker.itemData(0) == records[0].id
        assert window.controller.loaded_model.sha256 == records[0].sha256
        assert progress and progress[-1][0] == progress[-1][1]  # reached 100 %
        assert core.settings.default_model_id == records[0].id
        assert not window.progress.isVisible()
    finally:
        window.close()
        bridge.shutdown()
        core.close()


def test_importing_a_file_that_is_not_a_model_shows_why(
    hearth_home: Path, qtbot: QtBot, tmp_path: Path
) -> None:
    bogus = tmp_path / "report.gguf"
    bogus.write_bytes(b"%PDF-1.7 this is a PDF renamed to .gguf" * 100)
    core = Core.open(Paths.resolve())
    bridge, _worker = start_engine()
    window = MainWindow(core, bridge)
    qtbot.addWidget(window)
    window.show()
    try:
        window.library.import_model_file(bogus)
        wait_until(window.error_banner.isVisible, timeout_ms=10_000)
        assert "report.gguf" in window.error_label.text()
        assert "not a GGUF" in window.error_label.text()
        assert core.models.list() == []
    finally:
        window.close()
        bridge.shutdown()
        core.close()
