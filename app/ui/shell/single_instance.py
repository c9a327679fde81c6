"""One running Hearth per profile: a second start hands its files to the first and exits.

The first GUI start takes a lock file in the profile's config folder (QLockFile: a lock left by a
process that died is detected by its process id and taken over) and listens on a local socket
(QLocalServer: a Unix socket, a named pipe on Windows). A later start of the same profile finds
the lock taken, sends the files it was given (framed as in instance_protocol.py) and exits once
the first has acknowledged them. Two profiles (HEARTH_HOME) never meet: the socket's name is a
hash of the profile's config folder and the user, short enough for the 104-byte limit on
macOS socket paths. The CLI does not take part: only the GUI holds a model for long.
"""

from __future__ import annotations

import contextlib
import enum
import getpass
import hashlib
import logging
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QLockFile, QObject, QSysInfo, Qt, QTimer
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.config import Paths
from app.ui.common.i18n import tr
from app.ui.shell.instance_protocol import (
    FrameReader,
    OpenRequest,
    ProtocolError,
    Reply,
    encode,
    parse_open_request,
    parse_reply,
)

if TYPE_CHECKING:
    from app.ui.security.idle_lock import IdleLock

LOCK_FILE_NAME: Final = "instance.lock"
ANSWER_TIMEOUT_MS: Final = 10_000  # the running one may be busy laying out its window
CLIENT_IDLE_MS: Final = 5_000  # a client that connects and says nothing is dropped
RETRY_PAUSE_S: Final = 0.1
WAIT_SLICE_MS: Final = 50

_log = logging.getLogger(__name__)


def server_name(paths: Paths) -> str:
    """The local socket's name for this profile and user: stable, short, no path characters."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        user = ""
    identity = f"{user}\0{paths.config_dir.resolve()}"
    return "hearth-" + hashlib.sha256(identity.encode("utf-8")).hexdigest()[:20]


class HandOff(enum.Enum):
    DELIVERED = "delivered"  # the running Hearth has the files; this start can exit
    NO_ANSWER = "no answer"  # it holds the lock but did not answer in time
    REFUSED = "refused"  # it answered, but could not take the request


@dataclass(frozen=True)
class HandOffResult:
    outcome: HandOff
    detail: str = ""


RequestHandler = Callable[[OpenRequest], None]


class InstanceServer(QObject):
    """Answers later starts; keeps their requests until a handler (the window) takes them."""

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server = QLocalServer(self)
        # Only this user may connect (on Unix: the socket's permissions).
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._handler: RequestHandler | None = None
        self._pending: list[OpenRequest] = []
        self._connections: set[_Connection] = set()

    def listen(self) -> str | None:
        """Start listening; None when it does, else why not."""
        # The caller holds the lock, so a socket left under this name is a crashed run's.
        QLocalServer.removeServer(self.name)
        if self._server.listen(self.name):
            return None
        return self._server.errorString()

    def set_handler(self, handler: RequestHandler) -> None:
        """Hand every request to `handler` from now on, starting with those that waited."""
        self._handler = handler
        pending, self._pending = self._pending, []
        for request in pending:
            handler(request)

    def close(self) -> None:
        self._server.close()
        for connection in list(self._connections):
            connection.socket.abort()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            connection = _Connection(socket, self._on_request, self)
            self._connections.add(connection)
            socket.disconnected.connect(lambda c=connection: self._forget(c))

    def _forget(self, connection: _Connection) -> None:
        self._connections.discard(connection)
        connection.socket.deleteLater()
        connection.deleteLater()

    def _on_request(self, request: OpenRequest) -> None:
        _log.info("another start handed over %d file(s)", len(request.files))
        if self._handler is None:
            self._pending.append(request)
        else:
            self._handler(request)


class _Connection(QObject):
    """One later start talking to us: read one framed request, answer it, hang up."""

    def __init__(self, socket: QLocalSocket, on_request: RequestHandler, parent: QObject) -> None:
        super().__init__(parent)
        self.socket = socket
        self._on_request = on_request
        self._reader = FrameReader()
        self._done = False
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._give_up)
        self._idle.start(CLIENT_IDLE_MS)
        socket.readyRead.connect(self._read)
        if socket.bytesAvailable():
            self._read()

    def _give_up(self) -> None:
        _log.info("a later start connected but sent nothing; hanging up")
        self.socket.abort()

    def _read(self) -> None:
        if self._done:
            return
        try:
            messages = self._reader.feed(bytes(self.socket.readAll().data()))
            if not messages:
                return
            request = parse_open_request(messages[0])
        except ProtocolError as exc:
            _log.warning("a later start sent a request Hearth cannot read: %s", exc)
            self._answer(Reply(False, str(exc)))
            return
        self._answer(Reply(True))
        # After the answer: opening a file may show a dialog, and the sender should not wait.
        QTimer.singleShot(0, lambda: self._on_request(request))

    def _answer(self, reply: Reply) -> None:
        self._done = True
        self._idle.stop()
        self.socket.write(encode(reply.to_message()))
        self.socket.flush()
        self.socket.disconnectFromServer()


def send_request(
    name: str, request: OpenRequest, timeout_ms: int = ANSWER_TIMEOUT_MS
) -> HandOffResult:
    """Give `request` to the Hearth listening as `name`; blocks up to `timeout_ms`."""
    deadline = time.monotonic() + timeout_ms / 1000

    def slice_ms() -> int:
        # Short waits: PySide keeps the GIL in waitFor*(), and a server in this same process
        # (the self-test) needs it to answer.
        return max(0, min(WAIT_SLICE_MS, int((deadline - time.monotonic()) * 1000)))

    socket = QLocalSocket()
    # Retried: the running one takes the lock a moment before it listens.
    while True:
        socket.connectToServer(name)
        if socket.waitForConnected(slice_ms()):
            break
        problem = socket.errorString()
        socket.abort()
        if slice_ms() == 0:
            return HandOffResult(HandOff.NO_ANSWER, f"cannot connect: {problem}")
        time.sleep(RETRY_PAUSE_S)
    socket.write(encode(request.to_message()))
    reader = FrameReader()
    connected = QLocalSocket.LocalSocketState.ConnectedState
    try:
        while slice_ms() > 0:
            if socket.bytesToWrite():
                # Without an event loop nothing sends the buffered bytes unless asked to.
                socket.waitForBytesWritten(slice_ms())
                continue
            if not socket.bytesAvailable() and not socket.waitForReadyRead(slice_ms()):
                if socket.state() != connected and not socket.bytesAvailable():
                    break  # hung up without a word
                continue
            messages = reader.feed(bytes(socket.readAll().data()))
            if messages:
                reply = parse_reply(messages[0])
                outcome = HandOff.DELIVERED if reply.ok else HandOff.REFUSED
                return HandOffResult(outcome, reply.detail)
    except ProtocolError as exc:
        return HandOffResult(HandOff.REFUSED, str(exc))
    finally:
        socket.abort()
    return HandOffResult(HandOff.NO_ANSWER, f"no answer within {timeout_ms / 1000:.0f} s")


class SingleInstance:
    """The profile's one-GUI guard: `claim()` first; then `listen()` and `serve()`, or
    `hand_off()` and exit."""

    def __init__(self, paths: Paths, *, answer_timeout_ms: int = ANSWER_TIMEOUT_MS) -> None:
        self.lock_path = paths.config_dir / LOCK_FILE_NAME
        self.name = server_name(paths)
        self.answer_timeout_ms = answer_timeout_ms
        self.server: InstanceServer | None = None
        self.problem: str | None = None  # why this start runs without the full guard, if so
        self._lock = QLockFile(str(self.lock_path))
        # 0: never call a lock stale for its age, only when its process is gone (the default,
        # 30 s, would let a second start take the lock from a first that has run longer).
        self._lock.setStaleLockTime(0)

    def claim(self) -> bool:
        """True: this process is the profile's GUI; then `listen` once the QApplication exists.

        Needs no QApplication, so that a second start can hand over its files before Qt (and
        its log) is set up."""
        try:
            self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            _log.warning("no single-instance guard: %s", exc)
            return True
        if not self._lock.tryLock(0):
            if self._lock.error() != QLockFile.LockError.LockFailedError:
                # A profile folder that cannot be written: run, without the guard.
                self.problem = f"no single-instance guard: cannot create {self.lock_path}"
                return True
            holder = self.lock_holder_host()
            if holder and holder != QSysInfo.machineHostName():
                # A profile on a network drive, locked from another computer: no local socket
                # reaches it, and a lock from a computer that crashed would never go away.
                self.problem = (
                    f"no single-instance guard: the profile is locked by Hearth on {holder}"
                )
                return True
            return False
        return True

    def listen(self) -> None:
        """Answer later starts (needs the QApplication; after a successful `claim`)."""
        if not self._lock.isLocked() or self.server is not None:
            return
        self.server = InstanceServer(self.name)
        problem = self.server.listen()
        if problem:
            self.problem = f"later starts cannot reach this window: {problem}"
            _log.warning("%s", self.problem)

    def lock_holder_host(self) -> str:
        """The host name recorded in the lock file ("" when unreadable)."""
        _pid, host, _app = self._lock.getLockInfo()  # (0, "", "") when unreadable
        return str(host)

    def hand_off(self, files: Sequence[Path]) -> HandOffResult:
        """Send `files` (made absolute here) to the running Hearth of this profile."""
        absolute = tuple(Path(f).absolute() for f in files)
        if sys.platform == "win32":
            _allow_foreground_switch()
        result = send_request(self.name, OpenRequest(absolute), self.answer_timeout_ms)
        _log.info(
            "handing %d file(s) to the running Hearth: %s %s",
            len(absolute),
            result.outcome.value,
            result.detail,
        )
        return result

    def serve(self, handler: RequestHandler) -> None:
        if self.server is not None:
            self.server.set_handler(handler)

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        if self._lock.isLocked():
            self._lock.unlock()


def _allow_foreground_switch() -> None:
    """Windows lets only the foreground process bring a window to the front: pass that on."""
    import ctypes

    asfw_any = -1
    with contextlib.suppress(AttributeError, OSError):
        ctypes.windll.user32.AllowSetForegroundWindow(asfw_any)  # type: ignore[attr-defined]


def hand_off_and_exit_code(instance: SingleInstance, files: Sequence[Path]) -> int:
    """A second start: pass the files on; say so plainly when the first does not answer."""
    result = instance.hand_off(files)
    if result.outcome is HandOff.DELIVERED:
        return 0
    if result.outcome is HandOff.NO_ANSWER:
        text = tr(
            "Hearth is already running with this profile but did not respond within "
            "{seconds} seconds, so nothing was opened here "
            "(a second Hearth would load a second copy of the model).\n\n"
            "If Hearth is frozen, close it (or end it in your task manager) and try again."
        ).format(seconds=instance.answer_timeout_ms // 1000)
    else:
        text = tr(
            "Hearth is already running with this profile but could not take this request: "
            "{detail}.\n\nClose it and try again."
        ).format(detail=result.detail)
    if QApplication.instance() is None:
        application = QApplication([sys.argv[0]])
        application.setApplicationName("Hearth")
    QMessageBox.warning(None, tr("Hearth is already running"), text)
    return 1


def bring_to_front(window: QWidget) -> None:
    if window.isMinimized():
        window.setWindowState(
            (window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
        )
    window.show()
    window.raise_()
    window.activateWindow()
    modal = QApplication.activeModalWidget()
    if modal is not None:
        modal.raise_()
        modal.activateWindow()


def open_in_window(
    window: QWidget,
    open_files: Callable[[list[Path]], object],
    idle_lock: Callable[[], IdleLock | None],
) -> RequestHandler:
    """What the running window does with a later start's request: come to the front, then
    open the files (behind the idle lock's screen, only once it is unlocked)."""

    def handle(request: OpenRequest) -> None:
        bring_to_front(window)
        files = [path for path in request.files if path.is_file()]
        if not files:
            return
        lock = idle_lock()
        if lock is not None and lock.is_locked:
            lock.unlocked.connect(lambda: open_files(files), Qt.ConnectionType.SingleShotConnection)
        else:
            open_files(files)

    return handle
