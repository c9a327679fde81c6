"""Everything of the user's in one zip ("Export all my data"), and putting it back ("Restore").

The archive holds a consistent snapshot of the database (SQLite's backup API, so a running app
can export), the settings file, and the files Hearth owns (adapter copies; model copies on
request, since they are large). `manifest.json` lists every member with its size and sha256.

An encrypted profile exports encrypted: the database snapshot keeps its key (the backup API copies
it into a file keyed the same way), adapter copies stay encrypted, and encryption.json (salt and
scrypt cost, never a key) goes along, so the archive opens only with the passphrase that was in
effect when it was made. Restoring it asks for that passphrase at the next start.

Restore never writes over the live database while it is open: the archive is checked first
(manifest, sizes, hashes, no paths outside the data folder, the database's integrity and schema
version), then the current data is backed up, and only then are files replaced, each one
atomically. The GUI stages a restore and applies it at the next start, before the database
opens; the CLI applies it at once.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any, Final

from app import __version__
from app.archive import (
    ArchiveKind,
    ArchiveReadError,
    ArchiveWriteError,
    ManifestZip,
    MemberRule,
    ReadLimits,
    file_member,
    open_manifest_zip,
    write_manifest_zip,
)
from app.archive.kinds import GIB, MIB
from app.config import Paths
from app.storage import cipher, migrations
from app.storage.errors import StorageError

FORMAT: Final = "hearth-data"
FORMAT_VERSION: Final = 1
DATABASE_MEMBER: Final = "database/hearth.sqlite3"
SETTINGS_MEMBER: Final = "config/settings.json"
ENCRYPTION_MEMBER: Final = "security/encryption.json"
ENCRYPTION_FILE: Final = "encryption.json"  # in data_dir (app.security.encryption_config)
PENDING_NAME: Final = "restore-pending.zip"
# What a restore accepts: generous (models are large), but finite, and checked before any byte
# is inflated; the free disk space is checked against the declared sizes as well.
LIMITS: Final = ReadLimits(
    max_members=100_000,
    max_manifest_bytes=64 * MIB,
    ratio_floor_bytes=64 * MIB,
)
_FILE_RULES: Final = {
    # SQLite's secure_delete zero-fills freed pages: a real database may compress very well.
    DATABASE_MEMBER: MemberRule("the database", 256 * GIB, ratio_checked=False),
    SETTINGS_MEMBER: MemberRule("the settings", 16 * MIB),
    ENCRYPTION_MEMBER: MemberRule("the encryption settings", 1 * MIB),
}
_FOLDER_RULES: Final = {
    "adapters": MemberRule("an adapter file", 256 * GIB),
    "models": MemberRule("a model file", 256 * GIB),
}

Progress = Callable[[int, int], None]


class ArchiveError(Exception):
    """An export or restore could not be done; `str(error)` says why. Nothing was changed."""


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    members: int
    bytes_stored: int


@dataclass(frozen=True)
class RestoreSummary:
    restored: tuple[str, ...]
    backup: Path | None  # where the data that was replaced went


def _keyed(conn: sqlite3.Connection, key: bytes) -> sqlite3.Connection:
    conn.execute(f"PRAGMA key = {cipher.key_literal(key)}")
    return conn


def _snapshot_database(source: Path, target: Path, key: bytes | None = None) -> None:
    """A consistent copy of a live WAL database (readers and writers may keep going).

    With `key` (an encrypted database) the copy is encrypted with the same key.
    """
    if key is None:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(target)
    else:
        dbapi = cipher.driver()
        src = _keyed(dbapi.connect(f"file:{source}?mode=ro", uri=True), key)
        dst = _keyed(dbapi.connect(str(target)), key)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _database_errors() -> tuple[type[BaseException], ...]:
    return (sqlite3.Error, cipher.driver().Error)


def _owned_files(paths: Paths, include_models: bool) -> list[tuple[Path, str]]:
    folders = [(paths.adapters_dir, "adapters")]
    if include_models:
        folders.append((paths.models_dir, "models"))
    found: list[tuple[Path, str]] = []
    for folder, prefix in folders:
        if not folder.is_dir():
            continue
        for file in sorted(folder.rglob("*")):
            # Partial downloads and copies in progress are not the user's data yet.
            if file.is_file() and not file.name.endswith((".partial", ".incomplete")):
                found.append((file, f"{prefix}/{file.relative_to(folder).as_posix()}"))
    return found


def export_all(
    paths: Paths,
    out: Path,
    *,
    include_models: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    database_key: bytes | None = None,
) -> ExportSummary:
    """Write the archive to `out` (atomically: a cancelled or failed export leaves nothing).

    `database_key`: the raw key of an encrypted database (`Core.encryption_key.database_key`).
    """
    out = Path(out).expanduser()
    if not paths.database.is_file():
        raise ArchiveError(f"there is no database at {paths.database} to export")
    encrypted = cipher.looks_encrypted(paths.database)
    if encrypted and database_key is None:
        raise ArchiveError(
            f"the database {paths.database} is encrypted: unlock Hearth with the passphrase "
            "before exporting"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hearth-export-") as tmp:
        snapshot = Path(tmp) / "hearth.sqlite3"
        try:
            _snapshot_database(paths.database, snapshot, database_key if encrypted else None)
        except _database_errors() as exc:
            raise ArchiveError(f"could not read the database {paths.database}: {exc}") from exc
        members: list[tuple[Path, str]] = [(snapshot, DATABASE_MEMBER)]
        if paths.settings_file.is_file():
            members.append((paths.settings_file, SETTINGS_MEMBER))
        if encrypted:
            encryption_file = paths.data_dir / ENCRYPTION_FILE
            if not encryption_file.is_file():
                raise ArchiveError(
                    f"{encryption_file} is missing: an encrypted export without it could "
                    "never be opened"
                )
            members.append((encryption_file, ENCRYPTION_MEMBER))
        members += _owned_files(paths, include_models)

        def manifest(entries: list[dict[str, Any]]) -> bytes:
            content = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "hearth_version": __version__,
                "schema_version": migrations.LATEST_VERSION,
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "encrypted": encrypted,
                "members": entries,
            }
            return json.dumps(content, indent=2).encode("utf-8")

        try:
            written = write_manifest_zip(
                out,
                [file_member(file, name) for file, name in members],
                manifest,
                spare_bytes=64 << 20,
                progress=progress,
                cancel=cancel,
            )
        except ArchiveWriteError as exc:
            raise ArchiveError(str(exc)) from exc
    return ExportSummary(out, len(written.entries), written.bytes_in)


# ---- restore -----------------------------------------------------------------------------------


def _rule_for(name: str) -> MemberRule | None:
    head, _, rest = name.partition("/")
    if name in _FILE_RULES:
        return _FILE_RULES[name]
    return _FOLDER_RULES.get(head) if rest else None


DATA_EXPORT: Final = ArchiveKind(
    format=FORMAT,
    format_version=FORMAT_VERSION,
    title="a Hearth data export",
    noun="a data export",
    short_noun="an export",
    folder="Hearth's folders",
    version_word="export format",
    total_scope="",
    rule_for=_rule_for,
)


@contextmanager
def _checked_archive(archive: Path) -> Iterator[ManifestZip]:
    """The archive, its directory and manifest checked (app.archive). A refusal, then or while
    extracting inside the `with`, is an ArchiveError."""
    try:
        with open_manifest_zip(archive, DATA_EXPORT, LIMITS) as checked:
            yield checked
    except ArchiveReadError as exc:
        raise ArchiveError(str(exc)) from exc


def _target_of(paths: Paths, name: str) -> Path:
    """Where a member goes (the reader let through only the names `_rule_for` knows)."""
    if name == DATABASE_MEMBER:
        return paths.database
    if name == SETTINGS_MEMBER:
        return paths.settings_file
    if name == ENCRYPTION_MEMBER:
        return paths.data_dir / ENCRYPTION_FILE
    head, *rest = PurePosixPath(name).parts
    roots = {"adapters": paths.adapters_dir, "models": paths.models_dir}
    return roots[head].joinpath(*rest)


def _check_database(db_file: Path, source: Path, key: bytes | None = None) -> None:
    """Integrity and schema version of the archive's database.

    An encrypted one is checked when `key` opens it. Otherwise (the export was made under
    another passphrase) only its checksum was verified; the passphrase asked for at the next
    start opens it, and the data replaced is kept in the before-restore backup.
    """
    encrypted = cipher.looks_encrypted(db_file)
    try:
        if encrypted:
            if key is None:
                return
            try:
                conn = cipher.open_with_key(db_file, key, timeout_s=5.0)
            except StorageError:
                return  # another passphrase: see above
        else:
            conn = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
        try:
            (status,) = conn.execute("PRAGMA integrity_check").fetchone()
            (version,) = conn.execute("PRAGMA user_version").fetchone()
        finally:
            conn.close()
    except _database_errors() as exc:
        raise ArchiveError(f"{source.name}: the database in it cannot be read ({exc})") from exc
    if status != "ok":
        raise ArchiveError(f"{source.name}: the database in it is damaged ({status})")
    if int(version) > migrations.LATEST_VERSION:
        raise ArchiveError(
            f"{source.name} comes from a newer Hearth (schema v{version}); this version "
            f"understands up to v{migrations.LATEST_VERSION}. Update Hearth first"
        )


def restore(paths: Paths, archive: Path, *, database_key: bytes | None = None) -> RestoreSummary:
    """Replace the user's data with the archive's. The database must not be open.

    `database_key`: the key of the current (encrypted) database, needed to back it up first;
    it also lets an encrypted archive made under the same passphrase be checked in full.
    """
    archive = Path(archive).expanduser()
    with (
        _checked_archive(archive) as checked,
        tempfile.TemporaryDirectory(prefix="hearth-restore-", dir=paths.data_dir) as tmp,
    ):
        staged: list[tuple[Path, Path, str]] = []
        entries = checked.entries
        names = [str(e["name"]) for e in entries]
        if DATABASE_MEMBER not in names:
            raise ArchiveError(f"{archive.name} holds no database")
        total = sum(int(e["size"]) for e in entries)
        free = shutil.disk_usage(paths.data_dir).free
        if free < 2 * total:
            raise ArchiveError(
                f"not enough free space to restore {archive.name}: it needs about "
                f"{2 * total / 1e6:,.0f} MB and {free / 1e6:,.0f} MB are free"
            )
        for index, entry in enumerate(entries):
            name = str(entry["name"])
            target = _target_of(paths, name)
            temp = Path(tmp) / f"{index}.part"
            checked.extract(entry, temp)
            staged.append((temp, target, name))
        db_file = next(t for t, _, n in staged if n == DATABASE_MEMBER)
        if cipher.looks_encrypted(db_file) and ENCRYPTION_MEMBER not in names:
            raise ArchiveError(
                f"{archive.name} holds an encrypted database without its encryption settings"
            )
        _check_database(db_file, archive, database_key)

        backup = _backup_current(paths, database_key)
        if ENCRYPTION_MEMBER not in names:
            # A plain archive: the current encryption settings would describe nothing.
            (paths.data_dir / ENCRYPTION_FILE).unlink(missing_ok=True)
        for temp, target, _name in staged:
            target.parent.mkdir(parents=True, exist_ok=True)
            if target == paths.database:
                # The old WAL belongs to the old database: it must not be replayed into this one.
                for suffix in ("-wal", "-shm"):
                    Path(f"{target}{suffix}").unlink(missing_ok=True)
            os.replace(temp, target)
        return RestoreSummary(tuple(names), backup)


def _backup_current(paths: Paths, database_key: bytes | None = None) -> Path | None:
    if not paths.database.is_file():
        return None
    paths.backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = paths.backups_dir / f"before-restore-{stamp}.zip"
    export_all(paths, target, database_key=database_key)
    return target


def stage_restore(paths: Paths, archive: Path) -> Path:
    """Check the archive now, apply it at the next start (the running app holds the database)."""
    archive = Path(archive).expanduser()
    with _checked_archive(archive):
        pass
    pending = paths.data_dir / PENDING_NAME
    shutil.copyfile(archive, pending)
    return pending


def apply_pending_restore(
    paths: Paths, *, database_key: bytes | None = None
) -> RestoreSummary | None:
    """Run at start-up before the database opens; a failed restore leaves the data as it was."""
    pending = paths.data_dir / PENDING_NAME
    if not pending.is_file():
        return None
    try:
        return restore(paths, pending, database_key=database_key)
    finally:
        pending.unlink(missing_ok=True)
