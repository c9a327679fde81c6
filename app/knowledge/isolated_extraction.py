"""Extraction in a child process: a hard time limit, and no load on the caller's interpreter.

The in-process deadline (limits.Deadline) is cooperative: it cannot stop a parser stuck inside
one library call. Here the parser runs in a long-lived child process that is killed when it
overruns, then restarted for the next file. The child also keeps the parsers' CPU work and
garbage-collection pauses off the GUI process's GIL, and on POSIX caps its own memory so a
decompression bomb that slips past the zip checks fails there instead of in Hearth.

A frozen (PyInstaller) build must call `multiprocessing.freeze_support()` first thing in main.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import sys
import threading
import time
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from app.knowledge.errors import DocumentError, ExtractionCancelled, resave_advice
from app.knowledge.formats import FORMATS
from app.knowledge.limits import ExtractionLimits, PageProgress
from app.knowledge.ocr.runtime import activate_ocr_component
from app.knowledge.sections import ExtractedDocument

_log = logging.getLogger(__name__)

# Seconds the child may run past the cooperative limit before it is killed.
GRACE_S = 5.0
CHILD_MEMORY_BYTES = 4 * 1024**3
_POLL_S = 0.05
_MAX_CHILD_LOG_LINES = 20
_MAX_CHILD_LOG_CHARS = 500


def _serve(
    requests: Connection, replies: Connection, memory_bytes: int
) -> None:  # pragma: no cover - runs in the child
    if sys.platform != "win32":
        import resource

        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    # The child has no log file: its warnings (a parser's complaint, why a file was refused)
    # travel back with each reply and are logged by the parent. Without this handler Python
    # would print them, tracebacks and all, on the terminal the CLI user is reading.
    collected = _CollectedWarnings()
    logging.getLogger().addHandler(collected)
    while True:
        try:
            request = requests.recv()
        except EOFError:
            return
        if request is None:
            return
        path, limits, wants_progress = request
        # Before the readers are imported (they import Pillow): see activate_ocr_component.
        activate_ocr_component(limits)
        from app.knowledge.extractors.dispatch import MEMORY_PROBLEM, extract_document

        def progress(page: int, pages: int) -> None:
            replies.send(("progress", page, pages))

        try:
            document = extract_document(
                Path(path), limits=limits, progress=progress if wants_progress else None
            )
            replies.send(("ok", document, collected.take()))
        except DocumentError as exc:
            replies.send(("error", exc.problem, exc.kind, collected.take()))
        except MemoryError:
            replies.send(("error", MEMORY_PROBLEM, "too_large", collected.take()))


class _CollectedWarnings(logging.Handler):
    """The child's WARNING+ log lines since the last reply (a few, each capped)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self._lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self._lines) < _MAX_CHILD_LOG_LINES:
            self._lines.append(f"{record.name}: {record.getMessage()}"[:_MAX_CHILD_LOG_CHARS])

    def take(self) -> list[str]:
        lines, self._lines = self._lines, []
        return lines


class IsolatedExtractor:
    """A drop-in `Extractor` for DocumentIndexer / KnowledgeBase. Not thread-safe: one indexing
    thread owns it. Call `close()` when done (or use it as a context manager)."""

    def __init__(
        self, *, hard_timeout_s: float | None = None, memory_bytes: int = CHILD_MEMORY_BYTES
    ) -> None:
        self._context = multiprocessing.get_context("spawn")
        self._hard_timeout_s = hard_timeout_s
        self._memory_bytes = memory_bytes
        self._process: BaseProcess | None = None
        self._requests: Connection | None = None
        self._replies: Connection | None = None

    def __call__(
        self,
        path: Path,
        *,
        limits: ExtractionLimits | None = None,
        cancel: threading.Event | None = None,
        progress: PageProgress | None = None,
    ) -> ExtractedDocument:
        if cancel is not None and cancel.is_set():  # as the in-process reader: not even started
            raise ExtractionCancelled(path)
        limits = limits or ExtractionLimits()
        requests, replies = self._ensure_started()
        timeout = (
            self._hard_timeout_s
            if self._hard_timeout_s is not None
            else limits.max_seconds + GRACE_S
        )
        ends = time.monotonic() + timeout
        # Always asked for: each OCR page's progress also extends the hard limit below.
        requests.send((str(path), limits, True))
        while True:
            reply = self._next_reply(path, replies, cancel, ends, timeout)
            if reply[0] != "progress":
                break
            # An OCR page starts: it has its own allowance (ExtractionLimits.ocr_seconds_per_page)
            # past the file's limit, as the child's deadline does.
            ends = max(ends, time.monotonic() + limits.ocr_seconds_per_page + GRACE_S)
            if progress is not None:
                progress(reply[1], reply[2])
        for line in reply[-1]:
            _log.warning("document reader: %s", line)
        if reply[0] == "ok":
            document: ExtractedDocument = reply[1]
            return document
        raise DocumentError(path, reply[1], kind=reply[2])

    def _next_reply(
        self,
        path: Path,
        replies: Connection,
        cancel: threading.Event | None,
        ends: float,
        timeout: float,
    ) -> Any:
        """The child's next message: a page's progress, or the file's result."""
        while not replies.poll(_POLL_S):
            if cancel is not None and cancel.is_set():
                self._kill()
                raise ExtractionCancelled(path)
            if time.monotonic() > ends:
                self._kill()
                raise DocumentError(
                    path,
                    f"reading it took longer than {timeout:.0f} s and was stopped; the file "
                    "may be damaged or too complex. Split it into smaller files, or save a "
                    "simpler copy from its app, and add that",
                    kind="timeout",
                )
            if self._process is not None and not self._process.is_alive():
                break
        try:
            return replies.recv()
        except (EOFError, OSError) as exc:
            self._kill()
            advice = resave_advice(FORMATS.get(path.suffix.lower(), ""))
            raise DocumentError(
                path,
                "reading it crashed the document reader; the file may be damaged. "
                f"{advice[0].upper()}{advice[1:]}, then add that copy",
                kind="corrupt",
            ) from exc

    def close(self) -> None:
        if self._requests is not None and self._process is not None and self._process.is_alive():
            with contextlib.suppress(OSError):
                self._requests.send(None)
            self._process.join(timeout=2)
        self._kill()

    def __enter__(self) -> IsolatedExtractor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _ensure_started(self) -> tuple[Connection, Connection]:
        if (
            self._process is not None
            and self._process.is_alive()
            and self._requests is not None
            and self._replies is not None
        ):
            return self._requests, self._replies
        self._kill()
        # Two one-way pipes, not a duplex Pipe: that one is a socket pair, and Hearth opens
        # no socket of any kind unless the user asks for the network.
        request_reader, request_writer = self._context.Pipe(duplex=False)
        reply_reader, reply_writer = self._context.Pipe(duplex=False)
        process = self._context.Process(
            target=_serve,
            args=(request_reader, reply_writer, self._memory_bytes),
            daemon=True,
            name="hearth-extractor",
        )
        process.start()
        request_reader.close()
        reply_writer.close()
        self._process, self._requests, self._replies = process, request_writer, reply_reader
        return request_writer, reply_reader

    def _kill(self) -> None:
        process, self._process = self._process, None
        ends = (self._requests, self._replies)
        self._requests = self._replies = None
        if process is not None and process.is_alive():
            process.kill()
        if process is not None:
            process.join(timeout=5)
        for end in ends:
            if end is not None:
                end.close()
