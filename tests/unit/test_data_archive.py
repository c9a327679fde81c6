"""Export all data to one zip and restore it; hostile and damaged archives change nothing."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.archive import MANIFEST
from app.config import Paths
from app.core import Core
from app.data_archive import (
    ArchiveError,
    apply_pending_restore,
    export_all,
    restore,
    stage_restore,
)
from app.storage.daily_backup import daily_backups, take_daily_backup


def make_profile(paths: Paths) -> int:
    core = Core.open(paths)
    try:
        chat = core.chats.new_conversation()
        core.chats.conversations.rename(chat.id, "Quarterly numbers")
        core.chats.messages.add(chat.id, "user", "Revenue was 1.2 M€")
        paths.adapters_dir.mkdir(parents=True, exist_ok=True)
        (paths.adapters_dir / "legal.gguf").write_bytes(b"GGUF adapter bytes" * 100)
        return chat.id
    finally:
        core.close()


def titles(paths: Paths) -> list[str]:
    core = Core.open(paths)
    try:
        return [c.title for c in core.chats.conversations.list()]
    finally:
        core.close()


@pytest.fixture
def paths(hearth_home: Path) -> Paths:
    return Paths.resolve().ensure()


def test_export_then_restore_brings_everything_back(paths: Paths, tmp_path: Path) -> None:
    make_profile(paths)
    archive = tmp_path / "all.zip"
    summary = export_all(paths, archive)
    assert summary.members >= 2
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
    assert {"database/hearth.sqlite3", "adapters/legal.gguf", MANIFEST} <= names

    # The user carries on, then regrets it.
    core = Core.open(paths)
    core.chats.conversations.rename(core.chats.conversations.list()[0].id, "Changed")
    core.chats.new_conversation()
    core.close()
    (paths.adapters_dir / "legal.gguf").write_bytes(b"overwritten")

    result = restore(paths, archive)
    assert titles(paths) == ["Quarterly numbers"]
    assert (paths.adapters_dir / "legal.gguf").read_bytes() == b"GGUF adapter bytes" * 100
    assert result.backup is not None and result.backup.is_file()  # the replaced data is kept
    restore(paths, result.backup)
    assert sorted(titles(paths)) == ["Changed", "New chat"]


def test_a_staged_restore_is_applied_when_hearth_next_opens(paths: Paths, tmp_path: Path) -> None:
    make_profile(paths)
    archive = export_all(paths, tmp_path / "all.zip").path
    core = Core.open(paths)
    core.chats.new_conversation()
    stage_restore(paths, archive)  # while the database is open
    core.close()
    reopened = Core.open(paths)
    try:
        assert reopened.restore_note is not None and "restored" in reopened.restore_note
        assert [c.title for c in reopened.chats.conversations.list()] == ["Quarterly numbers"]
    finally:
        reopened.close()
    assert apply_pending_restore(paths) is None  # applied once only


def _rewrite(archive: Path, out: Path, change: dict[str, bytes | None]) -> Path:
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            if item.filename in change:
                data = change[item.filename]
                if data is not None:
                    dst.writestr(item.filename, data)
            else:
                dst.writestr(item, src.read(item))
        for name, data in change.items():
            if name not in src.namelist() and data is not None:
                dst.writestr(name, data)
    return out


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("not-a-zip", "cannot be opened as a zip"),
        ("no-manifest", "no manifest"),
        ("traversal", "leaves Hearth's folders"),
        ("tampered", "does not match its checksum"),
        ("newer-schema", "newer Hearth"),
    ],
)
def test_bad_archives_are_refused_and_change_nothing(
    paths: Paths, tmp_path: Path, damage: str, message: str
) -> None:
    make_profile(paths)
    good = export_all(paths, tmp_path / "good.zip").path
    bad = tmp_path / "bad.zip"
    manifest = json.loads(zipfile.ZipFile(good).read(MANIFEST))
    if damage == "not-a-zip":
        bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    elif damage == "no-manifest":
        _rewrite(good, bad, {MANIFEST: None})
    elif damage == "traversal":
        manifest["members"].append({"name": "../../evil.sh", "size": 4, "sha256": "0" * 64})
        _rewrite(good, bad, {MANIFEST: json.dumps(manifest).encode(), "../../evil.sh": b"boom"})
    elif damage == "tampered":
        _rewrite(good, bad, {"adapters/legal.gguf": b"X" * (18 * 100)})
    else:
        db = tmp_path / "newer.sqlite3"
        conn = sqlite3.connect(db)
        conn.execute("PRAGMA user_version = 999")
        conn.close()
        data = db.read_bytes()
        for member in manifest["members"]:
            if member["name"] == "database/hearth.sqlite3":
                member.update(size=len(data), sha256=hashlib.sha256(data).hexdigest())
        _rewrite(
            good, bad, {MANIFEST: json.dumps(manifest).encode(), "database/hearth.sqlite3": data}
        )
    before = paths.database.read_bytes()
    with pytest.raises(ArchiveError, match=message):
        restore(paths, bad)
    assert paths.database.read_bytes() == before
    assert not (paths.data_dir.parent / "evil.sh").exists()
    assert titles(paths) == ["Quarterly numbers"]


def test_one_daily_backup_per_day_and_a_week_kept(paths: Paths) -> None:
    make_profile(paths)
    backups = paths.backups_dir
    for stale in daily_backups(backups):
        stale.unlink()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for day in range(10):
        assert take_daily_backup(paths.database, backups, today=start + timedelta(days=day))
    assert take_daily_backup(paths.database, backups, today=start + timedelta(days=9)) is None
    kept = daily_backups(backups)
    assert [p.name for p in kept] == [
        f"daily-{(start + timedelta(days=d)).strftime('%Y%m%d')}.sqlite3" for d in range(3, 10)
    ]
    conn = sqlite3.connect(kept[-1])
    assert conn.execute("SELECT title FROM conversations").fetchall() == [("Quarterly numbers",)]
    conn.close()
