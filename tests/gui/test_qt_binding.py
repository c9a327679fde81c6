"""Guards against a broken Qt binding that would crash the app long after start-up.

PySide6 6.12.0 on Python 3.11 returns None from every void C++ method without taking a
reference to it, so each call (label.setText, timer.start, ...) lowers None's reference count
by one; after some thousands of calls Python aborts with "none_dealloc: deallocating None".
Python 3.12+ makes None immortal, which hides the bug there. PySide6 6.11.3 is not affected.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

CALLS = 2000

# Run apart: on a broken binding the probe's interpreter aborts when it shuts down.
PROBE = f"""
import sys
from PySide6.QtCore import QObject, QTimer
subject, timer = QObject(), QTimer()
before = sys.getrefcount(None)
for _ in range({CALLS}):
    subject.setObjectName("hearth")
    timer.setInterval(5)
print(before - sys.getrefcount(None), flush=True)
"""


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_void_qt_calls_keep_none_alive() -> None:
    probe = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=False
    )
    lost = int(probe.stdout.split()[0])
    # A few references may come and go with the interpreter's own work; one per call may not.
    assert lost < CALLS // 10, (
        f"{lost} references to None lost in {2 * CALLS} void Qt calls: this PySide6 build "
        "crashes the app after a few thousand calls (use PySide6 6.11.x on Python 3.11)"
    )
    assert probe.returncode == 0, probe.stderr
