"""Encryption at rest for a whole profile: status, unlock, enable, disable, change passphrase.

What is encrypted: the database (SQLCipher, key derived from the passphrase), its upgrade and
daily backups (same key), the adapter copies in the adapters folder and the Adapter Studio's run
folders (training examples, checkpoints, PEFT files, exported adapters; AES-GCM). Model files and
files the user linked from elsewhere are not Hearth's to rewrite and stay as they are.

Whether the profile is encrypted is read from the database file itself (a plain SQLite file starts
with a fixed header), never from encryption.json alone, so an interrupted switch can always be
told apart. Every operation here needs the database closed (`Database.release_connections()`).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.config import Paths
from app.security import database_files, file_crypto
from app.security.encryption_config import (
    EncryptionConfig,
    EncryptionConfigError,
    config_path,
    load_config,
    save_config,
)
from app.security.keyring_store import KeyringUnavailableError, KeyStore
from app.security.keys import MasterKey, ScryptParams, passphrase_problem
from app.security.shred import shred, shred_database_files
from app.storage import cipher
from app.storage.errors import StorageError

log = logging.getLogger(__name__)
PENDING_SUFFIX = ".pending"


class EncryptionError(StorageError):
    """An encryption operation was refused or failed; `str(error)` says why, in words."""


@dataclass(frozen=True)
class EncryptionStatus:
    encrypted: bool
    database: Path
    config_file: Path
    remembered: bool
    keyring_problem: str | None
    encrypted_files: int
    plain_files: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "encrypted": self.encrypted,
            "database": str(self.database),
            "config_file": str(self.config_file) if self.config_file.is_file() else None,
            "remembered_in_keyring": self.remembered,
            "keyring_problem": self.keyring_problem,
            "encrypted_files": self.encrypted_files,
            "plain_files": self.plain_files,
        }


@dataclass(frozen=True)
class ConversionReport:
    key: MasterKey | None
    shredded: tuple[Path, ...] = ()
    backups_converted: tuple[Path, ...] = ()
    files_converted: tuple[Path, ...] = ()
    keyring_note: str | None = None
    notes: tuple[str, ...] = field(default=())


def is_encrypted(paths: Paths) -> bool:
    """True when the profile's database is stored encrypted (a 16-byte read; no KDF)."""
    return cipher.looks_encrypted(paths.database)


# The Adapter Studio's run folders (app.training.pipeline.training_root; named here because
# security sits below training). job.json (paths, settings) and worker.log (the app appends to
# it) stay plain; the worker reads every other file sealed or plain (app.training.sealed_files).
TRAINING_FOLDER = "training"
_PLAIN_RUN_FILES = frozenset({"job.json", "worker.log"})


def _owned_files(paths: Paths) -> list[Path]:
    adapters = paths.adapters_dir
    training = paths.data_dir / TRAINING_FOLDER
    owned = [
        f
        for f in (sorted(adapters.rglob("*")) if adapters.is_dir() else [])
        if f.is_file() and not f.name.startswith(".") and not f.name.endswith(".partial")
    ]
    # Dot files in run folders are sealed writes in progress or conversion leftovers; a plain
    # "state.pt.partial" (a checkpoint write cut short) holds weights and is converted too.
    owned += [
        f
        for f in (sorted(training.rglob("*")) if training.is_dir() else [])
        if f.is_file() and not f.name.startswith(".") and f.name not in _PLAIN_RUN_FILES
    ]
    return owned


def _backup_databases(paths: Paths) -> list[Path]:
    folder = paths.backups_dir
    return sorted(folder.glob("*.sqlite3")) if folder.is_dir() else []


def status(paths: Paths, keystore: KeyStore | None = None) -> EncryptionStatus:
    store = keystore or KeyStore(paths.data_dir)
    files = _owned_files(paths)
    encrypted_files = sum(1 for f in files if file_crypto.is_encrypted_file(f))
    encrypted = is_encrypted(paths)
    return EncryptionStatus(
        encrypted=encrypted,
        database=paths.database,
        config_file=config_path(paths.data_dir),
        remembered=encrypted and remembered_key(paths, store) is not None,
        keyring_problem=store.unavailable_reason(),
        encrypted_files=encrypted_files,
        plain_files=len(files) - encrypted_files,
    )


def _config(paths: Paths) -> EncryptionConfig:
    try:
        return load_config(paths.data_dir)
    except EncryptionConfigError as exc:
        raise EncryptionError(str(exc)) from exc


def unlock(paths: Paths, passphrase: str) -> MasterKey:
    """The master key for `passphrase`; WrongPassphraseError (nothing touched) otherwise.

    Checked against encryption.json's verifier, so a wrong passphrase is told before the
    database is even opened.
    """
    try:
        return _config(paths).unlock(passphrase, paths.database)
    except cipher.WrongPassphraseError:
        finished = _finish_pending(paths, passphrase)
        if finished is None:
            raise
        return finished


def _finish_pending(paths: Paths, passphrase: str) -> MasterKey | None:
    """After a passphrase change cut short once the database had its new key: accept the new
    passphrase and make its settings current. None when that is not the case."""
    current = config_path(paths.data_dir)
    pending = current.with_name(current.name + PENDING_SUFFIX)
    if not pending.is_file():
        return None
    try:
        config = EncryptionConfig.from_json(pending.read_text(encoding="utf-8"), pending)
        key = config.unlock(passphrase, paths.database)
        cipher.open_with_key(paths.database, key.database_key, timeout_s=5.0).close()
    except (EncryptionConfigError, StorageError, OSError):
        return None
    os.replace(pending, current)
    log.warning("finished an interrupted passphrase change for %s", paths.database)
    return key


def remembered_key(paths: Paths, keystore: KeyStore | None = None) -> MasterKey | None:
    """The key kept in the keyring, if there is one and it still fits this profile."""
    store = keystore or KeyStore(paths.data_dir)
    key = store.load()
    if key is None:
        return None
    try:
        config = load_config(paths.data_dir)
    except EncryptionConfigError:
        return None
    return key if key.matches(config.verifier) else None


def _remember(paths: Paths, key: MasterKey, keystore: KeyStore | None) -> str | None:
    store = keystore or KeyStore(paths.data_dir)
    try:
        store.save(key)
    except KeyringUnavailableError as exc:
        return str(exc)
    return None


def remember(paths: Paths, key: MasterKey, keystore: KeyStore | None = None) -> str | None:
    """Keep `key` in the keyring; returns why it could not be kept, or None."""
    return _remember(paths, key, keystore)


def forget(paths: Paths, keystore: KeyStore | None = None) -> bool:
    return (keystore or KeyStore(paths.data_dir)).forget()


def _check_new_passphrase(passphrase: str) -> None:
    problem = passphrase_problem(passphrase)
    if problem is not None:
        raise EncryptionError(problem)


def _check_key(paths: Paths, key: MasterKey) -> EncryptionConfig:
    config = _config(paths)
    if not key.matches(config.verifier):
        raise cipher.WrongPassphraseError(paths.database)
    return config


def enable(
    paths: Paths,
    passphrase: str,
    *,
    params: ScryptParams | None = None,
    remember_key: bool = False,
    keystore: KeyStore | None = None,
) -> ConversionReport:
    """Encrypt the database, its backups and the adapter copies with a new passphrase.

    encryption.json is written first (an encrypted file without it could never be opened); the
    database is converted and checked before the plain file is replaced and then shredded.
    """
    if is_encrypted(paths):
        raise EncryptionError("The data is already encrypted. Nothing was changed.")
    _check_new_passphrase(passphrase)
    config, key = EncryptionConfig.create(passphrase, params or ScryptParams())
    written = save_config(paths.data_dir, config)
    shredded: list[Path] = []
    try:
        if paths.database.is_file() and paths.database.stat().st_size > 0:
            old = database_files.convert_in_place(
                paths.database, old_key=None, new_key=key.database_key
            )
            shredded += shred_database_files(old)
    except BaseException:
        written.unlink(missing_ok=True)  # the database is still plain: no stale settings
        raise
    backups, notes = _encrypt_backups(paths, key, shredded)
    files = [f for f in _owned_files(paths) if file_crypto.encrypt_in_place(f, key)]
    note = _remember(paths, key, keystore) if remember_key else None
    return ConversionReport(key, tuple(shredded), tuple(backups), tuple(files), note, tuple(notes))


def _encrypt_backups(
    paths: Paths, key: MasterKey, shredded: list[Path]
) -> tuple[list[Path], list[str]]:
    converted: list[Path] = []
    notes: list[str] = []
    for backup in _backup_databases(paths):
        if cipher.looks_encrypted(backup):
            continue
        try:
            old = database_files.convert_in_place(backup, old_key=None, new_key=key.database_key)
        except StorageError as exc:
            # A plain copy of the data must not survive next to the encrypted one.
            notes.append(f"The backup {backup.name} could not be encrypted ({exc}); removed.")
            shredded += shred_database_files(backup)
            continue
        shredded += shred_database_files(old)
        converted.append(backup)
    for archive in sorted(paths.backups_dir.glob("*.zip")) if paths.backups_dir.is_dir() else []:
        # Pre-restore archives hold a plain copy of the database.
        shred(archive)
        shredded.append(archive)
        notes.append(f"The plain backup archive {archive.name} was removed.")
    return converted, notes


def disable(paths: Paths, key: MasterKey, *, keystore: KeyStore | None = None) -> ConversionReport:
    """Store everything in plain form again (the database last, then encryption.json goes)."""
    if not is_encrypted(paths):
        raise EncryptionError("The data is not encrypted. Nothing was changed.")
    _check_key(paths, key)
    files = [f for f in _owned_files(paths) if file_crypto.decrypt_in_place(f, key)]
    backups: list[Path] = []
    notes: list[str] = []
    for backup in _backup_databases(paths):
        if not cipher.looks_encrypted(backup):
            continue
        try:
            old = database_files.convert_in_place(backup, old_key=key.database_key, new_key=None)
        except StorageError as exc:
            notes.append(f"The backup {backup.name} could not be decrypted ({exc}); kept as is.")
            continue
        old.unlink(missing_ok=True)
        backups.append(backup)
    old = database_files.convert_in_place(paths.database, old_key=key.database_key, new_key=None)
    old.unlink(missing_ok=True)
    config_path(paths.data_dir).unlink(missing_ok=True)
    forget(paths, keystore)
    return ConversionReport(None, (), tuple(backups), tuple(files), None, tuple(notes))


def change_passphrase(
    paths: Paths,
    key: MasterKey,
    new_passphrase: str,
    *,
    params: ScryptParams | None = None,
    remember_key: bool = False,
    keystore: KeyStore | None = None,
) -> ConversionReport:
    """Re-key the database (`PRAGMA rekey`), its backups and the adapter copies.

    The new settings are written to encryption.json.pending first and renamed over
    encryption.json last; `unlock` finishes an interrupted change (see `_finish_pending`).
    """
    if not is_encrypted(paths):
        raise EncryptionError("The data is not encrypted, so it has no passphrase to change.")
    _check_key(paths, key)
    _check_new_passphrase(new_passphrase)
    config, new_key = EncryptionConfig.create(new_passphrase, params or ScryptParams())
    current = config_path(paths.data_dir)
    pending = current.with_name(current.name + PENDING_SUFFIX)
    pending.write_text(config.to_json(), encoding="utf-8")
    files = [f for f in _owned_files(paths) if file_crypto.reencrypt_in_place(f, key, new_key)]
    backups: list[Path] = []
    notes: list[str] = []
    for backup in _backup_databases(paths):
        try:
            database_files.rekey(backup, key.database_key, new_key.database_key)
            backups.append(backup)
        except StorageError as exc:
            notes.append(f"The backup {backup.name} keeps the old passphrase ({exc}).")
    database_files.rekey(paths.database, key.database_key, new_key.database_key)
    os.replace(pending, current)
    store = keystore or KeyStore(paths.data_dir)
    store.forget()
    note = _remember(paths, new_key, store) if remember_key else None
    return ConversionReport(new_key, (), tuple(backups), tuple(files), note, tuple(notes))
