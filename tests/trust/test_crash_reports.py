"""No silent crash: real processes die hard or raise, and the next start finds out, once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.config import Paths
from app.crash_reports import FAULT_FILE, SESSION_FILE, STDERR_FILE

from .crash_startup_child import QT_WARNING
from .gui_process import REPO_ROOT, GuiProcess, fresh_profile

CHILD_TIMEOUT_S = 120
PREVIOUS_SESSION = "the previous session"


def run_child(mode: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.trust.crash_startup_child", mode, str(home)],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_S,
    )


def inspect(home: Path) -> dict[str, Any] | None:
    """Start as the next run would; what it found out about the last one."""
    done = run_child("inspect", home)
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] | None = json.loads(done.stdout)["previous"]
    return found


@pytest.mark.parametrize(
    ("mode", "signal_number"), [("segfault", signal.SIGSEGV), ("abort", signal.SIGABRT)]
)
def test_a_hard_crash_leaves_a_report_that_the_next_start_finds_once(
    tmp_path: Path, mode: str, signal_number: int
) -> None:
    home = tmp_path / "home"
    crashed = run_child(mode, home)
    assert crashed.returncode == -signal_number
    log_dir = Paths.resolve(home).log_dir
    assert "Fatal Python error" in (log_dir / FAULT_FILE).read_text()

    found = inspect(home)
    assert found is not None and found["crashed"] and not found["ended_cleanly"]
    report = Path(found["fault_report"])
    assert report.parent == log_dir and report.name.startswith("crash-")
    text = report.read_text()
    assert "version: test" in text and "Fatal Python error" in text
    assert "crash_startup_child.py" in text  # the stack of the thread that crashed
    assert report.name in found["summary"] and "quit unexpectedly" in found["summary"]
    assert (log_dir / FAULT_FILE).read_text() == ""  # consumed; this run's file is fresh

    assert inspect(home) is None  # said once, not again
    assert report.exists()  # the report stays for support
    assert not (log_dir / SESSION_FILE).exists()


def test_unhandled_exceptions_and_qt_warnings_reach_the_log_and_are_mentioned_once(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    done = run_child("exceptions", home)
    assert done.returncode == 0, done.stderr
    log = Paths.resolve(home).log_file.read_text()
    assert "CRITICAL app.crash_reports: unhandled RuntimeError in worker" in log
    assert "CRITICAL app.crash_reports: unhandled ValueError" in log
    assert 'raise RuntimeError("a worker failed")' in log  # with the traceback
    assert f"WARNING qt: {QT_WARNING}" in log

    found = inspect(home)
    assert found is not None
    assert found["ended_cleanly"] and not found["crashed"] and found["exceptions"] == 2
    assert "unexpected error" in found["summary"]
    assert "ValueError in the main thread" in found["summary"]  # the last one
    assert inspect(home) is None


@pytest.fixture
def processes() -> Iterator[list[GuiProcess]]:
    started: list[GuiProcess] = []
    yield started
    for process in started:
        process.stop()


def test_a_windowed_hearth_that_crashes_is_reported_at_the_next_start_only(
    tmp_path: Path, processes: list[GuiProcess]
) -> None:
    home = fresh_profile(tmp_path / "home")
    log_dir = Paths.resolve(home).log_dir
    windowed = GuiProcess(home, name="windowed", no_console=True)
    processes.append(windowed)
    windowed.wait_for_window()
    # No stderr: Python's streams were None, so they were given a file in the log folder.
    assert (log_dir / STDERR_FILE).exists()
    assert windowed.crash(signal.SIGSEGV) == -signal.SIGSEGV
    assert "Segmentation fault" in (log_dir / FAULT_FILE).read_text()

    after = GuiProcess(home, name="after")
    processes.append(after)
    after.wait_for_window(shown_before=1)
    assert after.log_text().count(PREVIOUS_SESSION) == 1
    assert len(list(log_dir.glob("crash-*.log"))) == 1
    assert after.terminate() == 0, after.printed()  # a clean exit leaves nothing to report
    assert not (log_dir / SESSION_FILE).exists()

    again = GuiProcess(home, name="again")
    processes.append(again)
    again.wait_for_window(shown_before=2)
    assert again.terminate() == 0, again.printed()
    assert again.log_text().count(PREVIOUS_SESSION) == 1  # still only the one report


def test_a_qt_platform_that_cannot_load_says_why_in_the_log(tmp_path: Path) -> None:
    # Before this, a missing X library (libxcb-cursor0) ended a desktop start with no trace.
    home = fresh_profile(tmp_path / "home")
    done = subprocess.run(
        [sys.executable, "-m", "app", "--gui"],
        cwd=REPO_ROOT,
        env={
            **os.environ,
            "PYTHONPATH": str(REPO_ROOT),
            "HEARTH_HOME": str(home),
            "QT_QPA_PLATFORM": "no-such-platform",
        },
        capture_output=True,
        timeout=CHILD_TIMEOUT_S,
    )
    assert done.returncode == -signal.SIGABRT
    paths = Paths.resolve(home)
    log = paths.log_file.read_text()
    assert 'Could not find the Qt platform plugin "no-such-platform"' in log
    assert "CRITICAL qt: This application failed to start" in log
    assert "make_application" in (paths.log_dir / FAULT_FILE).read_text()
