"""What one GUI process holds besides its window, from start to exit.

- the profile's single-instance guard: a second start hands its files over and exits;
- crash capture (app/crash_reports.py) and Qt's messages routed into the log;
- the window's remembered place and splitter sizes;
- after a crash, the one notice about it; SIGTERM/SIGINT closing the window like the user would.

The entry point calls `begin` before the rest of the app is even imported (a second start only
hands its files over: about half a second instead of several). Then bootstrap.run_gui calls
`record_crashes` once logging is set up, `listen` once the QApplication exists, `show_window`
instead of `window.show()`, and `end` when the event loop has returned.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app import __version__
from app.config import Paths
from app.crash_reports import CrashWatch
from app.ui.shell.crash_notice import show_crash_notice
from app.ui.shell.qt_messages import route_qt_messages_to_log
from app.ui.shell.single_instance import SingleInstance, hand_off_and_exit_code, open_in_window
from app.ui.shell.terminate_signal import TerminateWatch, close_on_terminate
from app.ui.shell.window_state import WindowStateStore, remember, show_restored

if TYPE_CHECKING:
    from app.ui.shell.main_window import MainWindow

_log = logging.getLogger(__name__)


def files_from_arguments(arguments: Sequence[str]) -> list[Path]:
    """Files given by the desktop ("Open with Hearth", a double-clicked .hearth pack)."""
    return [Path(a) for a in arguments if Path(a).is_file()]


class AppSession:
    def __init__(self, paths: Paths, instance: SingleInstance) -> None:
        self.paths = paths
        self.instance = instance
        self.crash_watch: CrashWatch | None = None
        self.exit_code: int | None = None  # set: another Hearth took over; exit with this
        self.window: MainWindow | None = None
        self.window_store = WindowStateStore(paths.config_dir)
        self._terminate: TerminateWatch | None = None
        self._restore_qt_messages: Callable[[], None] | None = None

    @classmethod
    def begin(cls, paths: Paths, files: Sequence[Path]) -> AppSession:
        """Claim the profile, or hand `files` to the Hearth that has it (`exit_code` set).

        Light on purpose: this module imports no more than it needs for that (no main window).
        """
        session = cls(paths, SingleInstance(paths))
        if not session.instance.claim():
            session.exit_code = hand_off_and_exit_code(session.instance, files)
        return session

    def listen(self) -> None:
        """Once the QApplication exists: answer later starts (their files wait for the window)."""
        self.instance.listen()

    def record_crashes(self) -> None:
        """Once logging is set up: Qt's messages and crashes go to the log folder; the last
        run's crash, if any, is read (only the profile's one GUI does this)."""
        self._restore_qt_messages = route_qt_messages_to_log()
        if self.instance.problem:
            _log.warning("%s", self.instance.problem)
        self.crash_watch = CrashWatch.start(self.paths.log_dir, version=__version__)

    def show_window(self, window: MainWindow) -> None:
        """Show the window as it was left, then let later starts and signals reach it."""
        self.window = window
        show_restored(window, self.window_store)
        self.instance.serve(
            open_in_window(window, window.open_files, lambda: window.security.idle_lock)
        )
        self._terminate = close_on_terminate(self._close_all, window)
        previous = self.crash_watch.previous if self.crash_watch else None
        if previous is not None:
            QTimer.singleShot(0, lambda: show_crash_notice(window, previous, self.paths.log_dir))

    @staticmethod
    def _close_all() -> None:
        _log.info("asked to quit by a signal: closing the windows")
        QApplication.closeAllWindows()

    def end(self) -> None:
        """The event loop has returned (or the start was abandoned): save and let go."""
        if self.window is not None:
            remember(self.window, self.window_store)
        if self._terminate is not None:
            self._terminate.uninstall()
            self._terminate = None
        self.instance.release()
        if self.crash_watch is not None:
            self.crash_watch.finish()
            self.crash_watch = None
        if self._restore_qt_messages is not None:
            self._restore_qt_messages()
            self._restore_qt_messages = None
