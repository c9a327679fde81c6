"""SIGTERM and SIGINT close the window the way the user would, instead of killing the process.

A desktop session ending, `kill`, a service manager or Ctrl+C in the terminal send these. Killed
outright, Hearth would leave its session marker behind and the next start would report a crash
that did not happen; closed, it saves the window layout and shuts the model down.

Python runs signal handlers only between bytecodes, and Qt's event loop may not run any for a
long time; `signal.set_wakeup_fd` makes the C-level handler write a byte to a socket that a
QSocketNotifier watches, so the event loop wakes up at once. POSIX only: Windows has no SIGTERM
to send to a GUI process.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
from collections.abc import Callable
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

HANDLED = (signal.SIGTERM, signal.SIGINT)


class TerminateWatch(QObject):
    """Calls `close` once per SIGTERM or SIGINT received by this process."""

    def __init__(self, close: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._close = close
        self._owner = os.getpid()
        self._received: list[int] = []
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous = {number: signal.signal(number, self._note) for number in HANDLED}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._wake)

    def _note(self, number: int, _frame: FrameType | None) -> None:
        # A child forked from this process inherits the handler: only this process acts.
        if os.getpid() == self._owner:
            self._received.append(number)

    def _wake(self) -> None:
        try:
            while self._reader.recv(256):
                pass
        except BlockingIOError:
            pass
        # Python runs the handler (`_note`) at its next chance; look once it has.
        QTimer.singleShot(0, self._act)

    def _act(self) -> None:
        received, self._received = self._received, []
        if received:
            self._close()

    def uninstall(self) -> None:
        self._notifier.setEnabled(False)
        for number, previous in self._previous.items():
            signal.signal(number, previous)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()


def close_on_terminate(close: Callable[[], None], parent: QObject) -> TerminateWatch | None:
    """Watch for SIGTERM/SIGINT (POSIX, main thread); None where that is not possible."""
    if sys.platform == "win32":
        return None
    try:
        return TerminateWatch(close, parent)
    except (OSError, ValueError):  # ValueError: not the main thread
        return None
