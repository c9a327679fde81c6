"""A child process that starts up with the GUI's real crash-capture code, then misbehaves.

`python -m tests.trust.crash_startup_child MODE HOME`:
- segfault / abort: die hard after starting up (faulthandler must catch it);
- exceptions: an unhandled exception in a Qt slot and one in a thread, a Qt warning, then a
  clean exit;
- inspect: start as the next run would and print what it found about the last run (JSON),
  then exit cleanly.
"""

from __future__ import annotations

import faulthandler
import json
import os
import sys
import threading
from dataclasses import asdict

from PySide6.QtCore import QTimer, qWarning
from PySide6.QtWidgets import QApplication

from app.config import Paths
from app.crash_reports import CrashWatch, ensure_std_streams
from app.logging_setup import configure_logging
from app.ui.shell.qt_messages import route_qt_messages_to_log

QT_WARNING = "hearth test: a Qt warning"


def _fail_in_a_slot() -> None:
    raise ValueError("a slot failed")


def _fail_in_a_thread() -> None:
    raise RuntimeError("a worker failed")


def main(mode: str, home: str) -> int:
    paths = Paths.resolve(home)
    stderr_was_none = sys.stderr is None
    ensure_std_streams(paths.log_dir)
    configure_logging(paths)
    app = QApplication([sys.argv[0]])
    restore_qt = route_qt_messages_to_log()
    watch = CrashWatch.start(paths.log_dir, version="test")
    if mode == "segfault":
        faulthandler._sigsegv()  # type: ignore[attr-defined]
    elif mode == "abort":
        os.abort()
    elif mode == "exceptions":
        worker = threading.Thread(target=_fail_in_a_thread, name="worker")
        worker.start()
        worker.join()
        qWarning(QT_WARNING)
        QTimer.singleShot(0, _fail_in_a_slot)
        QTimer.singleShot(100, app.quit)
        app.exec()
    elif mode == "inspect":
        previous = watch.previous
        report = None if previous is None else {**asdict(previous), "summary": previous.summary()}
        if report is not None and previous is not None:
            report["fault_report"] = str(previous.fault_report) if previous.fault_report else None
            report["crashed"] = previous.crashed
        print(json.dumps({"previous": report, "stderr_was_none": stderr_was_none}), flush=True)
    watch.finish()
    restore_qt()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
