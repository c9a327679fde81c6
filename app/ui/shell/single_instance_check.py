"""Self-test check: a request crosses a real local socket and is answered.

In a frozen build this proves that QtNetwork (QLocalServer/QLocalSocket) was bundled and works
on this system, which the hand-off of files from a second start depends on.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import uuid
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop

from app.self_test import CheckResult
from app.ui.shell.instance_protocol import OpenRequest
from app.ui.shell.single_instance import HandOff, HandOffResult, InstanceServer, send_request

CHECK_TIMEOUT_MS = 10_000


def single_instance_check() -> CheckResult:
    name = f"hearth-check-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    server = InstanceServer(name)
    problem = server.listen()
    if problem:
        return CheckResult("single instance", ok=False, detail=f"cannot listen: {problem}")
    received: list[OpenRequest] = []
    server.set_handler(received.append)
    sent = OpenRequest((Path(sys.executable).absolute(),))
    results: list[HandOffResult] = []
    # The sender blocks, as a second start does; the server answers from this thread's events.
    sender = threading.Thread(
        target=lambda: results.append(send_request(name, sent, CHECK_TIMEOUT_MS)), daemon=True
    )
    sender.start()
    deadline = time.monotonic() + CHECK_TIMEOUT_MS / 1000 + 2
    while (sender.is_alive() or not received) and time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.005)
    server.close()
    outcome = results[0] if results else HandOffResult(HandOff.NO_ANSWER, "sender did not end")
    ok = outcome.outcome is HandOff.DELIVERED and received == [sent]
    return CheckResult(
        "single instance",
        ok=ok,
        detail=(
            "a request crossed a local socket and was answered"
            if ok
            else f"hand-off {outcome.outcome.value} ({outcome.detail}); received {len(received)}"
        ),
    )
