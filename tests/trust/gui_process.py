"""The real Hearth GUI in a child process (`python -m app --gui`, offscreen), for tests that need
the app started more than once: a second start, a crash, the start after it."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from app.config import Paths

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 120  # a cold start on a busy 2-core machine
EXIT_TIMEOUT_S = 60
WINDOW_SHOWN = "window shown"


class GuiProcess:
    def __init__(self, home: Path, *args: str, name: str = "gui", no_console: bool = False) -> None:
        self.home = home
        self.paths = Paths.resolve(home)
        self.output = home.parent / f"{name}.out"
        env = {
            **os.environ,
            "HEARTH_HOME": str(home),
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHONPATH": str(REPO_ROOT),
        }
        with self.output.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "app", "--gui", *args],
                cwd=REPO_ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                # Like a windowed build started from the desktop: no stdout, no stderr at all
                # (Python then sets sys.stdout and sys.stderr to None).
                preexec_fn=_close_std_streams if no_console else None,
            )

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_text(self) -> str:
        try:
            return self.paths.log_file.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def printed(self) -> str:
        return self.output.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, condition: Callable[[], object], what: str, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while not condition():
            if self.process.poll() is not None:
                raise AssertionError(
                    f"Hearth exited ({self.process.returncode}) before {what}:\n{self.printed()}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(f"no {what} within {timeout_s} s:\n{self.printed()}")
            time.sleep(0.2)

    def wait_for_window(self, shown_before: int = 0) -> None:
        """Until the log says a window was shown (`shown_before` lines of it were there already)."""
        self.wait_for(
            lambda: self.log_text().count(WINDOW_SHOWN) > shown_before,
            "window",
            START_TIMEOUT_S,
        )

    def wait_exit(self, timeout_s: float = EXIT_TIMEOUT_S) -> int:
        try:
            return self.process.wait(timeout_s)
        except subprocess.TimeoutExpired as exc:
            self.process.kill()
            self.process.wait()
            raise AssertionError(
                f"Hearth did not exit within {timeout_s} s:\n{self.printed()}"
            ) from exc

    def terminate(self) -> int:
        """SIGTERM: Hearth closes its window as if the user had, and exits."""
        self.process.send_signal(signal.SIGTERM)
        return self.wait_exit()

    def crash(self, sig: signal.Signals = signal.SIGSEGV) -> int:
        self.process.send_signal(sig)
        return self.wait_exit()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def _close_std_streams() -> None:
    os.close(1)
    os.close(2)


def fresh_profile(home: Path) -> Path:
    """A profile that has been through the first-run screen, so the window opens directly."""
    paths = Paths.resolve(home)
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    paths.settings_file.write_text(json.dumps({"first_run_dismissed": True}), encoding="utf-8")
    return home


def documents_attached(paths: Paths) -> list[str]:
    """File names of the documents attached to any chat (read-only: the app may be running)."""
    if not paths.database.exists():
        return []
    uri = f"{paths.database.as_uri()}?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True, timeout=5)) as db:
            rows = db.execute(
                "SELECT d.file_name FROM conversation_documents AS cd "
                "JOIN documents AS d ON d.id = cd.document_id"
            ).fetchall()
    except sqlite3.OperationalError:  # the schema is still being created
        return []
    return [row[0] for row in rows]
