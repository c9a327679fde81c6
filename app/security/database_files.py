"""Converting SQLite database files between plain and SQLCipher form, and changing their key.

Conversion copies the whole database with SQLCipher's `sqlcipher_export` into a new file next to
the old one (ATTACH ... KEY), checks the copy (integrity, and the row count of every table) and
only then swaps it in with an atomic rename. The caller decides what happens to the old file (a
plain one is shredded once the new one is in place). The database must not be open elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from app.storage import cipher
from app.storage.errors import StorageError


class ConversionError(StorageError):
    """A database file could not be converted; the original is unchanged."""


def _connect(path: Path, key: bytes | None) -> Any:
    """A SQLCipher-driver connection; without a key SQLCipher reads plain SQLite files."""
    if key is not None:
        return cipher.open_with_key(path, key, timeout_s=5.0, isolation_level=None)
    conn = cipher.driver().connect(str(path), timeout=5.0, isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    return conn


def _attach_literal(key: bytes | None) -> str:
    return "''" if key is None else cipher.key_literal(key)


def _table_counts(conn: Any, schema: str = "main") -> dict[str, int]:
    names = [
        str(row[0])
        for row in conn.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall()
    ]
    return {
        name: int(conn.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0])
        for name in names
    }


def export_copy(
    source: Path, target: Path, *, source_key: bytes | None, target_key: bytes | None
) -> None:
    """Write `target` (must not exist) as a copy of `source` keyed with `target_key`, verified."""
    dbapi = cipher.driver()
    if target.exists():
        raise ConversionError(f"Could not convert the database: {target} is in the way.")
    conn = _connect(source, source_key)
    try:
        # Everything in the WAL goes into the main file first; the copy reads through SQLite
        # anyway, but an empty WAL means the old files can be removed safely afterwards.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        expected = _table_counts(conn)
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        conn.execute(
            f"ATTACH DATABASE ? AS converted KEY {_attach_literal(target_key)}", (str(target),)
        )
        try:
            conn.execute("SELECT sqlcipher_export('converted')")
            # sqlcipher_export copies the schema and rows, not the header's user_version.
            conn.execute(f"PRAGMA converted.user_version = {version}")
        finally:
            conn.execute("DETACH DATABASE converted")
    except dbapi.Error as exc:
        conn.close()
        Path(target).unlink(missing_ok=True)
        raise ConversionError(f"Could not convert the database {source}: {exc}") from exc
    conn.close()
    _verify(target, target_key, expected, version)


def _verify(target: Path, key: bytes | None, expected: dict[str, int], version: int) -> None:
    dbapi = cipher.driver()
    try:
        conn = _connect(target, key)
        try:
            status = conn.execute("PRAGMA integrity_check").fetchone()[0]
            counts = _table_counts(conn)
            found_version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        finally:
            conn.close()
    except (dbapi.Error, StorageError) as exc:
        Path(target).unlink(missing_ok=True)
        raise ConversionError(
            f"Could not convert the database: the copy cannot be read ({exc})."
        ) from exc
    if status != "ok" or counts != expected or found_version != version:
        Path(target).unlink(missing_ok=True)
        raise ConversionError(
            "Could not convert the database: the converted copy does not match the original "
            "(nothing was changed)."
        )


def convert_in_place(path: Path, *, old_key: bytes | None, new_key: bytes | None) -> Path:
    """Replace `path` by a copy keyed with `new_key` (None: plain). Returns where the old file
    went (`<name>.old`; the caller shreds or deletes it). The old WAL/SHM files are removed."""
    path = Path(path)
    converted = path.with_name(path.name + ".converting")
    old = path.with_name(path.name + ".old")
    for leftover in (converted, old):
        leftover.unlink(missing_ok=True)
    export_copy(path, converted, source_key=old_key, target_key=new_key)
    os.replace(path, old)
    for suffix in ("-wal", "-shm"):
        # Checkpointed and empty; a stale WAL must never be replayed into the new file.
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.replace(converted, path)
    _fsync_dir(path.parent)
    return old


def rekey(path: Path, old_key: bytes, new_key: bytes) -> None:
    """Change the key of an encrypted database in place (`PRAGMA rekey`: one transaction)."""
    dbapi = cipher.driver()
    conn = _connect(path, old_key)
    try:
        conn.execute(f"PRAGMA rekey = {cipher.key_literal(new_key)}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except dbapi.Error as exc:
        raise ConversionError(f"Could not change the key of {path}: {exc}") from exc
    finally:
        conn.close()


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
