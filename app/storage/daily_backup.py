"""A copy of the database once a day, kept for a week: the safety net behind "no lost data".

Taken with SQLite's backup API when Hearth opens (a consistent snapshot even of a WAL database);
the upgrade backups of migrations.py are separate and kept by their own rule.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from app.storage import cipher, migrations

log = logging.getLogger(__name__)

KEEP_DAILY: Final = 7
_DAILY_NAME = re.compile(r"^daily-(\d{8})\.sqlite3$")


def daily_backups(backups_dir: Path) -> list[Path]:
    """The daily copies, oldest first."""
    if not backups_dir.is_dir():
        return []
    found = [p for p in backups_dir.iterdir() if _DAILY_NAME.match(p.name) and p.is_file()]
    return sorted(found, key=lambda p: p.name)


def _open_read_only(database: Path, key: bytes | None) -> sqlite3.Connection:
    uri = f"file:{database}?mode=ro"
    if key is None:
        return sqlite3.connect(uri, uri=True)
    conn: sqlite3.Connection = cipher.driver().connect(uri, uri=True)
    conn.execute(f"PRAGMA key = {cipher.key_literal(key)}")
    return conn


def take_daily_backup(
    database: Path,
    backups_dir: Path,
    *,
    today: datetime | None = None,
    keep: int = KEEP_DAILY,
    key: bytes | None = None,
) -> Path | None:
    """Copy `database` to `daily-YYYYMMDD.sqlite3` unless today's copy exists; prune old ones.

    `key`: the raw key of an encrypted database; the copy is encrypted with the same key.
    Returns the new copy, or None when there was nothing to do. Failures are logged, never
    raised: a missed backup must not stop the user from working.
    """
    if not database.is_file():
        return None
    day = (today or datetime.now(UTC)).strftime("%Y%m%d")
    target = backups_dir / f"daily-{day}.sqlite3"
    if target.exists():
        return None
    try:
        source = _open_read_only(database, key)
        try:
            migrations.backup_database(source, backups_dir, 0, key=key).replace(target)
        finally:
            source.close()
    except Exception as exc:  # sqlite3's and SQLCipher's errors are unrelated classes
        if not isinstance(exc, OSError | sqlite3.Error) and not _is_cipher_error(exc):
            raise
        log.warning("could not take the daily backup of %s", database, exc_info=True)
        return None
    for old in daily_backups(backups_dir)[:-keep]:
        old.unlink(missing_ok=True)
    return target


def _is_cipher_error(exc: BaseException) -> bool:
    return isinstance(exc, cipher.driver().Error)
