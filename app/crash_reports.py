"""No silent crash: what the GUI leaves in the log folder when it dies, and what the next start
finds there.

A run of the GUI keeps three things in the log folder:

- `faulthandler.log`, open for the whole run: Python's faulthandler writes the stack of every
  thread there when the process dies of a fatal signal (a crash in llama.cpp or Qt), which no
  Python code could log any more;
- `session.json`, written when the run starts and removed when it ends cleanly; it also counts
  unhandled exceptions (sys.excepthook and threading.excepthook, which also log the traceback);
- `stderr.log`, only where the process has no stderr (a windowed build on Windows or macOS).

The next start reads them once: a non-empty fault file is moved to `crash-<time>.log` (the newest
few are kept), the marker is replaced by this run's, and `CrashWatch.previous` says what happened
so the window can tell the user. Qt-free; the Qt message handler is in app/ui/shell/qt_messages.py.
"""

from __future__ import annotations

import contextlib
import faulthandler
import json
import logging
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Final, TextIO

from app.atomic_write import write_text_atomically

FAULT_FILE: Final = "faulthandler.log"
SESSION_FILE: Final = "session.json"
STDERR_FILE: Final = "stderr.log"
CRASH_REPORT_GLOB: Final = "crash-*.log"
KEEP_CRASH_REPORTS: Final = 5

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PreviousRun:
    """How the last run of the GUI ended, when it did not end well."""

    started: str | None  # local time, "YYYY-MM-DD HH:MM"; None when the marker was unreadable
    ended_cleanly: bool
    fault_report: Path | None  # the archived faulthandler output, when the process died hard
    exceptions: int  # unhandled exceptions recorded during that run
    last_exception: str | None  # its type and where it happened (no message: it may quote text)

    @property
    def crashed(self) -> bool:
        return self.fault_report is not None or not self.ended_cleanly

    def summary(self) -> str:
        """What happened, in words for the person using Hearth."""
        when = f" (started {self.started})" if self.started else ""
        if self.fault_report is not None:
            text = (
                f"Hearth quit unexpectedly the last time it ran{when}. "
                f"A crash report was saved as {self.fault_report.name} in the log folder."
            )
        elif not self.ended_cleanly:
            text = (
                f"Hearth did not close properly the last time it ran{when}: it may have crashed "
                "or been ended from outside, or the computer may have lost power."
            )
        else:
            text = f"Hearth ran into an unexpected error the last time it ran{when}."
        if self.exceptions:
            noun = "error" if self.exceptions == 1 else "errors"
            text += (
                f" It recorded {self.exceptions} unexpected {noun}; the last was "
                f"{self.last_exception or 'not named'}."
            )
        return text


def local_time_text(moment: datetime | None = None) -> str:
    return (moment or datetime.now()).strftime("%Y-%m-%d %H:%M")


def ensure_std_streams(log_dir: Path) -> TextIO | None:
    """Give a windowed process (no console: sys.stderr is None) a stderr, in the log folder.

    Without one, faulthandler cannot start, a logging fallback to stderr raises, and text that C
    libraries write to file descriptor 2 is lost. Returns the file opened, or None when the
    process already had both streams.
    """
    if sys.stderr is not None and sys.stdout is not None:
        return None
    target: TextIO
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        stderr_file = log_dir / STDERR_FILE
        if stderr_file.exists():
            os.replace(stderr_file, stderr_file.with_suffix(".previous.log"))
        # Open for the process's lifetime, as the stream it replaces would be.
        target = open(  # noqa: SIM115
            stderr_file, "w", encoding="utf-8", errors="backslashreplace", buffering=1
        )
    except OSError:
        target = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    for fd in (1, 2):
        try:
            os.fstat(fd)
        except OSError:
            # The descriptor is closed: put the file there, so C code writing to it reaches the
            # file and the next file Python opens does not land on it by accident.
            with contextlib.suppress(OSError):
                os.dup2(target.fileno(), fd)
    if sys.stderr is None:
        sys.stderr = target
    if sys.stdout is None:
        sys.stdout = target
    return target


class CrashWatch:
    """This run's crash capture: the open fault file, the session marker, the exception count."""

    def __init__(self, log_dir: Path, previous: PreviousRun | None) -> None:
        self.log_dir = log_dir
        self.previous = previous
        self.problem: str | None = None  # why crashes of this run cannot be recorded, if so
        self._fault_file: TextIO | None = None
        self._lock = threading.Lock()
        self._marker: dict[str, Any] = {}
        self._restore_hooks: Callable[[], None] | None = None

    @classmethod
    def start(cls, log_dir: Path, *, version: str, hooks: bool = True) -> CrashWatch:
        """Read what the last run left, then start recording this one.

        With `hooks`, sys.excepthook and threading.excepthook log into the rotating log too.
        Never raises for a folder it cannot write: it records `problem` and carries on.
        """
        try:
            log_dir.mkdir(parents=True, exist_ok=True)
            previous = inspect_previous_run(log_dir)
        except OSError as exc:
            watch = cls(log_dir, None)
            watch.problem = f"cannot use the log folder {log_dir}: {exc.strerror or exc}"
            _log.warning("crash reports are off: %s", watch.problem)
            return watch
        watch = cls(log_dir, previous)
        if previous is not None:
            _log.warning(
                "the previous session (started %s) %s; %d unhandled exception(s); report: %s",
                previous.started or "at an unknown time",
                "ended cleanly" if previous.ended_cleanly else "did not end cleanly",
                previous.exceptions,
                previous.fault_report.name if previous.fault_report else "none",
            )
        watch._begin(version)
        if hooks:
            watch._restore_hooks = install_exception_hooks(watch.record_exception)
        return watch

    def _begin(self, version: str) -> None:
        try:
            # Open until the run ends: faulthandler writes to its descriptor from a signal handler.
            self._fault_file = open(self.log_dir / FAULT_FILE, "w", encoding="utf-8")  # noqa: SIM115
            faulthandler.enable(file=self._fault_file, all_threads=True)
        except (OSError, RuntimeError) as exc:
            self.problem = f"cannot record crashes in {self.log_dir / FAULT_FILE}: {exc}"
            _log.warning("%s", self.problem)
        self._marker = {
            "pid": os.getpid(),
            "started": local_time_text(),
            "version": version,
            "clean": False,
            "exceptions": 0,
            "last_exception": None,
        }
        self._write_marker()

    def _write_marker(self) -> None:
        try:
            write_text_atomically(self.log_dir / SESSION_FILE, json.dumps(self._marker))
        except OSError as exc:
            _log.warning("cannot write the session marker: %s", exc.strerror or exc)

    def record_exception(self, description: str) -> None:
        """Count an unhandled exception (already logged), so the next start mentions it."""
        with self._lock:
            if not self._marker:
                return
            self._marker["exceptions"] = int(self._marker["exceptions"]) + 1
            self._marker["last_exception"] = description
            self._write_marker()

    def finish(self) -> None:
        """The run ends cleanly: no crash to report next time (unless exceptions were counted)."""
        if self._restore_hooks is not None:
            self._restore_hooks()
            self._restore_hooks = None
        if self._fault_file is not None:
            faulthandler.disable()
            self._fault_file.close()
            self._fault_file = None
        with self._lock:
            if not self._marker:
                return
            if self._marker["exceptions"]:
                self._marker["clean"] = True
                self._write_marker()
            else:
                (self.log_dir / SESSION_FILE).unlink(missing_ok=True)
            self._marker = {}


def inspect_previous_run(log_dir: Path) -> PreviousRun | None:
    """What the last run left behind, consumed: a second call finds nothing."""
    marker_path = log_dir / SESSION_FILE
    marker: dict[str, Any] | None = None
    marker_found = marker_path.exists()
    if marker_found:
        try:
            loaded = json.loads(marker_path.read_text(encoding="utf-8"))
            marker = loaded if isinstance(loaded, dict) else None
        except (OSError, ValueError):
            marker = None  # unreadable: the run that wrote it did not end cleanly either
        marker_path.unlink(missing_ok=True)
    fault_report = archive_fault_file(log_dir, marker)
    if not marker_found and fault_report is None:
        return None
    marker = marker or {}
    ended_cleanly = marker.get("clean") is True
    exceptions = marker.get("exceptions")
    exceptions = exceptions if isinstance(exceptions, int) and exceptions > 0 else 0
    if ended_cleanly and not exceptions and fault_report is None:
        return None
    started = marker.get("started")
    last = marker.get("last_exception")
    return PreviousRun(
        started=started if isinstance(started, str) else None,
        ended_cleanly=ended_cleanly,
        fault_report=fault_report,
        exceptions=exceptions,
        last_exception=last if isinstance(last, str) else None,
    )


def archive_fault_file(log_dir: Path, marker: dict[str, Any] | None) -> Path | None:
    """Move a non-empty fault file to crash-<time>.log (with what the marker knew); keep a few."""
    fault_file = log_dir / FAULT_FILE
    try:
        trace = fault_file.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return None
    if not trace.strip():
        return None
    stamp = datetime.fromtimestamp(fault_file.stat().st_mtime).strftime("%Y%m%d-%H%M%S")
    report = log_dir / f"crash-{stamp}.log"
    header = "Hearth crash report\n"
    if marker:
        header += "".join(f"{key}: {marker.get(key)}\n" for key in ("version", "pid", "started"))
    report.write_text(f"{header}\n{trace}", encoding="utf-8")
    fault_file.unlink()
    for old in sorted(log_dir.glob(CRASH_REPORT_GLOB))[:-KEEP_CRASH_REPORTS]:
        old.unlink(missing_ok=True)
    return report


ExceptionRecorder = Callable[[str], None]


def install_exception_hooks(record: ExceptionRecorder) -> Callable[[], None]:
    """Route unhandled exceptions (main thread, Qt slots, other threads) into the log.

    Returns a function that puts the previous hooks back.
    """
    previous_hook = sys.excepthook
    previous_thread_hook = threading.excepthook

    def excepthook(
        kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        if not issubclass(kind, KeyboardInterrupt):
            _log.critical("unhandled %s", kind.__name__, exc_info=(kind, value, tb))
            record(f"{kind.__name__} in the main thread")
        previous_hook(kind, value, tb)

    def thread_excepthook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return  # threading's own hook ignores it too: a thread may end that way
        name = args.thread.name if args.thread is not None else "a thread"
        exc_info = (args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)
        _log.critical("unhandled %s in %s", args.exc_type.__name__, name, exc_info=exc_info)
        record(f"{args.exc_type.__name__} in the thread {name}")
        previous_thread_hook(args)

    sys.excepthook = excepthook
    threading.excepthook = thread_excepthook

    def restore() -> None:
        sys.excepthook = previous_hook
        threading.excepthook = previous_thread_hook

    return restore
