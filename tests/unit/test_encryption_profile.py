"""Encrypting a whole profile and back, changing the passphrase, the keyring, exports."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from app.chats.conversation_repository import ConversationRepository
from app.chats.message_repository import MessageRepository
from app.config import Paths
from app.core import Core
from app.data_archive import ArchiveError, export_all, restore
from app.security import profile_encryption as encryption
from app.security.encryption_config import config_path
from app.security.file_crypto import is_encrypted_file
from app.security.keyring_store import KeyStore
from app.storage.cipher import EncryptionLockedError, WrongPassphraseError, looks_encrypted
from app.storage.daily_backup import daily_backups
from tests.fixtures.encryption import (
    FAST_SCRYPT,
    OTHER_PASSPHRASE,
    PASSPHRASE,
    SECRET_TEXT,
    MemoryKeyring,
    database_files,
    raw_bytes,
)


@pytest.fixture
def paths(hearth_home: Path) -> Paths:
    return Paths.resolve().ensure()


def _fill(paths: Paths, key: object = None) -> dict[str, list[str]]:
    """Three conversations with messages; returns title -> message texts."""
    core = Core.open(paths, key=key)  # type: ignore[arg-type]
    try:
        conversations = ConversationRepository(core.database)
        messages = MessageRepository(core.database)
        for n in range(3):
            chat = conversations.create(f"Chat {n}")
            messages.add(chat.id, "user", f"{SECRET_TEXT} #{n}")
            messages.add(chat.id, "assistant", f"Reply {n} with ünïcode")
        with core.database.session() as session:
            connection = session.connection()
            connection.exec_driver_sql("CREATE VIRTUAL TABLE test_notes USING fts5(body)")
            connection.exec_driver_sql("INSERT INTO test_notes VALUES ('blue folder XYZZY-4711')")
        return _snapshot(core)
    finally:
        core.close()


def _snapshot(core: Core) -> dict[str, list[str]]:
    messages = MessageRepository(core.database)
    result = {
        chat.title: [m.content for m in messages.list(chat.id)]
        for chat in ConversationRepository(core.database).list()
    }
    with core.database.session(write=False) as session:
        hits = session.connection().exec_driver_sql(
            "SELECT body FROM test_notes WHERE test_notes MATCH 'folder'"
        )
        result["fts"] = list(hits.scalars().all())
    return result


def _read(paths: Paths, key: object = None) -> dict[str, list[str]]:
    core = Core.open(paths, key=key)  # type: ignore[arg-type]
    try:
        return _snapshot(core)
    finally:
        core.close()


def _adapter(paths: Paths, name: str = "style.gguf") -> tuple[Path, bytes]:
    paths.adapters_dir.mkdir(parents=True, exist_ok=True)
    content = b"GGUF" + b"adapter weights XYZZY-4711 " * 100_000  # several chunks
    target = paths.adapters_dir / name
    target.write_bytes(content)
    return target, content


def test_plain_to_encrypted_to_plain_keeps_every_conversation_message_and_fts_row(
    paths: Paths,
) -> None:
    expected = _fill(paths)
    assert len(expected) == 4 and expected["fts"] == ["blue folder XYZZY-4711"]
    adapter, content = _adapter(paths)
    assert b"XYZZY-4711" in raw_bytes(*database_files(paths.database))

    report = encryption.enable(paths, PASSPHRASE, params=FAST_SCRYPT)

    assert looks_encrypted(paths.database)
    assert b"XYZZY-4711" not in raw_bytes(*database_files(paths.database))
    assert is_encrypted_file(adapter) and b"XYZZY-4711" not in adapter.read_bytes()
    assert report.files_converted == (adapter,)
    assert not Path(f"{paths.database}.old").exists()  # the plain copy was shredded
    assert config_path(paths.data_dir).is_file()
    assert "key" not in json.loads(config_path(paths.data_dir).read_text())
    for backup in daily_backups(paths.backups_dir):
        assert looks_encrypted(backup)
        assert b"XYZZY-4711" not in backup.read_bytes()

    key = encryption.unlock(paths, PASSPHRASE)
    assert _read(paths, key) == expected

    encryption.disable(paths, key)

    assert not looks_encrypted(paths.database)
    assert not config_path(paths.data_dir).exists()
    assert adapter.read_bytes() == content
    assert all(not looks_encrypted(b) for b in daily_backups(paths.backups_dir))
    assert _read(paths) == expected


def test_an_encrypted_profile_is_locked_without_its_key(paths: Paths) -> None:
    _fill(paths)
    encryption.enable(paths, PASSPHRASE, params=FAST_SCRYPT)
    before = raw_bytes(*database_files(paths.database))
    with pytest.raises(EncryptionLockedError, match="HEARTH_PASSPHRASE"):
        Core.open(paths)
    assert raw_bytes(*database_files(paths.database)) == before


def test_a_wrong_passphrase_is_told_clearly_and_overwrites_nothing(paths: Paths) -> None:
    _fill(paths)
    encryption.enable(paths, PASSPHRASE, params=FAST_SCRYPT)
    watched = [*database_files(paths.database), config_path(paths.data_dir)]
    before = {f: f.read_bytes() for f in watched if f.exists()}
    with pytest.raises(WrongPassphraseError, match="passphrase is wrong"):
        encryption.unlock(paths, "not the passphrase")
    assert {f: f.read_bytes() for f in watched if f.exists()} == before


def test_change_passphrase_rekeys_the_database_backups_and_files(paths: Paths) -> None:
    expected = _fill(paths)
    adapter, content = _adapter(paths)
    encryption.enable(paths, PASSPHRASE, params=FAST_SCRYPT)
    old_key = encryption.unlock(paths, PASSPHRASE)

    report = encryption.change_passphrase(paths, old_key, OTHER_PASSPHRASE, params=FAST_SCRYPT)

    assert report.key is not None
    with pytest.raises(WrongPassphraseError):
        encryption.unlock(paths, PASSPHRASE)
    new_key = encryption.unlock(paths, OTHER_PASSPHRASE)
    assert new_key == report.key
    assert _read(paths, new_key) == expected
    with pytest.raises(WrongPassphraseError):
        Core.open(paths, key=old_key)  # the old key no longer opens the file
    assert report.files_converted == (adapter,)
    from app.security.file_crypto import decrypted_copy

    with decrypted_copy(adapter, new_key) as plain:
        assert plain.read_bytes() == content
    (daily,) = daily_backups(paths.backups_dir)
    assert daily in report.backups_converted


def test_a_weak_new_passphrase_is_refused_before_anything_changes(paths: Paths) -> None:
    _fill(paths)
    with pytest.raises(encryption.EncryptionError, match="at least 8 characters"):
        encryption.enable(paths, "short", params=FAST_SCRYPT)
    assert not looks_encrypted(paths.database)
    assert not config_path(paths.data_dir).exists()


def test_the_key_can_be_remembered_in_a_keyring_and_forgotten(paths: Paths) -> None:
    _fill(paths)
    backend = MemoryKeyring()
    store = KeyStore(paths.data_dir, backend)
    report = encryption.enable(
        paths, PASSPHRASE, params=FAST_SCRYPT, remember_key=True, keystore=store
    )
    assert report.keyring_note is None
    ((service, user),) = backend.entries.keys()
    assert service == "Hearth" and str(paths.data_dir) in user
    remembered = encryption.remembered_key(paths, store)
    assert remembered == encryption.unlock(paths, PASSPHRASE)
    assert encryption.status(paths, store).remembered
    Core.open(paths, key=remembered).close()

    encryption.disable(paths, remembered, keystore=store)
    assert backend.entries == {}


def test_a_profile_without_a_keyring_says_so_and_falls_back_to_asking(paths: Paths) -> None:
    from keyring.backends import fail

    _fill(paths)
    store = KeyStore(paths.data_dir, fail.Keyring())
    report = encryption.enable(
        paths, PASSPHRASE, params=FAST_SCRYPT, remember_key=True, keystore=store
    )
    assert report.keyring_note is not None
    assert "No password keyring is available" in report.keyring_note
    assert encryption.remembered_key(paths, store) is None
    assert looks_encrypted(paths.database)  # encryption itself went ahead


def test_a_stale_keyring_entry_is_not_used(paths: Paths) -> None:
    _fill(paths)
    store = KeyStore(paths.data_dir, MemoryKeyring())
    encryption.enable(paths, PASSPHRASE, params=FAST_SCRYPT, remember_key=True, keystore=store)
    key = encryption.unlock(paths, PASSPHRASE)
    encryption.change_passphrase(paths, key, OTHER_PASSPHRASE, params=FAST_SCRYPT)
    # The old key is still in this keyring (it was another store) but no longer fits.
    assert encryption.remembered_key(paths, store) is None


def test_an_export_of_an_encrypted_profile_stays_encrypted_and_restores(
    paths: Paths, tmp_path: Path
) -> None:
    expected = _fill(paths)
    _adapter(paths)
    encryption.enable(paths, PASSPHRASE, params=FAST_SCRYPT)
    key = encryption.unlock(paths, PASSPHRASE)
    archive = tmp_path / "export.zip"

    with pytest.raises(ArchiveError, match="encrypted"):
        export_all(paths, archive)
    export_all(paths, archive, database_key=key.database_key)

    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        assert "security/encryption.json" in names
        assert json.loads(zf.read("manifest.json"))["encrypted"] is True
        for name in names:
            assert b"XYZZY-4711" not in zf.read(name), name

    encryption.disable(paths, key)  # the live profile is plain now
    assert not config_path(paths.data_dir).exists()
    summary = restore(paths, archive)
    assert summary.backup is not None
    assert looks_encrypted(paths.database) and config_path(paths.data_dir).is_file()
    with pytest.raises(EncryptionLockedError):
        Core.open(paths)
    assert _read(paths, encryption.unlock(paths, PASSPHRASE)) == expected


def test_status_reports_the_state_without_a_key(paths: Paths) -> None:
    _fill(paths)
    _adapter(paths)
    store = KeyStore(paths.data_dir, MemoryKeyring())
    assert encryption.status(paths, store).to_dict()["encrypted"] is False
    encryption.enable(paths, PASSPHRASE, params=FAST_SCRYPT)
    state = encryption.status(paths, store).to_dict()
    assert state["encrypted"] is True
    assert state["encrypted_files"] == 1 and state["plain_files"] == 0
    assert state["remembered_in_keyring"] is False
