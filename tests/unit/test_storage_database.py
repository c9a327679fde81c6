"""Database.open, connection settings, sessions, and failures turned into StorageError."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, event, select
from sqlalchemy.exc import OperationalError

import app.storage.adapter_schema
import app.storage.assistant_schema
import app.storage.document_schema
import app.storage.endpoint_schema
import app.storage.template_schema
import app.storage.training_schema  # noqa: F401
from app.chats.conversation_repository import ConversationRepository
from app.chats.message_repository import MessageRepository
from app.config import Paths
from app.storage import LATEST_VERSION, Database, StorageError, connection
from app.storage.schema import Base, ConversationRow, MessageRow

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def paths(hearth_home: Path) -> Paths:
    return Paths.resolve()


@pytest.fixture
def db(paths: Paths) -> Iterator[Database]:
    database = Database.open(paths.database, backups_dir=paths.backups_dir)
    yield database
    database.close()


def read_only_connect(path: Path) -> sqlite3.Connection:
    """What a connection to a file on read-only media behaves like."""
    conn = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None, timeout=0.1
    )
    return conn


def pragma(conn: Any, name: str) -> object:
    return conn.exec_driver_sql(f"PRAGMA {name}").scalar_one()


# --- opening ------------------------------------------------------------------------------------


def test_open_creates_folders_and_latest_schema(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "hearth.sqlite3"
    with Database.open(path, backups_dir=tmp_path / "backups") as db:
        assert path.is_file()
        assert db.path == path
        assert db.schema_version == LATEST_VERSION >= 2
        assert db.upgraded_from == 0
    raw = sqlite3.connect(path)
    tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"models", "conversations", "messages", "generations"} <= tables
    assert raw.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    raw.close()
    assert not (tmp_path / "backups").exists()  # nothing to back up in a new database


def test_reopen_does_not_upgrade_again(paths: Paths) -> None:
    Database.open(paths.database, backups_dir=paths.backups_dir).close()
    with Database.open(paths.database, backups_dir=paths.backups_dir) as db:
        assert db.upgraded_from is None
        assert db.schema_version == LATEST_VERSION
    assert not paths.backups_dir.exists()


def test_pragmas_are_on_for_every_connection(db: Database) -> None:
    # Two simultaneous sessions hold two different pooled connections.
    with db.session(write=False) as first, db.session(write=False) as second:
        conns = [first.connection(), second.connection()]
        assert conns[0].connection.dbapi_connection is not conns[1].connection.dbapi_connection
        for conn in conns:
            assert pragma(conn, "journal_mode") == "wal"
            assert pragma(conn, "foreign_keys") == 1
            assert pragma(conn, "secure_delete") == 1
            assert pragma(conn, "busy_timeout") == 5000
            assert pragma(conn, "synchronous") == 1  # NORMAL


def test_configure_sets_each_pragma_whatever_the_build_default(tmp_path: Path) -> None:
    # Some SQLite builds default to secure_delete=ON; start from the opposite of every setting.
    conn = sqlite3.connect(tmp_path / "x.sqlite3", isolation_level=None)
    try:
        for statement in (
            "PRAGMA secure_delete = OFF",
            "PRAGMA foreign_keys = OFF",
            "PRAGMA synchronous = FULL",
            "PRAGMA busy_timeout = 0",
        ):
            conn.execute(statement)
        assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 0
        connection.configure(conn)
        values = {
            name: conn.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("journal_mode", "foreign_keys", "secure_delete", "busy_timeout")
        }
        assert values == {
            "journal_mode": "wal",
            "foreign_keys": 1,
            "secure_delete": 1,
            "busy_timeout": 5000,
        }
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1
        assert conn.execute("SELECT hearth_casefold('ÄB')").fetchone()[0] == "äb"
    finally:
        conn.close()


def test_wal_file_is_used(db: Database) -> None:
    ConversationRepository(db).create("x")
    assert Path(f"{db.path}-wal").exists()
    header = db.path.read_bytes()[18:20]
    assert header == b"\x02\x02"  # file format 2 = WAL


def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(StorageError) as info, db.session() as session:
        session.add(
            MessageRow(conversation_id=999, position=0, role="user", content="x", created_at=_now())
        )
        session.flush()
    assert info.value.kind == "conflict"
    assert "FOREIGN KEY" in str(info.value)


def test_schema_orm_matches_migrations(db: Database, tmp_path: Path) -> None:
    orm_path = tmp_path / "orm.sqlite3"
    engine = create_engine(f"sqlite:///{orm_path}")
    Base.metadata.create_all(engine)
    engine.dispose()

    def describe(path: Path) -> dict[str, object]:
        conn = sqlite3.connect(path)
        try:
            rows = conn.execute(
                "SELECT name, sql FROM sqlite_master "
                "WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
            # FTS5 virtual tables and their shadow tables (<name>_data, _idx, _content, _docsize,
            # _config) exist only in the ladder: the ORM cannot express them.
            virtual = [n for n, sql in rows if sql.upper().startswith("CREATE VIRTUAL TABLE")]
            shadows = {
                f"{v}_{s}" for v in virtual for s in ("data", "idx", "content", "docsize", "config")
            }
            names = sorted(n for n, _ in rows if n not in virtual and n not in shadows)
            out: dict[str, object] = {"tables": names}
            for name in names:
                out[f"{name}.columns"] = conn.execute(f"PRAGMA table_info({name})").fetchall()
                out[f"{name}.fks"] = [
                    r[2:] for r in conn.execute(f"PRAGMA foreign_key_list({name})").fetchall()
                ]
                indexes = []
                for _seq, index, unique, origin, _partial in conn.execute(
                    f"PRAGMA index_list({name})"
                ).fetchall():
                    columns = [r[2] for r in conn.execute(f"PRAGMA index_info({index})")]
                    shown = index if origin == "c" else origin
                    indexes.append((shown, unique, columns))
                out[f"{name}.indexes"] = sorted(indexes)
                sql = conn.execute(
                    "SELECT sql FROM sqlite_master WHERE name = ?", (name,)
                ).fetchone()[0]
                out[f"{name}.autoincrement"] = "AUTOINCREMENT" in sql.upper()
            return out
        finally:
            conn.close()

    migrated = describe(db.path)
    core_tables = {"adapters", "conversations", "generations", "messages", "models"}
    assert core_tables <= set(migrated["tables"])  # type: ignore[call-overload]
    assert describe(orm_path) == migrated


# --- sessions -----------------------------------------------------------------------------------


def test_session_commits_on_success(db: Database) -> None:
    with db.session() as session:
        session.add(ConversationRow(title="kept", created_at=_now(), updated_at=_now()))
    with db.session(write=False) as session:
        assert session.scalars(select(ConversationRow.title)).all() == ["kept"]


def test_session_rolls_back_on_error(db: Database) -> None:
    with pytest.raises(RuntimeError, match="boom"), db.session() as session:
        session.add(ConversationRow(title="lost", created_at=_now(), updated_at=_now()))
        session.flush()
        raise RuntimeError("boom")
    assert ConversationRepository(db).list() == []


def test_session_converts_database_errors(db: Database) -> None:
    orig = sqlite3.OperationalError("database or disk is full")
    with pytest.raises(StorageError) as info, db.session(action="save the message") as session:
        session.add(ConversationRow(title="lost", created_at=_now(), updated_at=_now()))
        session.flush()
        raise OperationalError("INSERT ...", {}, orig)
    assert str(info.value).startswith("Could not save the message: the disk is full")
    assert info.value.kind == "disk_full"
    assert info.value.__cause__ is not None
    assert ConversationRepository(db).list() == []


def test_write_session_takes_the_write_lock_at_once(db: Database) -> None:
    other = sqlite3.connect(db.path, isolation_level=None, timeout=0)
    try:
        with db.session() as session:
            session.execute(select(ConversationRow.id))  # a read is the first statement
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        with db.session(write=False) as session:
            session.execute(select(ConversationRow.id))
            other.execute("BEGIN IMMEDIATE")  # a reader does not block writers
            other.execute("ROLLBACK")
    finally:
        other.close()


def test_integrity_check_ok(db: Database) -> None:
    MessageRepository(db).add(ConversationRepository(db).create("c").id, "user", "hi")
    assert db.integrity_check() == "ok"


def test_integrity_check_reports_problems(db: Database) -> None:
    chat = ConversationRepository(db).create("c")
    MessageRepository(db).add(chat.id, "user", "hi")
    db.close()
    # Sneak a NULL into a NOT NULL column behind SQLite's back.
    raw = sqlite3.connect(db.path, isolation_level=None)
    raw.execute("PRAGMA writable_schema = ON")
    raw.execute(
        "UPDATE sqlite_master SET sql = replace(sql, 'content TEXT NOT NULL', 'content TEXT') "
        "WHERE name = 'messages'"
    )
    raw.close()
    raw = sqlite3.connect(db.path, isolation_level=None)
    raw.execute("UPDATE messages SET content = NULL")
    raw.execute("PRAGMA writable_schema = ON")
    raw.execute(
        "UPDATE sqlite_master SET sql = replace(sql, 'content TEXT,', 'content TEXT NOT NULL,') "
        "WHERE name = 'messages'"
    )
    raw.close()
    with Database.open(db.path, backups_dir=db.backups_dir) as reopened:
        report = reopened.integrity_check()
    assert report != "ok"
    assert "messages.content" in report


# --- failures become StorageError ---------------------------------------------------------------


def test_corrupt_file_is_refused_cleanly(paths: Paths) -> None:
    paths.database.parent.mkdir(parents=True)
    paths.database.write_bytes(b"this is not a database " * 200)
    before = paths.database.read_bytes()
    with pytest.raises(StorageError) as info:
        Database.open(paths.database, backups_dir=paths.backups_dir)
    assert info.value.kind == "corrupt"
    assert "damaged or is not a Hearth database" in str(info.value)
    assert str(paths.database) in str(info.value)
    assert paths.database.read_bytes() == before


def test_folder_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError, match=r"Could not create the folder .*a-file"):
        Database.open(blocker / "hearth.sqlite3", backups_dir=tmp_path / "b")


def test_read_only_database_file_simulated(
    db: Database, paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat = ConversationRepository(db).create("existing")
    db.close()
    monkeypatch.setattr(connection, "connect", read_only_connect)

    with Database.open(paths.database, backups_dir=paths.backups_dir) as ro:
        assert [c.title for c in ConversationRepository(ro).list()] == ["existing"]
        with pytest.raises(StorageError) as info:
            MessageRepository(ro).add(chat.id, "user", "cannot be saved")
    message = str(info.value)
    assert info.value.kind == "read_only"
    assert message.startswith("Could not save the message: the database ")
    assert "is read-only" in message
    assert "Traceback" not in message


def test_read_only_location_for_new_database_simulated(
    paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection, "connect", read_only_connect)
    paths.database.parent.mkdir(parents=True)
    with pytest.raises(StorageError) as info:
        Database.open(paths.database, backups_dir=paths.backups_dir)
    assert info.value.kind == "cannot_open"
    assert "could not be opened or created" in str(info.value)
    assert not paths.database.exists()


@pytest.mark.skipif(IS_ROOT, reason="root ignores file permissions; see the simulated tests")
def test_read_only_file_and_folder_for_real(db: Database, paths: Paths) -> None:
    chat = ConversationRepository(db).create("existing")
    db.close()
    folder = paths.database.parent
    files = [p for p in folder.iterdir() if p.name.startswith(paths.database.name)]
    for file in files:
        file.chmod(stat.S_IRUSR)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(StorageError) as info:
            ro = Database.open(paths.database, backups_dir=paths.backups_dir)
            try:
                MessageRepository(ro).add(chat.id, "user", "x")
            finally:
                ro.close()
        assert info.value.kind in ("read_only", "cannot_open")
        assert "Traceback" not in str(info.value)
    finally:
        folder.chmod(stat.S_IRWXU)
        for file in files:
            file.chmod(stat.S_IRUSR | stat.S_IWUSR)


@pytest.mark.skipif(IS_ROOT, reason="root ignores folder permissions; see the simulated tests")
def test_read_only_folder_for_new_database_for_real(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(StorageError) as info:
            Database.open(folder / "hearth.sqlite3", backups_dir=tmp_path / "b")
        assert info.value.kind in ("read_only", "cannot_open")
    finally:
        folder.chmod(stat.S_IRWXU)


def test_locked_database(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 50)
    with Database.open(paths.database, backups_dir=paths.backups_dir) as db:
        chat = ConversationRepository(db).create("c")
        other = sqlite3.connect(db.path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(StorageError) as info:
                MessageRepository(db).add(chat.id, "user", "waits")
        finally:
            other.execute("ROLLBACK")
            other.close()
    assert info.value.kind == "locked"
    assert "locked by another program" in str(info.value)


def test_disk_full(db: Database) -> None:
    chat = ConversationRepository(db).create("c")
    with db.session(write=False) as session:
        pages = int(pragma(session.connection(), "page_count"))  # type: ignore[call-overload]

    def cap(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 1}")

    db.engine.dispose()
    event.listen(db.engine, "connect", cap)
    with pytest.raises(StorageError) as info:
        MessageRepository(db).add(chat.id, "user", "x" * 500_000)
    assert info.value.kind == "disk_full"
    assert (
        str(info.value)
        == "Could not save the message: the disk is full. Free some space and try again."
    )
    event.remove(db.engine, "connect", cap)
    db.engine.dispose()
    assert MessageRepository(db).list(chat.id) == []


def _now() -> datetime:
    return datetime.now(UTC)
