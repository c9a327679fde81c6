"""Why a document could not be indexed, in words a user can act on.

Every message names the file. `kind` is a stable code for front ends and tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

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


class DocumentError(Exception):
    """A document that could not be read or indexed; `str(error)` is the message for the user."""

    def __init__(self, path: Path | str, problem: str, *, kind: ProblemKind) -> None:
        self.path = Path(path)
        self.kind: ProblemKind = kind
        self.problem = problem
        super().__init__(f"{self.path.name}: {problem}")


class ExtractionCancelled(DocumentError):
    """The user cancelled while this file was being read; not a fault of the file."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(path, "indexing was cancelled", kind="cancelled")
