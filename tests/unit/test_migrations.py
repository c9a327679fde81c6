"""The user_version ladder: upgrading a real v1 database, backups, and refusing newer ones."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.chats.conversation_repository import ConversationRepository
from app.chats.message_repository import MessageRepository
from app.config import Paths
from app.library.model_repository import ModelRepository
from app.storage import (
    Database,
    GenerationRecord,
    SchemaTooNewError,
    StorageError,
    list_backups,
    migrations,
)

V1_CREATED = "2024-03-01T10:00:00.000000+00:00"
V1_UPDATED = "2024-03-02T11:30:00.500000+00:00"


@pytest.fixture
def paths(hearth_home: Path) -> Paths:
    paths = Paths.resolve()
    paths.data_dir.mkdir(parents=True)
    return paths


def make_v1(paths: Paths) -> None:
    """A database exactly as the first release left it: step 1 only, plus some rows."""
    assert migrations.migrate(paths.database, paths.backups_dir, target=1) == 0
    conn = sqlite3.connect(paths.database, isolation_level=None)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        columns = [r[1] for r in conn.execute("PRAGMA table_info(messages)")]
        assert columns == ["id", "conversation_id", "position", "role", "content", "created_at"]
        conn.execute(
            "INSERT INTO models (id, name, path, sha256, size_bytes, architecture,"
            " has_chat_template, added_at) VALUES (1, 'Old', '/m.gguf', ?, 10, 'llama', 1, ?)",
            ("ab" * 32, V1_CREATED),
        )
        conn.execute(
            "INSERT INTO conversations (id, title, created_at, updated_at, model_id,"
            " system_prompt) VALUES (7, 'Old chat', ?, ?, 1, 'Be kind.')",
            (V1_CREATED, V1_UPDATED),
        )
        conn.executemany(
            "INSERT INTO messages (conversation_id, position, role, content, created_at)"
            " VALUES (7, ?, ?, ?, ?)",
            [(0, "user", "Hi there", V1_CREATED), (1, "assistant", "Hello!", V1_UPDATED)],
        )
    finally:
        conn.close()
    assert list_backups(paths.backups_dir) == []  # nothing to back up when creating


def test_upgrade_from_v1_keeps_data_and_backs_up(paths: Paths) -> None:
    make_v1(paths)

    with Database.open(paths.database, backups_dir=paths.backups_dir) as db:
        assert db.upgraded_from == 1
        assert db.schema_version == migrations.LATEST_VERSION
        chat = ConversationRepository(db).get(7)
        assert (chat.title, chat.model_id, chat.system_prompt) == ("Old chat", 1, "Be kind.")
        assert chat.updated_at.isoformat() == "2024-03-02T11:30:00.500000+00:00"
        old = MessageRepository(db).list(7)
        assert [(m.position, m.role, m.content) for m in old] == [
            (0, "user", "Hi there"),
            (1, "assistant", "Hello!"),
        ]
        assert all(m.complete and m.generation is None for m in old)  # new columns defaulted
        assert old[0].created_at.tzinfo is not None
        assert ModelRepository(db).get(1).name == "Old"
        # The new schema is usable straight away.
        record = GenerationRecord(
            model_sha256="ab" * 32,
            model_name="Old",
            sampling={"temperature": 0.2},
            seed=1,
            prompt_tokens=5,
            prompt_tokens_evaluated=5,
            completion_tokens=2,
            ttft_s=0.1,
            decode_tokens_per_s=10.0,
            total_s=0.3,
            finish_reason="length",
        )
        new = MessageRepository(db).add(7, "assistant", "x", complete=False, generation=record)
        assert new.position == 2
        assert MessageRepository(db).get(new.id).generation == record

    raw = sqlite3.connect(paths.database)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
    raw.close()

    backups = list_backups(paths.backups_dir)
    assert len(backups) == 1
    assert backups[0].name.startswith("hearth-v1-")
    assert backups[0].suffix == ".sqlite3"
    copy = sqlite3.connect(f"{backups[0].as_uri()}?mode=ro", uri=True)
    try:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT content FROM messages ORDER BY position").fetchall() == [
            ("Hi there",),
            ("Hello!",),
        ]
        assert "complete" not in [r[1] for r in copy.execute("PRAGMA table_info(messages)")]
    finally:
        copy.close()


def test_backup_includes_rows_still_in_the_wal(paths: Paths) -> None:
    make_v1(paths)
    writer = sqlite3.connect(paths.database, isolation_level=None)
    try:
        assert writer.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute(
            "INSERT INTO messages (conversation_id, position, role, content, created_at)"
            " VALUES (7, 2, 'user', 'only in the WAL', ?)",
            (V1_CREATED,),
        )
        main_file = paths.database.read_bytes()
        assert b"only in the WAL" not in main_file

        Database.open(paths.database, backups_dir=paths.backups_dir).close()
    finally:
        writer.close()

    (backup,) = list_backups(paths.backups_dir)
    copy = sqlite3.connect(backup)
    try:
        contents = [r[0] for r in copy.execute("SELECT content FROM messages")]
    finally:
        copy.close()
    assert "only in the WAL" in contents


def test_only_newest_five_backups_are_kept(paths: Paths) -> None:
    make_v1(paths)
    paths.backups_dir.mkdir()
    old = [paths.backups_dir / f"hearth-v1-2020010{i}T000000000000Z.sqlite3" for i in range(1, 8)]
    for path in old:
        path.write_bytes(b"old backup")
    unrelated = [paths.backups_dir / "notes.txt", paths.backups_dir / "hearth-v1-mine.sqlite3"]
    for path in unrelated:
        path.write_text("the user's own file")

    Database.open(paths.database, backups_dir=paths.backups_dir).close()

    kept = list_backups(paths.backups_dir)
    assert len(kept) == 5
    assert kept[:4] == old[-4:]
    assert kept[4].name.startswith("hearth-v1-2") and kept[4] not in old
    assert all(path.exists() for path in unrelated)
    assert not any(path.exists() for path in old[:3])


def test_newer_schema_is_refused_and_untouched(paths: Paths) -> None:
    Database.open(paths.database, backups_dir=paths.backups_dir).close()
    raw = sqlite3.connect(paths.database)
    raw.execute("PRAGMA user_version = 99")
    raw.commit()
    raw.close()
    before = paths.database.read_bytes()
    listing = sorted(p.name for p in paths.data_dir.iterdir())

    with pytest.raises(SchemaTooNewError) as info:
        Database.open(paths.database, backups_dir=paths.backups_dir)

    message = str(info.value)
    assert "written by a newer Hearth (schema v99)" in message
    assert f"this version understands up to v{migrations.LATEST_VERSION}" in message
    assert (info.value.found, info.value.supported) == (99, migrations.LATEST_VERSION)
    assert isinstance(info.value, StorageError)
    assert paths.database.read_bytes() == before
    assert sorted(p.name for p in paths.data_dir.iterdir()) == listing
    assert not paths.backups_dir.exists()


def test_failed_step_leaves_database_as_it_was(
    paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_v1(paths)
    broken = (migrations.STEPS[1][0], "CREATE TABLE half_done (x)", "THIS IS NOT SQL")
    monkeypatch.setattr(migrations, "STEPS", (migrations.STEPS[0], broken))
    monkeypatch.setattr(migrations, "LATEST_VERSION", 2)

    with pytest.raises(StorageError, match="Could not upgrade the database to schema v2"):
        Database.open(paths.database, backups_dir=paths.backups_dir)

    raw = sqlite3.connect(paths.database)
    try:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
        assert "complete" not in [r[1] for r in raw.execute("PRAGMA table_info(messages)")]
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
        assert "half_done" not in tables
        assert raw.execute("SELECT count(*) FROM messages").fetchone()[0] == 2
    finally:
        raw.close()
    assert len(list_backups(paths.backups_dir)) == 1  # the copy was made before trying

    monkeypatch.undo()
    with Database.open(paths.database, backups_dir=paths.backups_dir) as db:
        assert db.schema_version == migrations.LATEST_VERSION
        assert len(MessageRepository(db).list(7)) == 2


def test_step_adding_dangling_references_is_rolled_back(
    paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_v1(paths)
    # An orphan left by some earlier accident does not block the upgrade...
    raw = sqlite3.connect(paths.database, isolation_level=None)
    raw.execute(
        "INSERT INTO messages (conversation_id, position, role, content, created_at)"
        " VALUES (404, 0, 'user', 'orphan', ?)",
        (V1_CREATED,),
    )
    raw.close()
    # ...but a step that creates new ones is undone.
    bad = (
        *migrations.STEPS[1],
        "INSERT INTO generations VALUES (999, 'x', 'x', '{}', 0, 0, 0, 0, 0, 0, 0, 'stop',"
        " 'CPU', 0, 0)",
    )
    monkeypatch.setattr(migrations, "STEPS", (migrations.STEPS[0], bad))
    monkeypatch.setattr(migrations, "LATEST_VERSION", 2)
    with pytest.raises(StorageError, match="left 1 rows referring to records that do not"):
        Database.open(paths.database, backups_dir=paths.backups_dir)
    raw = sqlite3.connect(paths.database)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
    raw.close()

    monkeypatch.undo()
    with Database.open(paths.database, backups_dir=paths.backups_dir) as db:
        assert db.schema_version == migrations.LATEST_VERSION
        assert [m.content for m in MessageRepository(db).list(7)] == ["Hi there", "Hello!"]


def test_backup_failure_stops_the_upgrade(paths: Paths) -> None:
    make_v1(paths)
    paths.backups_dir.write_text("a file where the backups folder should be")
    with pytest.raises(StorageError, match="back up the database before upgrading"):
        Database.open(paths.database, backups_dir=paths.backups_dir)
    raw = sqlite3.connect(paths.database)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
    raw.close()


def test_steps_are_frozen() -> None:
    """Released steps must never change; add a new step instead (and update this list)."""
    assert len(migrations.STEPS) == migrations.LATEST_VERSION
    assert [len(step) for step in migrations.STEPS[:2]] == [6, 2]
    assert migrations.STEPS[1][0] == (
        "ALTER TABLE messages ADD COLUMN complete BOOLEAN NOT NULL DEFAULT 1"
    )


def test_migrate_rejects_bad_target(paths: Paths) -> None:
    with pytest.raises(ValueError):
        migrations.migrate(paths.database, paths.backups_dir, target=migrations.LATEST_VERSION + 1)
