"""Storage failures, told in plain words.

Everything the storage layer raises on purpose is a `StorageError`. Low-level failures (sqlite3,
SQLAlchemy, the file system) are turned into one by `to_storage_error` / `translate_errors`, so the
layers above can show the message to the user instead of a traceback; the original exception stays
attached as `__cause__` for the log.
"""

from __future__ import annotations

import errno
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from sqlalchemy.exc import DBAPIError

ProblemKind = Literal[
    "disk_full",
    "read_only",
    "locked",
    "corrupt",
    "cannot_open",
    "io_error",
    "conflict",
    "not_found",
    "too_new",
    "other",
]


class StorageError(Exception):
    """Something the storage layer could not do; `str(error)` is a sentence for the user."""

    def __init__(self, message: str, *, kind: ProblemKind = "other") -> None:
        super().__init__(message)
        self.message = message
        self.kind: ProblemKind = kind


class NotFoundError(StorageError):
    """The requested record does not exist (any more)."""

    def __init__(self, what: str, record_id: int | str) -> None:
        super().__init__(f"{what} {record_id} was not found", kind="not_found")
        self.what = what
        self.record_id = record_id


class SchemaTooNewError(StorageError):
    """The database was written by a newer Hearth; it is left untouched."""

    def __init__(self, found: int, supported: int, path: Path | None = None) -> None:
        where = f" ({path})" if path is not None else ""
        super().__init__(
            f"This database{where} was written by a newer Hearth (schema v{found}); "
            f"this version understands up to v{supported}. Update Hearth to open it; "
            "the file was not changed.",
            kind="too_new",
        )
        self.found = found
        self.supported = supported


# SQLite primary result codes (https://www.sqlite.org/rescode.html).
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_CONSTRAINT = 19
_SQLITE_NOTADB = 26

_CODE_KINDS: dict[int, ProblemKind] = {
    _SQLITE_PERM: "read_only",
    _SQLITE_BUSY: "locked",
    _SQLITE_LOCKED: "locked",
    _SQLITE_READONLY: "read_only",
    _SQLITE_IOERR: "io_error",
    _SQLITE_CORRUPT: "corrupt",
    _SQLITE_FULL: "disk_full",
    _SQLITE_CANTOPEN: "cannot_open",
    _SQLITE_CONSTRAINT: "conflict",
    _SQLITE_NOTADB: "corrupt",
}

# Used when an exception carries no result code (built by hand, or from an older driver).
_TEXT_KINDS: tuple[tuple[str, ProblemKind], ...] = (
    ("disk is full", "disk_full"),
    ("readonly", "read_only"),
    ("read-only", "read_only"),
    ("locked", "locked"),
    ("busy", "locked"),
    ("malformed", "corrupt"),
    ("not a database", "corrupt"),
    ("unable to open", "cannot_open"),
    ("disk i/o error", "io_error"),
    ("constraint failed", "conflict"),
)

_OS_KINDS: dict[int, ProblemKind] = {
    errno.ENOSPC: "disk_full",
    errno.EDQUOT: "disk_full",
    errno.EROFS: "read_only",
    errno.EACCES: "read_only",
    errno.EPERM: "read_only",
    errno.EIO: "io_error",
}


def _reason(kind: ProblemKind, path: Path | None, detail: str) -> str:
    target = f"the database {path}" if path is not None else "the database"
    if kind == "disk_full":
        return "the disk is full. Free some space and try again."
    if kind == "read_only":
        return (
            f"{target} is read-only. Check that the file and its folder are writable "
            "(not on read-only media) and that you have permission to change them."
        )
    if kind == "locked":
        return (
            f"{target} is locked by another program (perhaps another copy of Hearth). "
            "Close it and try again."
        )
    if kind == "corrupt":
        return (
            f"{target} is damaged or is not a Hearth database. "
            "Restore a backup copy or move the file away to start afresh."
        )
    if kind == "cannot_open":
        return (
            f"{target} could not be opened or created. Check that its folder exists "
            "and is writable."
        )
    if kind == "io_error":
        return f"the disk reported a read or write error on {target} ({detail})."
    if kind == "conflict":
        return f"the change was refused by a database rule ({detail})."
    return f"a database error occurred ({detail})."


def _database_error_types() -> tuple[type[BaseException], ...]:
    """sqlite3's errors, plus SQLCipher's (separate classes) when an encrypted profile uses it."""
    types: tuple[type[BaseException], ...] = (sqlite3.Error,)
    cipher = sys.modules.get("sqlcipher3.dbapi2")
    error = getattr(cipher, "Error", None) if cipher is not None else None
    if isinstance(error, type) and issubclass(error, BaseException):
        types += (error,)
    return types


def classify(exc: BaseException) -> ProblemKind:
    """Which kind of problem a low-level exception describes."""
    if isinstance(exc, StorageError):
        return exc.kind
    if isinstance(exc, DBAPIError) and isinstance(exc.orig, BaseException):
        return classify(exc.orig)
    if isinstance(exc, _database_error_types()):
        code = getattr(exc, "sqlite_errorcode", None)
        if isinstance(code, int) and (code & 0xFF) in _CODE_KINDS:
            return _CODE_KINDS[code & 0xFF]
        text = str(exc).lower()
        for needle, kind in _TEXT_KINDS:
            if needle in text:
                return kind
        return "conflict" if type(exc).__name__ == "IntegrityError" else "other"
    if isinstance(exc, OSError):
        return _OS_KINDS.get(exc.errno or 0, "other")
    return "other"


def to_storage_error(exc: BaseException, action: str, path: Path | None = None) -> StorageError:
    """A `StorageError` saying "Could not <action>: <why>", for a sqlite3/SQLAlchemy/OS error.

    A `StorageError` is returned unchanged.
    """
    if isinstance(exc, StorageError):
        return exc
    kind = classify(exc)
    inner = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    detail = inner.strerror if isinstance(inner, OSError) and inner.strerror else str(inner)
    detail = detail.splitlines()[0] if detail else type(inner).__name__
    return StorageError(f"Could not {action}: {_reason(kind, path, detail)}", kind=kind)


@contextmanager
def translate_errors(action: str, path: Path | None = None) -> Iterator[None]:
    """Re-raise sqlite3, SQLAlchemy database and OS errors as `StorageError`."""
    try:
        yield
    except StorageError:
        raise
    except (DBAPIError, OSError) as exc:
        raise to_storage_error(exc, action, path) from exc
    except Exception as exc:
        if isinstance(exc, _database_error_types()):
            raise to_storage_error(exc, action, path) from exc
        raise
