"""The SQLCipher database under Hearth's storage layer: real encrypted files, real keys."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from app.chats.conversation_repository import ConversationRepository
from app.chats.message_repository import MessageRepository
from app.storage import Database, StorageError
from app.storage.cipher import NotEncryptedError, WrongPassphraseError, looks_encrypted
from app.storage.daily_backup import take_daily_backup
from app.storage.migrations import LATEST_VERSION, list_backups, migrate
from tests.fixtures.encryption import SECRET_TEXT, database_files, raw_bytes

KEY = bytes(range(32))
OTHER_KEY = bytes(reversed(range(32)))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "hearth.sqlite3"


def _write_secret(db: Database) -> int:
    chat = ConversationRepository(db).create("Budget XYZZY-4711")
    MessageRepository(db).add(chat.id, "user", SECRET_TEXT)
    return chat.id


def test_an_encrypted_database_holds_no_plaintext_in_the_file_or_the_wal(
    db_path: Path, tmp_path: Path
) -> None:
    with Database.open(db_path, backups_dir=tmp_path / "b", key=KEY) as db:
        chat_id = _write_secret(db)
        assert db.encrypted
        # Read while still open: the message is in the WAL, not yet checkpointed.
        assert Path(f"{db_path}-wal").stat().st_size > 0
        on_disk = raw_bytes(*database_files(db_path))
        assert [m.content for m in MessageRepository(db).list(chat_id)] == [SECRET_TEXT]
    assert b"XYZZY-4711" not in on_disk
    assert b"XYZZY-4711" not in raw_bytes(*database_files(db_path))
    assert looks_encrypted(db_path)
    with pytest.raises(sqlite3.DatabaseError):  # the standard library sees no database
        sqlite3.connect(db_path).execute("SELECT * FROM sqlite_master").fetchall()


def test_the_same_text_in_a_plain_database_is_visible_so_the_check_above_can_fail(
    db_path: Path, tmp_path: Path
) -> None:
    with Database.open(db_path, backups_dir=tmp_path / "b") as db:
        _write_secret(db)
        assert not db.encrypted
    assert b"XYZZY-4711" in raw_bytes(*database_files(db_path))


def test_a_wrong_key_is_a_clear_error_and_changes_no_byte(db_path: Path, tmp_path: Path) -> None:
    with Database.open(db_path, backups_dir=tmp_path / "b", key=KEY) as db:
        _write_secret(db)
    before = {f: f.read_bytes() for f in database_files(db_path) if f.exists()}
    with pytest.raises(WrongPassphraseError) as info:
        Database.open(db_path, backups_dir=tmp_path / "b", key=OTHER_KEY)
    assert isinstance(info.value, StorageError)
    assert "passphrase is wrong" in str(info.value)
    assert str(db_path) in str(info.value)
    assert "Nothing was changed" in str(info.value)
    after = {f: f.read_bytes() for f in database_files(db_path) if f.exists()}
    assert after == before
    assert not (tmp_path / "b").exists()  # no upgrade backup was attempted either


def test_a_key_for_a_plain_database_is_refused(db_path: Path, tmp_path: Path) -> None:
    with Database.open(db_path, backups_dir=tmp_path / "b") as db:
        _write_secret(db)
    with pytest.raises(NotEncryptedError, match="not encrypted"):
        Database.open(db_path, backups_dir=tmp_path / "b", key=KEY)


def test_wal_foreign_keys_fts5_and_sql_functions_work_on_sqlcipher(
    db_path: Path, tmp_path: Path
) -> None:
    with Database.open(db_path, backups_dir=tmp_path / "b", key=KEY) as db:
        chat_id = _write_secret(db)
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
            assert conn.exec_driver_sql("PRAGMA cipher_version").scalar_one()
            assert conn.exec_driver_sql("SELECT hearth_casefold('ÄB')").scalar_one() == "äb"
        with db.session() as session:
            session.connection().exec_driver_sql("CREATE VIRTUAL TABLE notes USING fts5(body)")
            session.connection().exec_driver_sql(
                "INSERT INTO notes (body) VALUES ('the secret blue folder')"
            )
        with db.session(write=False) as session:
            hits = session.connection().exec_driver_sql(
                "SELECT body FROM notes WHERE notes MATCH 'folder'"
            )
            assert hits.scalars().all() == ["the secret blue folder"]
        ConversationRepository(db).delete(chat_id)  # cascades through the foreign key
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM messages").scalar_one() == 0
        assert db.integrity_check() == "ok"
        assert db.schema_version == LATEST_VERSION


def test_database_errors_on_an_encrypted_database_come_out_as_storage_errors(
    db_path: Path, tmp_path: Path
) -> None:
    with (
        Database.open(db_path, backups_dir=tmp_path / "b", key=KEY) as db,
        pytest.raises(StorageError, match=r"^Could not read the notes: ") as info,
        db.session(write=False, action="read the notes") as session,
    ):
        session.connection().exec_driver_sql("SELECT * FROM no_such_table")
    assert "no such table" in str(info.value)


def test_an_encrypted_database_in_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="could not be opened or created"):
        migrate(tmp_path / "nowhere" / "hearth.sqlite3", tmp_path / "b", key=KEY)


def test_an_upgrade_backup_of_an_encrypted_database_is_encrypted_with_the_same_key(
    db_path: Path, tmp_path: Path
) -> None:
    backups = tmp_path / "b"
    db_path.parent.mkdir()
    migrate(db_path, backups, target=LATEST_VERSION - 1, key=KEY)
    with Database.open(db_path, backups_dir=backups, key=KEY):
        pass
    (copy,) = list_backups(backups)
    assert looks_encrypted(copy)
    with Database.open(copy, backups_dir=tmp_path / "b2", key=KEY) as restored:
        assert restored.schema_version == LATEST_VERSION
    with pytest.raises(WrongPassphraseError):
        migrate(copy, tmp_path / "b3", key=OTHER_KEY)


def test_the_daily_backup_of_an_encrypted_database_stays_encrypted(
    db_path: Path, tmp_path: Path
) -> None:
    with Database.open(db_path, backups_dir=tmp_path / "b", key=KEY) as db:
        _write_secret(db)
        copy = take_daily_backup(db_path, tmp_path / "b", key=KEY)
    assert copy is not None and copy.is_file()
    assert b"XYZZY-4711" not in copy.read_bytes()
    with Database.open(copy, backups_dir=tmp_path / "b2", key=KEY) as backup:
        (chat,) = ConversationRepository(backup).list()
        assert chat.title == "Budget XYZZY-4711"


def test_a_plain_database_still_uses_the_standard_sqlite3(db_path: Path, tmp_path: Path) -> None:
    with Database.open(db_path, backups_dir=tmp_path / "b") as db:
        with db.engine.connect() as conn:
            raw = conn.connection.dbapi_connection
        assert type(raw) is sqlite3.Connection
        assert db.engine.dialect.loaded_dbapi is sqlite3.dbapi2


def test_reconnect_switches_a_live_database_to_its_new_key(db_path: Path, tmp_path: Path) -> None:
    from app.security import database_files as files

    with Database.open(db_path, backups_dir=tmp_path / "b") as db:
        chat_id = _write_secret(db)
        db.release_connections()
        old = files.convert_in_place(db_path, old_key=None, new_key=KEY)
        os.remove(old)
        db.reconnect(KEY)
        assert db.encrypted
        assert [m.content for m in MessageRepository(db).list(chat_id)] == [SECRET_TEXT]
        with pytest.raises(WrongPassphraseError):
            db.reconnect(OTHER_KEY)
        assert [m.content for m in MessageRepository(db).list(chat_id)] == [SECRET_TEXT]
