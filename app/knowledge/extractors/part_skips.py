"""Skipping one bad part of a document (a slide, sheet, header, attachment) and saying so.

A third-party parser can raise anything on one damaged part; that part is left out, the rest is
indexed, and the user gets one sentence naming what was left out (ExtractedDocument.notes).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from app.knowledge.errors import DocumentError

_log = logging.getLogger(__name__)


def is_part_failure(exc: BaseException) -> bool:
    """True for an error that concerns only the part being read. A deadline, a cancel or memory
    exhaustion concerns the whole document and must reach the caller."""
    return isinstance(exc, Exception) and not isinstance(exc, DocumentError | MemoryError)


def log_part_failure(what: str, exc: BaseException) -> None:
    # The library's own message is for the log only; the user reads the note.
    _log.info("skipped %s: %s", what, exc, exc_info=exc)


def listed(items: Sequence[str]) -> str:
    """Items joined as "2", "2 and 4" or "2, 4 and 7" (at most ten, then "and N more")."""
    shown = list(items[:10])
    rest = len(items) - len(shown)
    if rest > 0:
        return ", ".join(shown) + f" and {rest} more"
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def skipped_note(kind_singular: str, kind_plural: str, names: Sequence[str]) -> str:
    """'Slides 2 and 4 could not be read and were left out; the rest is indexed. …'"""
    noun = kind_singular if len(names) == 1 else kind_plural
    verb = "was" if len(names) == 1 else "were"
    return (
        f"{noun} {listed(names)} could not be read and {verb} left out; the rest is indexed. "
        "Re-saving the file in its original program may repair it."
    )
