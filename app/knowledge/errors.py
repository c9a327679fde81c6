"""Why a document could not be indexed, in words a user can act on.

Every message names the file (shown safely: see app/file_names.shown_file_name), says what
happened in plain words and what to do next. A parser library's exception text ("startxref
not found", "Bad CRC-32") is for the log, never for the message: `damaged_file_error` is the
one place that turns such an exception into a DocumentError. `kind` is a stable code for
front ends and tests.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Literal

from app.file_names import shown_file_name

_log = logging.getLogger(__name__)

ProblemKind = Literal[
    "not_found",
    "unreadable",
    "unsupported",
    "too_large",
    "zip_bomb",
    "encrypted",
    "corrupt",
    "binary",
    "encoding",
    "empty",
    "timeout",
    "cancelled",
]

# What a user can do about a file its parser rejects, by format (the app that makes it).
_RESAVE_IN: dict[str, str] = {
    "pdf": "open it in a PDF viewer and save or print it again as a PDF",
    "docx": "open it in Word or LibreOffice and save a new copy",
    "xlsx": "open it in Excel or LibreOffice and save a new copy",
    "pptx": "open it in PowerPoint or LibreOffice and save a new copy",
    "odt": "open it in LibreOffice and save a new copy",
    "rtf": "open it in a word processor and save a new copy",
    "eml": "save the message again from your mail program",
}


class DocumentError(Exception):
    """A document that could not be read or indexed; `str(error)` is the message for the user."""

    def __init__(self, path: Path | str, problem: str, *, kind: ProblemKind) -> None:
        self.path = Path(path)
        self.kind: ProblemKind = kind
        self.problem = problem
        super().__init__(f"{shown_file_name(self.path.name)}: {problem}")


class ExtractionCancelled(DocumentError):
    """The user cancelled while this file was being read; not a fault of the file."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(path, "indexing was cancelled", kind="cancelled")


def resave_advice(fmt: str) -> str:
    """What to do with a damaged file of this format, as the end of a sentence."""
    return _RESAVE_IN.get(fmt, "open it in the app that made it and save a new copy")


def damaged_file_error(
    path: Path, fmt: str, cause: BaseException, *, problem: str = ""
) -> DocumentError:
    """A parser's exception on `path`, as a message the user can act on. The exception itself
    (type, text, traceback) goes to the log; `problem` replaces the default first half
    ("this PDF file is damaged or uses features Hearth cannot read")."""
    _log.warning(
        "reading %s as %s failed: %s: %s", path, fmt, type(cause).__name__, str(cause).strip()
    )
    _log.debug("where reading %s failed", path, exc_info=cause)
    what = problem or f"this {fmt.upper()} file is damaged or uses features Hearth cannot read"
    error = DocumentError(path, f"{what}; {resave_advice(fmt)}, then add that copy", kind="corrupt")
    error.__cause__ = cause
    return error


def unreadable_file_error(path: Path, cause: OSError) -> DocumentError:
    """The system refused to read `path` (permissions, a vanished drive...)."""
    _log.warning("cannot read %s: %s", path, cause)
    if isinstance(cause, PermissionError):
        problem = "you do not have permission to read it; check its permissions or copy it"
    else:
        problem = "the file cannot be read; check that it still exists and its drive is connected"
    error = DocumentError(path, problem, kind="unreadable")
    error.__cause__ = cause
    return error
