"""The single-instance pieces over real local sockets, a real lock file and a real second process.

The whole app started twice is in tests/trust/test_single_instance_processes.py.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtNetwork import QLocalSocket
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox
from pytestqt.qtbot import QtBot

from app.config import Paths
from app.ui.security.idle_lock import IdleLock
from app.ui.shell.instance_protocol import HEADER, FrameReader, OpenRequest, encode, parse_reply
from app.ui.shell.single_instance import (
    LOCK_FILE_NAME,
    HandOff,
    InstanceServer,
    SingleInstance,
    hand_off_and_exit_code,
    open_in_window,
    send_request,
    server_name,
)
from app.ui.shell.single_instance_check import single_instance_check

from .event_wait import wait_until

REPO_ROOT = Path(__file__).resolve().parents[2]
WAIT_MS = 15_000

# A Hearth that took the profile and then froze: it listens, but its event loop never runs.
FROZEN_HOLDER = """
import sys, time
from PySide6.QtWidgets import QApplication
from app.config import Paths
from app.ui.shell.single_instance import SingleInstance
app = QApplication([])
instance = SingleInstance(Paths.resolve(sys.argv[1]))
claimed = instance.claim()
instance.listen()
print("claimed" if claimed else "refused", flush=True)
time.sleep(600)
"""


def test_the_socket_name_is_per_profile_short_and_plain(tmp_path: Path) -> None:
    one, other = Paths.resolve(tmp_path / "one"), Paths.resolve(tmp_path / "other")
    assert server_name(one) == server_name(Paths.resolve(tmp_path / "x" / ".." / "one"))
    assert server_name(one) != server_name(other)
    # On macOS the socket lands in $TMPDIR (about 50 characters) and the path must fit in 104.
    assert re.fullmatch(r"hearth-[0-9a-f]{20}", server_name(one))


def test_a_request_crosses_a_real_local_socket(qapp: QApplication) -> None:
    result = single_instance_check()
    assert result.ok, result.detail


def send_in_thread(name: str, payload: bytes) -> list[bytes]:
    """A raw client that writes `payload` and collects what comes back until hung up on."""
    answers: list[bytes] = []

    def talk() -> None:
        # Short waits: PySide keeps the GIL in waitFor*(), and the server runs in this process.
        socket = QLocalSocket()
        socket.connectToServer(name)
        assert socket.waitForConnected(WAIT_MS)
        socket.write(payload)
        received = b""
        deadline = time.monotonic() + WAIT_MS / 1000
        while time.monotonic() < deadline:
            if socket.bytesToWrite():
                socket.waitForBytesWritten(20)
            elif (
                not socket.waitForReadyRead(20)
                and not socket.bytesAvailable()
                and socket.state() != QLocalSocket.LocalSocketState.ConnectedState
            ):
                break
            received += bytes(socket.readAll().data())
        answers.append(received)

    thread = threading.Thread(target=talk, daemon=True)
    thread.start()
    wait_until(lambda: not thread.is_alive(), timeout_ms=2 * WAIT_MS)
    return answers


@pytest.fixture
def server(qapp: QApplication, tmp_path: Path) -> Iterator[InstanceServer]:
    server = InstanceServer(server_name(Paths.resolve(tmp_path / "profile")))
    assert server.listen() is None
    yield server
    server.close()


def test_junk_gets_an_error_answer_and_the_server_keeps_serving(
    server: InstanceServer, tmp_path: Path
) -> None:
    received: list[OpenRequest] = []
    server.set_handler(received.append)
    junk = b"not json"
    (answer,) = send_in_thread(server.name, HEADER.pack(len(junk)) + junk)
    (reply,) = [parse_reply(m) for m in FrameReader().feed(answer)]
    assert not reply.ok and "not UTF-8 JSON" in reply.detail
    assert received == []

    request = OpenRequest((tmp_path / "report.pdf",))
    (answer,) = send_in_thread(server.name, encode(request.to_message()))
    assert [parse_reply(m).ok for m in FrameReader().feed(answer)] == [True]
    wait_until(lambda: received == [request], timeout_ms=WAIT_MS)


def test_requests_wait_for_the_window_and_arrive_in_order(
    server: InstanceServer, tmp_path: Path
) -> None:
    first = OpenRequest((tmp_path / "a.hearth",))
    second = OpenRequest((tmp_path / "b.gguf", tmp_path / "c.docx"))
    for request in (first, second):
        send_in_thread(server.name, encode(request.to_message()))
    QApplication.processEvents()  # the requests are queued for delivery after the answer
    delivered: list[OpenRequest] = []
    server.set_handler(delivered.append)  # the window exists now
    assert delivered == [first, second]


@pytest.fixture
def frozen_holder(tmp_path: Path) -> Iterator[Path]:
    home = tmp_path / "home"
    holder = subprocess.Popen(
        [sys.executable, "-c", FROZEN_HOLDER, str(home)],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "claimed"
        yield home
    finally:
        holder.kill()
        holder.wait()


def test_a_first_hearth_that_does_not_answer_is_reported_not_bypassed(
    qapp: QApplication, frozen_holder: Path, tmp_path: Path
) -> None:
    document = tmp_path / "letter.txt"
    document.write_text("Dear Ms Okafor,\n")
    second = SingleInstance(Paths.resolve(frozen_holder), answer_timeout_ms=1500)
    assert not second.claim()  # the lock is held by a live process: no second Hearth
    result = second.hand_off([document])
    assert result.outcome is HandOff.NO_ANSWER, result

    shown: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        shown.append(box.text())
        box.done(0)

    QTimer.singleShot(2500, read_and_close)
    assert hand_off_and_exit_code(second, [document]) == 1
    assert shown and "already running" in shown[0] and "did not respond" in shown[0]


def test_the_lock_goes_when_the_first_hearth_quits(qapp: QApplication, tmp_path: Path) -> None:
    paths = Paths.resolve(tmp_path / "home")
    first = SingleInstance(paths)
    assert first.claim()
    assert not SingleInstance(paths).claim()
    first.release()
    after = SingleInstance(paths)
    assert after.claim()
    after.release()


def test_a_later_start_brings_the_window_back_and_opens_its_files(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    window.showMinimized()
    opened: list[list[Path]] = []
    document = tmp_path / "minutes.md"
    document.write_text("# Minutes\n")
    handle = open_in_window(window, opened.append, lambda: None)
    handle(OpenRequest((document, tmp_path / "gone.pdf")))
    assert not window.isMinimized()
    assert opened == [[document]]  # a file deleted in the meantime is left out


def test_files_handed_over_while_locked_open_only_after_unlocking(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    lock = IdleLock(window, lambda passphrase: passphrase == "open sesame", timeout_ms=60_000)
    lock.lock()
    opened: list[list[Path]] = []
    document = tmp_path / "contract.txt"
    document.write_text("Terms\n")
    open_in_window(window, opened.append, lambda: lock)(OpenRequest((document,)))
    assert opened == []
    screen = lock.screen
    assert screen is not None
    screen.passphrase.setText("open sesame")
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert opened == [[document]]
    lock.lock()
    lock.unlocked.emit()  # a second unlock does not open it again
    assert opened == [[document]]


def test_send_request_to_nobody_gives_up_with_the_reason(qapp: QApplication) -> None:
    result = send_request("hearth-nobody-listens-here", OpenRequest(()), timeout_ms=300)
    assert result.outcome is HandOff.NO_ANSWER and "cannot connect" in result.detail


def test_a_profile_locked_from_another_computer_still_opens(
    qapp: QApplication, tmp_path: Path
) -> None:
    # A profile on a network drive, locked by Hearth on another computer (perhaps one that
    # crashed): no local socket reaches that one, and its lock would never be found stale.
    paths = Paths.resolve(tmp_path / "home")
    paths.config_dir.mkdir(parents=True)
    (paths.config_dir / LOCK_FILE_NAME).write_text(f"{os.getpid()}\nhearth\nother-pc\n\n0\n")
    instance = SingleInstance(paths)
    assert instance.lock_holder_host() == "other-pc"
    assert instance.claim()
    assert instance.problem is not None and "locked by Hearth on other-pc" in instance.problem
