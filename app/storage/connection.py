"""Opening SQLite connections, and the settings every Hearth connection gets."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import cast

from app.storage import cipher

BUSY_TIMEOUT_MS = 5000

# Applied, after busy_timeout, on every connection the engine opens.
PRAGMAS: tuple[str, ...] = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA secure_delete = ON",
    "PRAGMA synchronous = NORMAL",
)

CASEFOLD_FUNCTION = "hearth_casefold"


def connect(path: Path, key: bytes | None = None) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are begun explicitly).

    It changes nothing in the file: opening must not touch a database we may refuse. Without
    `key` it is the standard library's sqlite3; with a raw 32-byte `key` it is a SQLCipher
    connection (same DB-API, typed as sqlite3's) that has been proven to decrypt the file:
    a wrong key raises `cipher.WrongPassphraseError` before anything is written.
    """
    if key is not None:
        conn = cast(
            sqlite3.Connection,
            cipher.open_with_key(
                path,
                key,
                timeout_s=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            ),
        )
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
        return conn
    conn = sqlite3.connect(
        path,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=False,
    )
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
    return conn


def connect_with(path: Path, key: bytes | None) -> sqlite3.Connection:
    """`connect(path)` for a plain database (the call exactly as before encryption existed),
    `connect(path, key)` for an encrypted one."""
    return connect(path) if key is None else connect(path, key)


def _casefold(value: object) -> str | None:
    return value.casefold() if isinstance(value, str) else None


def configure(conn: sqlite3.Connection) -> None:  # or a SQLCipher connection (same API)
    """Apply Hearth's pragmas and SQL functions to a freshly opened connection."""
    conn.isolation_level = None  # SQLAlchemy's "begin" hook emits BEGIN itself
    cursor = conn.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
        for statement in PRAGMAS:
            cursor.execute(statement)
    finally:
        cursor.close()
    conn.create_function(CASEFOLD_FUNCTION, 1, _casefold, deterministic=True)
