"""Cold start to a painted window, measured from outside the process.

The parent records time.time() right before it spawns this script; this script runs the real
`app.bootstrap.run_gui` (so every step up to `window.show()` is exactly the app's) with its
MainWindow swapped for a subclass that only watches: when the window's first paint has been
processed it prints the wall-clock time and quits the event loop. The model load, which run_gui
schedules for after the first paint, runs on the worker thread meanwhile and is not waited for.

    HEARTH_HOME=... python bench/cold_start.py
"""

from __future__ import annotations

import json
import sys
import time


def main() -> int:
    started_at = time.time()
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    import app.bootstrap as bootstrap
    from app.core import Core
    from app.ui.common.engine_bridge import EngineBridge
    from app.ui.shell.main_window import MainWindow

    marks: dict[str, float] = {"script_started": started_at}

    class ProbeWindow(MainWindow):
        """The real MainWindow plus an application event filter that spots its first paint."""

        def __init__(self, core: Core, bridge: EngineBridge) -> None:
            marks["window_init"] = time.time()
            super().__init__(core, bridge)
            marks["window_built"] = time.time()
            self._painted = False
            instance = QApplication.instance()
            assert instance is not None
            instance.installEventFilter(self)

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                not self._painted
                and event.type() == QEvent.Type.Paint
                and isinstance(watched, QWidget)
                and watched.window() is self
            ):
                self._painted = True
                marks["first_paint_event"] = time.time()
                # The backing store paints the whole window in one pass; a zero timer fires
                # once that pass (and its flush) is done.
                QTimer.singleShot(0, self._report)
            return bool(super().eventFilter(watched, event))

        def _report(self) -> None:
            marks["painted"] = time.time()
            print("COLD_START " + json.dumps(marks), flush=True)
            QApplication.quit()

    # run_gui looks MainWindow up in its module when it runs: swap in the probe.
    setattr(bootstrap, "MainWindow", ProbeWindow)  # noqa: B010
    return bootstrap.run_gui([])


if __name__ == "__main__":
    sys.exit(main())
