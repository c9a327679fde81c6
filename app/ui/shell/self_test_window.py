"""`hearth --self-test`: open the real main window, then run the Qt-free checks, then exit.

This is what an installer's CI (and a user asked by support) runs on the frozen build: it proves
that the Qt platform plugin loads (xcb, wayland, cocoa, windows or offscreen), that the SVG icon
and the data files were bundled, that the main window builds and is exposed, that SQLite works
and that llama.cpp's libraries load and generate. It measures the cold start: seconds from the
process's creation (as the OS recorded it) to the window being exposed.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psutil
from PySide6.QtCore import QCoreApplication, QEventLoop, qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from app.config import Paths
from app.core import Core
from app.resources import resource_path
from app.self_test import (
    CheckResult,
    SelfTestReport,
    default_report_path,
    environment_facts,
    publish_report,
    run_core_checks,
    timed_check,
)
from app.ui.common.engine_bridge import EngineBridge
from app.ui.shell.main_window import MainWindow
from app.ui.shell.single_instance_check import single_instance_check

EXPOSE_TIMEOUT_S = 20.0
# Data files the app reads at run time: missing ones mean the bundle's `datas` are incomplete.
REQUIRED_RESOURCES = (
    ("icons", "hearth.svg"),
    ("icons", "lucide", "LICENSE.txt"),
    ("catalog.json",),
    ("templates",),
)


@dataclass(frozen=True)
class SelfTestOptions:
    report_path: Path | None = None  # default: <cache dir>/self-test.json
    model_path: Path | None = None  # default: the profile's default model, else the starter file


def process_age_s() -> float:
    """Seconds since the OS created this process: the cold-start clock includes the frozen
    bootloader and interpreter start-up, which no timer inside Python can see."""
    return max(0.0, time.time() - psutil.Process().create_time())


def wait_for_exposure(window: QWidget, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        handle = window.windowHandle()
        if window.isVisible() and handle is not None and handle.isExposed():
            return True
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)
    return False


def resources_check() -> CheckResult:
    missing = [str(resource_path(*parts)) for parts in REQUIRED_RESOURCES]
    missing = [path for path in missing if not Path(path).exists()]
    icon = QIcon(str(resource_path("icons", "hearth.svg")))
    # A null pixmap means the SVG icon engine / image format plugin was not bundled.
    icon_renders = not icon.pixmap(64, 64).isNull()
    problems = [f"missing {path}" for path in missing]
    if not icon_renders:
        problems.append("the SVG icon does not render (Qt's svg plugins are missing)")
    return CheckResult(
        name="resources",
        ok=not problems,
        detail="; ".join(problems) or "data files present, SVG icon renders",
    )


# The composition root's (app/bootstrap.py) ways to open the profile and to build the window.
CoreOpener = Callable[[Paths], Core]
WindowOpener = Callable[[QApplication, Core], tuple[MainWindow, EngineBridge]]


class WindowedSelfTest:
    """Checks the window as bootstrap builds it for the app, minus loading the default model."""

    def __init__(
        self, app: QApplication, core: Core, options: SelfTestOptions, open_window: WindowOpener
    ) -> None:
        self.app = app
        self.core = core
        self.options = options
        self._open_window = open_window
        self.window: MainWindow | None = None
        self.bridge: EngineBridge | None = None

    def open_window(self) -> CheckResult:
        self.window, self.bridge = self._open_window(self.app, self.core)
        self.window.show()
        exposed = wait_for_exposure(self.window, EXPOSE_TIMEOUT_S)
        shown_after = process_age_s()
        if exposed and self.options.report_path is not None:
            self.options.report_path.parent.mkdir(parents=True, exist_ok=True)
            self.window.grab().save(str(self.options.report_path.with_suffix(".png")))
        return CheckResult(
            name="window",
            ok=exposed,
            detail=(
                f"main window exposed {shown_after:.2f} s after process start"
                if exposed
                else f"main window not exposed within {EXPOSE_TIMEOUT_S:.0f} s"
            ),
            data={"cold_start_to_window_s": round(shown_after, 3)},
        )

    def first_run_screen(self) -> CheckResult:
        """Go through the first-run screen as a new user meets it: shown over the window, its
        screenshot saved beside the report, then closed with "Not now" (the profile's
        "first_run_dismissed" setting is left as it was)."""
        window = self.window
        if window is None:
            return CheckResult("first-run", ok=False, detail="no main window to show it over")
        due = window.first_run.due()
        screen = window.first_run.open(first_start=True)  # as at start, shown now
        exposed = wait_for_exposure(screen, EXPOSE_TIMEOUT_S)
        screenshot = first_run_screenshot_path(self.options.report_path)
        # The report's folder may not exist yet: the report itself is written last.
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        saved = exposed and screen.grab().save(str(screenshot))
        card = screen.card
        speed = screen.speed_for(card.entry) if card is not None else None
        screen.reject()
        QCoreApplication.processEvents()
        closed = not screen.isVisible()
        recommended = card.entry.id if card is not None else None
        problems = [
            text
            for failed, text in (
                (not exposed, f"not exposed within {EXPOSE_TIMEOUT_S:.0f} s"),
                (exposed and not saved, f"its screenshot could not be saved to {screenshot}"),
                (not closed, "it did not close"),
            )
            if failed
        ]
        return CheckResult(
            name="first-run",
            ok=not problems,
            detail="; ".join(problems)
            or f"shown ({'due at start' if due else 'not due at start'}), recommends "
            f"{recommended or 'nothing'}, closed",
            data={
                "screenshot": str(screenshot) if saved else None,
                "due_at_start": due,
                "recommended": recommended,
                "estimated_words_per_s": round(speed.words_per_s, 1) if speed else None,
                "starter_problem": screen.facts.starter_problem,
            },
        )

    def close(self) -> None:
        if self.window is not None:
            self.window.close()
        if self.bridge is not None:
            self.bridge.shutdown()
        self.core.close()


def first_run_screenshot_path(report_path: Path | None) -> Path:
    """ "<report>-first-run.png" beside the report."""
    report = report_path if report_path is not None else Path("self-test.json")
    return report.with_name(f"{report.stem}-first-run.png")


def run_windowed_self_test(
    options: SelfTestOptions, *, open_core: CoreOpener, open_window: WindowOpener
) -> int:
    """Run every check, publish the report, return the exit status (0 passed, 1 failed)."""
    entered_main_s = process_age_s()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    app.setApplicationName("Hearth")
    paths = Paths.resolve()
    report = SelfTestReport(environment=environment_facts())
    report.environment.update(
        qt_version=qVersion(),
        qt_platform=QApplication.platformName(),
        data_dir=str(paths.data_dir),
        entered_main_s=round(entered_main_s, 3),
    )
    report_path = options.report_path or default_report_path(paths.cache_dir)
    options = SelfTestOptions(report_path=report_path, model_path=options.model_path)
    report.add(timed_check("resources", resources_check))
    report.add(timed_check("single instance", single_instance_check))
    try:
        core = open_core(paths)
    except Exception as exc:  # the report must name any failure, whatever its type
        report.add(CheckResult("database", ok=False, detail=f"cannot open: {exc}"))
        publish_report(report, report_path)
        return 1
    session = WindowedSelfTest(app, core, options, open_window)
    try:
        window = report.add(timed_check("window", session.open_window))
        report.environment["cold_start_to_window_s"] = window.data.get("cold_start_to_window_s")
        if window.ok:
            first_run = report.add(timed_check("first-run", session.first_run_screen))
            report.environment["first_run_screenshot"] = first_run.data.get("screenshot")
        run_core_checks(core, report, options.model_path)
    finally:
        session.close()
    publish_report(report, report_path)
    return 0 if report.ok else 1
