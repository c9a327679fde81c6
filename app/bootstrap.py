"""The GUI's composition root: builds config, storage, the library, the inference thread, its Qt
bridge, the local API server's host on that thread and the main window, and wires them
together, for the app and for `hearth --self-test` alike. Nothing else creates these."""

from __future__ import annotations

import gc
import logging
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFileOpenEvent, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__
from app.api.served_models import ready_assistants
from app.api.server_host import LocalApiHost
from app.chats.sampling import sampling_from_settings
from app.config import Paths, SettingsStore
from app.core import Core
from app.crash_reports import ensure_std_streams
from app.engine.client import EngineClient
from app.engine.shared_worker import SharedWorker
from app.engine.worker import Engine
from app.logging_setup import LoggingSetup, configure_logging, reset_logging
from app.resources import resource_path
from app.storage import StorageError
from app.ui.common.engine_bridge import EngineBridge
from app.ui.common.i18n import tr
from app.ui.common.theme import apply_theme
from app.ui.common.translations import install_translations
from app.ui.shell.app_session import AppSession, files_from_arguments
from app.ui.shell.main_window import MainWindow

if TYPE_CHECKING:
    from app.ui.shell.self_test_window import SelfTestOptions

_log = logging.getLogger(__name__)


def engine_factory(core: Core | None = None) -> Callable[[], Engine]:
    if core is not None:
        return core.engine_factory()

    def make_engine() -> Engine:
        # Without a profile (the self-test window): plain llama.cpp behind the router.
        from app.engine.llama_engine import LlamaEngine
        from app.engine.router import EngineRouter

        return EngineRouter(LlamaEngine)

    return make_engine


def start_engine(core: Core | None = None) -> tuple[EngineBridge, SharedWorker]:
    """The one inference thread, its client and the client's Qt bridge; the worker is shared so
    the local API server can queue behind the GUI."""
    bridge = EngineBridge()
    worker = SharedWorker(engine_factory(core)).start()
    bridge.attach(EngineClient(worker))
    return bridge, worker


def open_window(
    app: QApplication, core: Core, log_setup: LoggingSetup | None = None
) -> tuple[MainWindow, EngineBridge]:
    """The main window over the one inference thread, with the local API server ready to run
    on that thread when the user turns it on. The caller shuts the bridge down."""
    apply_theme(app, core.settings.theme)
    bridge, _worker = start_engine(core)
    api = LocalApiHost(
        bridge.client,
        core.models.list,
        lambda: sampling_from_settings(core.settings),
        assistants=lambda: ready_assistants(core.assistants),
    )
    return MainWindow(core, bridge, log_setup=log_setup, api=api), bridge


def run_self_test(options: SelfTestOptions) -> int:
    """`hearth --self-test`: the window and the core built as for the app, then checked."""
    from app.ui.shell.self_test_window import run_windowed_self_test  # only for the self-test

    return run_windowed_self_test(options, open_core=Core.open, open_window=open_window)


def open_core(paths: Paths) -> Core | None:
    """Open the profile, asking for the passphrase when it is encrypted; None: the user quit."""
    from app.security import profile_encryption
    from app.storage.cipher import WrongPassphraseError
    from app.ui.security.unlock_dialog import ask_for_key

    key = None
    while True:
        if profile_encryption.is_encrypted(paths) and key is None:
            key = ask_for_key(paths)
            if key is None:
                return None
        try:
            return Core.open(paths, key=key)
        except WrongPassphraseError:
            # e.g. a restored export made under another passphrase: ask again.
            QMessageBox.warning(
                None, "Hearth", tr("That passphrase does not open this data. Try again.")
            )
            key = None


class FileOpenFilter(QObject):
    """macOS sends files opened with Hearth (Finder, the Dock) as QFileOpenEvent, not argv."""

    def __init__(self, open_files: Callable[[list[Path]], object], parent: QObject) -> None:
        super().__init__(parent)
        self._open_files = open_files

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QFileOpenEvent) and event.file():
            self._open_files([Path(event.file())])
            return True
        return False


def run_gui(argv: Sequence[str], session: AppSession | None = None) -> int:
    """The GUI; `session`: already begun by the entry point (`AppSession.begin`)."""
    started = time.perf_counter()
    paths = Paths.resolve()
    if session is None:
        session = AppSession.begin(paths, files_from_arguments(argv))
    try:
        if session.exit_code is not None:
            return session.exit_code
        ensure_std_streams(paths.log_dir)  # a windowed build has no stderr
        log_setup = configure_logging(paths)
        # Before Qt starts: a platform plugin that cannot load says why in the log.
        session.record_crashes()
        app = make_application(argv)  # lives until the session has saved the window's layout
        return run_window(app, paths, log_setup, session, started)
    finally:
        session.end()


def make_application(argv: Sequence[str]) -> QApplication:
    app = QApplication([sys.argv[0], *argv])
    app.setApplicationName("Hearth")
    app.setApplicationVersion(__version__)
    # Lets Wayland and X11 match the window to the installed hearth .desktop file and its icon.
    app.setDesktopFileName("org.hearth.Hearth")
    app.setWindowIcon(QIcon(str(resource_path("icons", "hearth.svg"))))
    return app


def run_window(
    app: QApplication, paths: Paths, log_setup: LoggingSetup, session: AppSession, started: float
) -> int:
    session.listen()  # from now on later starts are answered, even during the passphrase prompt
    # Before the first window (the passphrase prompt): settings.json is never encrypted.
    install_translations(app, SettingsStore(paths.settings_file).load().language)
    try:
        opened = open_core(paths)
    except StorageError as exc:
        QMessageBox.critical(None, tr("Hearth cannot open its database"), str(exc))
        return 1
    if opened is None:
        return 0
    core = opened
    if core.settings.debug_logging:
        log_setup.set_debug(True)
    window, bridge = open_window(app, core, log_setup)
    session.show_window(window)  # where the user left it; later starts hand their files to it
    # Everything built so far lives as long as the app: keeping it out of the collector's full
    # passes removes ~90 ms pauses of the GUI thread (measured with all modules loaded).
    gc.collect()
    gc.freeze()
    _log.info("window shown %.3f s after start", time.perf_counter() - started)
    # Load after the first paint, so the window appears at once.
    QTimer.singleShot(0, window.library.load_default_model)
    QTimer.singleShot(0, window.chat_list.open_start_chat)
    QTimer.singleShot(0, window.first_run.show_if_due)
    opened_files = files_from_arguments(app.arguments()[1:])
    if opened_files:
        QTimer.singleShot(0, lambda: window.open_files(opened_files))
    file_opener = FileOpenFilter(window.open_files, app)
    app.installEventFilter(file_opener)
    try:
        return app.exec()
    finally:
        bridge.shutdown()
        core.close()
        reset_logging()
