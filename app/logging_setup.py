"""Hearth's log: a rotating file in the user's log folder that never holds chat or document text.

Private text reaches the log only when debug logging is on. Two guards keep it out otherwise:

- code that logs user text wraps it in `Content(text)`: `log.debug("prompt: %s", Content(p))`;
  `ContentFilter` replaces it with its length unless debug logging is on;
- as a safety net for text logged without that wrapper, any string argument longer than
  `MAX_PLAIN_ARG_CHARS` is replaced too (paths, ids and error summaries are short; a chat
  message or a document's text usually is not), and every line is capped at `MAX_LINE_CHARS`.

`RecentProblems` keeps the last WARNING+ lines (already scrubbed) for "Copy diagnostics".
"""

from __future__ import annotations

import collections
import logging
import logging.handlers
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Final, TextIO

from app.config import Paths

LOG_FORMAT: Final = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_FILE_BYTES: Final = 2 * 1024 * 1024
LOG_BACKUPS: Final = 3
MAX_PLAIN_ARG_CHARS: Final = 300
MAX_LINE_CHARS: Final = 2000
RECENT_CAPACITY: Final = 50
DEBUG_ENV: Final = "HEARTH_DEBUG_LOG"
# Libraries that narrate routine work at INFO: fontTools writes a line per glyph table each time
# a PDF export subsets a font (149 lines for one document), burying the lines that matter.
QUIET_LIBRARIES: Final = ("fontTools", "fpdf")


class Content:
    """User text (a message, a document, a prompt) passed to a log call as an argument."""

    __slots__ = ("text",)

    def __init__(self, text: object) -> None:
        self.text = str(text)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return repr(self.text)


def hidden(text: str) -> str:
    return f"<text hidden: {len(text)} chars>"


class ContentFilter(logging.Filter):
    """Hides user text in records unless `debug` is set (switchable while the app runs)."""

    def __init__(self, *, debug: bool = False) -> None:
        super().__init__()
        self.debug = debug

    def _scrub(self, value: object) -> object:
        if isinstance(value, Content):
            return value.text if self.debug else hidden(value.text)
        if not self.debug and isinstance(value, str) and len(value) > MAX_PLAIN_ARG_CHARS:
            return hidden(value)
        return value

    def filter(self, record: logging.LogRecord) -> bool:
        # Handlers share the record: replace the args with scrubbed copies, never mutate them.
        if isinstance(record.args, tuple):
            record.args = tuple(self._scrub(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: self._scrub(arg) for key, arg in record.args.items()}
        if not record.args and isinstance(record.msg, Content | str):
            scrubbed = self._scrub(record.msg)
            record.msg = scrubbed if isinstance(scrubbed, str) else str(scrubbed)
        if not self.debug:
            text = record.getMessage()
            if len(text) > MAX_LINE_CHARS:
                record.msg = text[:MAX_LINE_CHARS] + f"… <{len(text) - MAX_LINE_CHARS} more chars>"
                record.args = ()
        return True


class RecentProblems(logging.Handler):
    """The last `capacity` WARNING+ lines of this run, formatted (for diagnostics)."""

    def __init__(self, capacity: int = RECENT_CAPACITY) -> None:
        super().__init__(level=logging.WARNING)
        self._lines: collections.deque[str] = collections.deque(maxlen=capacity)
        self._lock2 = threading.Lock()
        self.setFormatter(logging.Formatter(LOG_FORMAT))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except Exception:  # a broken log call must not break the app
            return
        with self._lock2:
            self._lines.append(line)

    def lines(self) -> list[str]:
        with self._lock2:
            return list(self._lines)


@dataclass
class LoggingSetup:
    """What `configure_logging` installed, so the app can switch debug and read recent lines."""

    content_filter: ContentFilter
    recent: RecentProblems
    log_file: Path | None  # None when the log folder could not be written
    problem: str | None  # why there is no log file, in one sentence

    def set_debug(self, debug: bool) -> None:
        self.content_filter.debug = debug
        logging.getLogger().setLevel(logging.DEBUG if debug else logging.INFO)


def debug_requested() -> bool:
    return os.environ.get(DEBUG_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def log_file_for(paths: Paths) -> Path:
    return paths.log_file


def configure_logging(
    paths: Paths,
    *,
    debug: bool | None = None,
    stream: TextIO | None = None,
    max_bytes: int = LOG_FILE_BYTES,
) -> LoggingSetup:
    """Send the root logger to a rotating file (and to `stream`, if given), scrubbed.

    Replaces handlers an earlier call installed. A log folder that cannot be written (read-only
    or full disk) does not stop the app: it logs to stderr instead and says why in `problem`.
    """
    debug = debug_requested() if debug is None else debug
    content_filter = ContentFilter(debug=debug)
    recent = RecentProblems()
    recent.addFilter(content_filter)
    formatter = logging.Formatter(LOG_FORMAT)
    handlers: list[logging.Handler] = [recent]
    log_file: Path | None = log_file_for(paths)
    problem: str | None = None
    try:
        assert log_file is not None
        log_file.parent.mkdir(parents=True, exist_ok=True)
        file_handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=max_bytes, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
    except OSError as exc:
        problem = f"cannot write the log file {log_file}: {exc.strerror or exc}"
        log_file = None
        # A windowed build may have no stderr at all: then there is nowhere to log.
        file_handler = (
            logging.StreamHandler(sys.stderr) if sys.stderr is not None else logging.NullHandler()
        )
    handlers.append(file_handler)
    if stream is not None:
        handlers.append(logging.StreamHandler(stream))
    for handler in handlers[1:]:
        handler.setFormatter(formatter)
        handler.addFilter(content_filter)
    reset_logging()
    root = logging.getLogger()
    for handler in handlers:
        handler._hearth = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    for library in QUIET_LIBRARIES:
        logging.getLogger(library).setLevel(logging.WARNING)
    setup = LoggingSetup(content_filter, recent, log_file, problem)
    if problem is not None:
        logging.getLogger(__name__).warning("%s; logging to stderr only", problem)
    return setup


def reset_logging() -> None:
    """Remove and close what `configure_logging` installed (at shutdown, and in tests)."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_hearth", False)]:
        root.removeHandler(handler)
        handler.close()
