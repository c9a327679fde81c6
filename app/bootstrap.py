"""The composition root: builds config, storage, the library, the inference thread, its Qt
bridge and the main window, and wires them together. Nothing else creates these."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__
from app.config import Paths
from app.core import Core
from app.engine.worker import Engine, InferenceWorker
from app.resources import resource_path
from app.storage import StorageError
from app.ui.engine_bridge import EngineBridge
from app.ui.main_window import MainWindow
from app.ui.theme import apply_theme

_log = logging.getLogger(__name__)


def make_engine() -> Engine:
    # Imported on the worker thread: loading llama.cpp's libraries does not delay the window.
    from app.engine.llama_engine import LlamaEngine

    return LlamaEngine()


def start_engine() -> tuple[EngineBridge, InferenceWorker]:
    bridge = EngineBridge()
    worker = InferenceWorker(make_engine, bridge.deliver).start()
    bridge.attach(worker)
    return bridge, worker


def configure_logging(paths: Paths) -> None:
    paths.cache_dir.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=[logging.FileHandler(paths.log_file, encoding="utf-8")],
    )


def run_gui(argv: Sequence[str]) -> int:
    started = time.perf_counter()
    app = QApplication([sys.argv[0], *argv])
    app.setApplicationName("Hearth")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resource_path("icons", "hearth.svg"))))
    paths = Paths.resolve()
    configure_logging(paths)
    try:
        core = Core.open(paths)
    except StorageError as exc:
        QMessageBox.critical(None, "Hearth cannot open its database", str(exc))
        return 1
    apply_theme(app, core.settings.theme)
    bridge, _worker = start_engine()
    window = MainWindow(core, bridge)
    window.show()
    _log.info("window shown %.3f s after start", time.perf_counter() - started)
    # Load after the first paint, so the window appears at once.
    QTimer.singleShot(0, window.load_default_model)
    QTimer.singleShot(0, window.open_start_chat)
    try:
        return app.exec()
    finally:
        bridge.shutdown()
        core.close()
