"""The schema, as an ordered ladder of raw-SQL steps keyed by `PRAGMA user_version`.

Rules:
- A released step is frozen: never edit it, add a new one. `schema.py` mirrors the result of the
  whole ladder (a test compares the two).
- Each step runs in one transaction (SQLite DDL is transactional) that also sets `user_version`,
  so a failed step leaves the database exactly as it was.
- Before an existing, non-empty database is upgraded it is copied to the backups folder with the
  SQLite backup API (which includes what is still in the WAL); only the newest few copies are kept.
- A database with a higher version than `LATEST_VERSION` is refused and left untouched.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from app.storage import cipher, connection
from app.storage.errors import SchemaTooNewError, StorageError, translate_errors
from app.storage.migration_steps import (
    v3_adapters,
    v4_documents,
    v5_templates,
    v6_assistants,
    v7_training,
    v8_endpoints,
    v9_model_source,
    v10_checks,
    v11_token_confidence,
    v12_search_text,
    v13_document_parents,
    v14_document_notes,
    v15_mcp_servers,
    v16_reply_threads,
    v17_tool_calls_and_switches,
    v18_document_ocr,
    v19_chunk_page_box,
)

log = logging.getLogger(__name__)

Step = tuple[str, ...]

# Version N is reached by running STEPS[N - 1] on a database at version N - 1.
STEPS: tuple[Step, ...] = (
    # v1: first release.
    (
        """
        CREATE TABLE models (
            id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size_bytes INTEGER NOT NULL,
            architecture TEXT NOT NULL,
            parameter_count INTEGER,
            quantization TEXT,
            context_length INTEGER,
            has_chat_template BOOLEAN NOT NULL DEFAULT 0,
            license TEXT,
            added_at TEXT NOT NULL,
            CONSTRAINT uq_models_path UNIQUE (path)
        )
        """,
        "CREATE INDEX ix_models_sha256 ON models (sha256)",
        """
        CREATE TABLE conversations (
            id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            model_id INTEGER,
            system_prompt TEXT,
            FOREIGN KEY (model_id) REFERENCES models (id) ON DELETE SET NULL
        )
        """,
        "CREATE INDEX ix_conversations_updated_at ON conversations (updated_at)",
        "CREATE INDEX ix_conversations_model_id ON conversations (model_id)",
        """
        CREATE TABLE messages (
            id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            conversation_id INTEGER NOT NULL,
            position INTEGER NOT NULL,
            role TEXT NOT NULL,
            content TEXT NOT NULL,
            created_at TEXT NOT NULL,
            CONSTRAINT uq_messages_conversation_position UNIQUE (conversation_id, position),
            FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE
        )
        """,
    ),
    # v2: incomplete replies and generation metadata (one row per generated message).
    (
        "ALTER TABLE messages ADD COLUMN complete BOOLEAN NOT NULL DEFAULT 1",
        """
        CREATE TABLE generations (
            message_id INTEGER NOT NULL PRIMARY KEY,
            model_sha256 TEXT NOT NULL,
            model_name TEXT NOT NULL,
            sampling TEXT NOT NULL,
            seed INTEGER NOT NULL,
            prompt_tokens INTEGER NOT NULL,
            prompt_tokens_evaluated INTEGER NOT NULL,
            completion_tokens INTEGER NOT NULL,
            ttft_s REAL NOT NULL,
            decode_tokens_per_s REAL NOT NULL,
            total_s REAL NOT NULL,
            finish_reason TEXT NOT NULL,
            backend TEXT NOT NULL,
            n_ctx INTEGER NOT NULL,
            trimmed_turns INTEGER NOT NULL,
            FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE
        )
        """,
    ),
    # Later steps live one module per feature so that each feature owns its tables.
    v3_adapters.STEP,
    v4_documents.STEP,
    v5_templates.STEP,
    v6_assistants.STEP,
    v7_training.STEP,
    v8_endpoints.STEP,
    v9_model_source.STEP,
    v10_checks.STEP,
    v11_token_confidence.STEP,
    v12_search_text.STEP,
    v13_document_parents.STEP,
    v14_document_notes.STEP,
    v15_mcp_servers.STEP,
    v16_reply_threads.STEP,
    v17_tool_calls_and_switches.STEP,
    v18_document_ocr.STEP,
    v19_chunk_page_box.STEP,
)

LATEST_VERSION = len(STEPS)
KEEP_BACKUPS = 5

_BACKUP_NAME = re.compile(r"^hearth-v(\d+)-(\d{8}T\d{12}Z)\.sqlite3$")


def user_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def _has_tables(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()
    return int(row[0]) > 0


def apply_step(conn: sqlite3.Connection, version: int) -> bool:
    """Bring a database at `version - 1` to `version` in one transaction.

    `conn` must be in autocommit mode (`isolation_level=None`). Returns False when the database
    was already at `version` or later (another process upgraded it meanwhile).
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = user_version(conn)
        if current >= version:
            conn.execute("ROLLBACK")
            return False
        if current != version - 1:
            raise StorageError(
                f"Could not upgrade the database: expected schema v{version - 1}, found v{current}."
            )
        # Foreign keys are off while steps run (so tables can be rebuilt); a step must not add
        # dangling references. Ones already there are left alone rather than lock the user out.
        dangling_before = len(conn.execute("PRAGMA foreign_key_check").fetchall())
        for statement in STEPS[version - 1]:
            conn.execute(statement)
        dangling = len(conn.execute("PRAGMA foreign_key_check").fetchall()) - dangling_before
        if dangling > 0:
            raise StorageError(
                f"Could not upgrade the database to schema v{version}: "
                f"the upgrade left {dangling} rows referring to records that do not exist."
            )
        conn.execute(f"PRAGMA user_version = {int(version)}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return True


def backup_database(
    conn: sqlite3.Connection, backups_dir: Path, version: int, *, key: bytes | None = None
) -> Path:
    """Copy the database behind `conn` to `backups_dir/hearth-v{version}-{timestamp}.sqlite3`.

    With `key` (then `conn` is a SQLCipher connection opened with it) the copy is encrypted
    with the same key: a backup never holds the data in plain form.
    """
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backups_dir / f"hearth-v{version}-{stamp}.sqlite3"
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    if key is None:
        dest = sqlite3.connect(partial)
    else:
        dest = cipher.driver().connect(str(partial))
        dest.execute(f"PRAGMA key = {cipher.key_literal(key)}")
    try:
        conn.backup(dest)
    finally:
        dest.close()
    os.replace(partial, target)
    return target


def list_backups(backups_dir: Path) -> list[Path]:
    """Hearth's upgrade backups in `backups_dir`, oldest first (other files are ignored)."""
    if not backups_dir.is_dir():
        return []
    found: list[tuple[str, Path]] = []
    for entry in backups_dir.iterdir():
        match = _BACKUP_NAME.match(entry.name)
        if match and entry.is_file():
            found.append((match.group(2), entry))
    return [path for _, path in sorted(found)]


def prune_backups(backups_dir: Path, keep: int = KEEP_BACKUPS) -> list[Path]:
    """Delete all but the newest `keep` upgrade backups; returns the deleted paths."""
    backups = list_backups(backups_dir)
    doomed = backups[: max(0, len(backups) - keep)]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def migrate(
    path: Path, backups_dir: Path, *, target: int | None = None, key: bytes | None = None
) -> int:
    """Upgrade the database at `path` (created if missing) to `target`; returns the version found.

    `key`: the raw SQLCipher key of an encrypted database (its upgrade backup is encrypted too).
    Raises SchemaTooNewError, with the database untouched, when it is newer than this Hearth
    knows, WrongPassphraseError when `key` does not open it, and StorageError when it cannot be
    read, backed up or upgraded.
    """
    if target is None:
        target = LATEST_VERSION
    if not 0 <= target <= LATEST_VERSION:
        raise ValueError(f"target must be between 0 and {LATEST_VERSION}")
    with translate_errors("open the database", path):
        conn = connection.connect_with(path, key)
    try:
        with translate_errors("read the database", path):
            # Steps may rebuild tables; `apply_step` checks foreign keys itself instead.
            conn.execute("PRAGMA foreign_keys = OFF")
            found = user_version(conn)
            populated = found > 0 or _has_tables(conn)
        if found > LATEST_VERSION:
            raise SchemaTooNewError(found, LATEST_VERSION, path)
        if found >= target:
            return found
        if populated:
            with translate_errors(
                "back up the database before upgrading it (nothing was changed)", path
            ):
                copy = backup_database(conn, backups_dir, found, key=key)
            log.info("backed up schema v%d database to %s", found, copy)
            try:
                prune_backups(backups_dir)
            except OSError:
                log.warning("could not remove old backups in %s", backups_dir, exc_info=True)
        for version in range(found + 1, target + 1):
            with translate_errors(f"upgrade the database to schema v{version}", path):
                if apply_step(conn, version):
                    log.info("upgraded %s to schema v%d", path, version)
        return found
    finally:
        conn.close()
