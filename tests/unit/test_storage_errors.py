"""Low-level failures are told in plain words."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from app.storage import NotFoundError, SchemaTooNewError, StorageError, translate_errors
from app.storage.errors import classify, to_storage_error


@pytest.mark.parametrize(
    ("text", "kind", "phrase"),
    [
        ("database or disk is full", "disk_full", "the disk is full"),
        ("attempt to write a readonly database", "read_only", "is read-only"),
        ("database is locked", "locked", "locked by another program"),
        ("database disk image is malformed", "corrupt", "is damaged"),
        ("file is not a database", "corrupt", "is damaged"),
        ("unable to open database file", "cannot_open", "could not be opened or created"),
        ("disk I/O error", "io_error", "read or write error"),
        ("no such table: x", "other", "a database error occurred (no such table: x)"),
    ],
)
def test_sqlite_messages_are_classified(text: str, kind: str, phrase: str) -> None:
    error = to_storage_error(sqlite3.OperationalError(text), "save the message", Path("/d.db"))
    assert error.kind == kind
    assert str(error).startswith("Could not save the message: ")
    assert phrase in str(error)


def test_sqlalchemy_wrapped_errors_are_unwrapped() -> None:
    wrapped = OperationalError("INSERT ...", {}, sqlite3.OperationalError("database is locked"))
    error = to_storage_error(wrapped, "save the message")
    assert error.kind == "locked"
    assert "INSERT" not in str(error)
    conflict = IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed: x"))
    assert classify(conflict) == "conflict"


def test_result_code_wins_over_text() -> None:
    exc = sqlite3.OperationalError("something odd")
    exc.sqlite_errorcode = 13  # SQLITE_FULL
    assert classify(exc) == "disk_full"
    exc.sqlite_errorcode = 8 | (1 << 8)  # SQLITE_READONLY_RECOVERY
    assert classify(exc) == "read_only"


def test_real_sqlite_error_is_classified(tmp_path: Path) -> None:
    uri = f"{(tmp_path / 'missing.db').as_uri()}?mode=ro"
    with pytest.raises(StorageError) as info, translate_errors("open the database"):
        sqlite3.connect(uri, uri=True).execute("SELECT 1")
    assert info.value.kind == "cannot_open"
    assert isinstance(info.value.__cause__, sqlite3.OperationalError)


@pytest.mark.parametrize(
    ("code", "kind"),
    [(errno.ENOSPC, "disk_full"), (errno.EROFS, "read_only"), (errno.EACCES, "read_only")],
)
def test_os_errors(code: int, kind: str) -> None:
    with pytest.raises(StorageError) as info, translate_errors("write the backup"):
        raise OSError(code, "nope")
    assert info.value.kind == kind


def test_translate_errors_leaves_other_exceptions_alone() -> None:
    with pytest.raises(KeyError), translate_errors("anything"):
        raise KeyError("x")
    not_found = NotFoundError("conversation", 3)
    with pytest.raises(NotFoundError) as info, translate_errors("anything"):
        raise not_found
    assert info.value is not_found


def test_messages() -> None:
    assert str(NotFoundError("message", 12)) == "message 12 was not found"
    too_new = SchemaTooNewError(5, 2)
    assert str(too_new).startswith(
        "This database was written by a newer Hearth (schema v5); "
        "this version understands up to v2."
    )
    assert to_storage_error(too_new, "open") is too_new
