"""Waiting for the inference thread from a GUI test without starving it.

pytest-qt's `waitUntil` polls with `QTest.qWait`, which keeps Python's GIL while it waits; the
InferenceWorker thread then gets the GIL only between polls and decodes about four times slower
(measured: 28 vs 115 tok/s), and on a busy machine tests time out. A real `QEventLoop.exec()`,
like the app's own event loop, releases the GIL while it waits.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QTimer

POLL_MS = 20


def wait_until(condition: Callable[[], object], *, timeout_ms: int) -> None:
    deadline = time.monotonic() + timeout_ms / 1000
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"condition not met within {timeout_ms} ms")
        loop = QEventLoop()
        QTimer.singleShot(POLL_MS, loop.quit)
        loop.exec()
