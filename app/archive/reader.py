"""Read a manifest zip without trusting it: the one reader for assistant packs and data exports.

The order matters. The zip's directory is checked first (member count, names, zip-slip, absolute
names, duplicates, folders, symbolic links, encryption, declared sizes, compression ratios), so
a hostile archive is refused before a byte of it is inflated; then the manifest (size, JSON,
format, version, every entry's name, size and sha256) is matched against the directory: nothing
unlisted, nothing missing, no size that differs. Only `extract` writes, one member at a time,
to a target the caller chose, with reads capped at the declared size and the sha256 verified.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Any, Final

from app.archive.errors import (
    ArchiveChecksumError,
    ArchiveFormatError,
    ArchiveReadError,
    ArchiveSizeError,
    UnsafeMemberError,
)
from app.archive.kinds import MANIFEST, ArchiveKind, MemberRule, ReadLimits, human_size

CHUNK: Final = 1 << 20
# Room left on the disk after a member is extracted (logs, the database's journal).
SPARE_DISK_BYTES: Final = 64 << 20
_SHA256_HEX: Final = frozenset("0123456789abcdef")
# What zipfile raises on a damaged or unsupported member.
_DAMAGE: Final = (zipfile.BadZipFile, EOFError, ValueError, zlib.error, NotImplementedError)


def _check_name(name: str, label: str, kind: ArchiveKind) -> None:
    """Refuse names that could land outside a folder if anyone ever extracted them by name."""
    pure = PurePosixPath(name)
    if (
        not name
        or name.startswith(("/", "\\"))
        or "\\" in name
        or ".." in pure.parts
        or (len(name) > 1 and name[1] == ":")
        or "\x00" in name
    ):
        raise UnsafeMemberError(
            f"{label}: refused the member {name!r}: its path leaves {kind.folder} "
            f"(a zip-slip attack or a damaged file)"
        )


class ManifestZip:
    """An archive whose directory and manifest passed every check; use it as a context manager.

    `entries` are the manifest's member entries as written (each has at least a name, a size and
    a sha256); `manifest_bytes` are the manifest's exact bytes (a signature covers them).
    """

    def __init__(
        self, source: Path, kind: ArchiveKind, limits: ReadLimits, zf: zipfile.ZipFile
    ) -> None:
        self.source = source
        self.label = source.name
        self.kind = kind
        self.limits = limits
        self._zf = zf
        self._infos = self._check_directory()
        self.manifest_bytes, self.manifest = self._read_manifest()
        self.entries = self._check_entries()
        self.packed_bytes = source.stat().st_size

    # ---- context manager ---------------------------------------------------------------------

    def __enter__(self) -> ManifestZip:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._zf.close()

    # ---- the directory -----------------------------------------------------------------------

    def _rule(self, name: str) -> MemberRule:
        if name == MANIFEST:
            return MemberRule("the manifest", self.limits.max_manifest_bytes)
        rule = self.kind.rule_for(name)
        if rule is None:
            raise UnsafeMemberError(
                f"{self.label}: {name!r} is not a file {self.kind.noun} may hold"
            )
        return rule

    def _check_directory(self) -> dict[str, zipfile.ZipInfo]:
        label, limits = self.label, self.limits
        infos = self._zf.infolist()
        if len(infos) > limits.max_members:
            raise ArchiveSizeError(
                f"{label} holds {len(infos):,} files; {self.kind.short_noun} may hold at most "
                f"{limits.max_members:,} (refused as a possible zip bomb)"
            )
        found: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            name = info.filename
            _check_name(name, label, self.kind)
            if name in found:
                raise ArchiveFormatError(f"{label}: {name!r} appears twice in the zip")
            if info.is_dir():
                raise UnsafeMemberError(f"{label}: {name!r} is a folder entry; it holds files only")
            if stat.S_ISLNK(info.external_attr >> 16):
                raise UnsafeMemberError(
                    f"{label}: {name!r} is a symbolic link; it holds files only"
                )
            if info.flag_bits & 0x1:
                raise ArchiveFormatError(f"{label}: {name!r} is encrypted; Hearth's zips are not")
            rule = self._rule(name)
            if info.file_size > rule.max_bytes:
                raise ArchiveSizeError(
                    f"{label}: {name} is {human_size(info.file_size)}, more than the "
                    f"{human_size(rule.max_bytes)} allowed for {rule.label}"
                )
            if (
                rule.ratio_checked
                and info.file_size > limits.ratio_floor_bytes
                and info.file_size > limits.max_compression_ratio * max(1, info.compress_size)
            ):
                raise ArchiveSizeError(
                    f"{label}: {name} would unpack from {human_size(info.compress_size)} to "
                    f"{human_size(info.file_size)}; refused as a zip bomb"
                )
            if rule.counts_toward_total:
                total += info.file_size
            found[name] = info
        if limits.max_total_bytes is not None and total > limits.max_total_bytes:
            raise ArchiveSizeError(
                f"{label} would unpack to {human_size(total)}{self.kind.total_scope}; "
                f"the limit is {human_size(limits.max_total_bytes)}"
            )
        return found

    # ---- the manifest ------------------------------------------------------------------------

    def _read_manifest(self) -> tuple[bytes, dict[str, Any]]:
        label, kind = self.label, self.kind
        info = self._infos.get(MANIFEST)
        if info is None:
            raise ArchiveFormatError(f"{label} is not {kind.noun} (it has no {MANIFEST})")
        raw = self._read_capped(info)
        try:
            manifest = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ArchiveFormatError(f"{label}: {MANIFEST} is not valid JSON ({exc})") from exc
        if not isinstance(manifest, dict) or manifest.get("format") != kind.format:
            raise ArchiveFormatError(f"{label} is not {kind.title} (its manifest says otherwise)")
        version = manifest.get("format_version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise ArchiveFormatError(f"{label}: the manifest has no format_version")
        if version > kind.format_version:
            raise ArchiveFormatError(
                f"{label} was made by a newer Hearth ({kind.version_word} {version}); this "
                f"Hearth reads {kind.version_word} {kind.format_version}. Update Hearth to open it"
            )
        if version < 1:
            raise ArchiveFormatError(f"{label}: invalid {kind.version_word} {version}")
        return raw, manifest

    def _check_entries(self) -> list[dict[str, Any]]:
        label = self.label
        entries = self.manifest.get("members")
        if not isinstance(entries, list) or not entries:
            raise ArchiveFormatError(f"{label}: the manifest lists no members")
        listed: set[str] = set()
        for index, entry in enumerate(entries, start=1):
            where = f"{label}: manifest member #{index}"
            if not isinstance(entry, dict):
                raise ArchiveFormatError(f"{where} is not an object")
            name, size, sha256 = (entry.get(k) for k in ("name", "size", "sha256"))
            if not isinstance(name, str) or not name:
                raise ArchiveFormatError(f"{where} has no valid name")
            _check_name(name, label, self.kind)
            if not isinstance(size, int) or isinstance(size, bool) or size < 0:
                raise ArchiveFormatError(f"{where} ({name}) has no valid size")
            if not isinstance(sha256, str) or len(sha256) != 64 or not set(sha256) <= _SHA256_HEX:
                raise ArchiveFormatError(f"{where} ({name}) has no valid sha256")
            if name in listed:
                raise ArchiveFormatError(f"{label}: the manifest lists {name} twice")
            listed.add(name)
            info = self._infos.get(name)
            if info is None:
                raise ArchiveChecksumError(f"{label}: {name} is listed in the manifest but missing")
            if info.file_size != size:
                raise ArchiveChecksumError(
                    f"{label}: {name} is {info.file_size:,} bytes, the manifest says {size:,} "
                    "(damaged or altered after it was made)"
                )
        unlisted = sorted(set(self._infos) - listed - {MANIFEST} - self.kind.unlisted_names)
        if unlisted:
            raise ArchiveChecksumError(
                f"{label}: {unlisted[0]} is in it but not in its manifest (added after it was "
                "made?)"
            )
        return entries

    # ---- reading members ---------------------------------------------------------------------

    def _read_capped(self, info: zipfile.ZipInfo) -> bytes:
        try:
            with self._zf.open(info) as handle:
                data = handle.read(info.file_size + 1)
        except (*_DAMAGE, OSError) as exc:
            raise ArchiveFormatError(f"{self.label}: {info.filename} is damaged ({exc})") from exc
        if len(data) != info.file_size:
            raise ArchiveFormatError(f"{self.label}: {info.filename} is not the size the zip says")
        return data

    def read_unlisted(self, name: str) -> bytes | None:
        """The bytes of a member the manifest does not list (one of the kind's
        `unlisted_names`), or None when the archive has none by that name."""
        assert name in self.kind.unlisted_names
        info = self._infos.get(name)
        return None if info is None else self._read_capped(info)

    def extract(self, entry: dict[str, Any], target: Path) -> None:
        """Stream the member of manifest `entry` into `target`, verifying size and sha256.
        On any error `target` is removed: a refused member is never left half-written."""
        name, declared = str(entry["name"]), int(entry["size"])
        try:
            free = shutil.disk_usage(target.parent).free
        except OSError:
            free = declared + SPARE_DISK_BYTES
        if free < declared + SPARE_DISK_BYTES:
            raise ArchiveSizeError(
                f"not enough free disk space to check {self.label}: {name} needs "
                f"{human_size(declared)}"
            )
        try:
            sha256 = self._copy_capped(self._infos[name], declared, target)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        if sha256 != entry["sha256"]:
            target.unlink(missing_ok=True)
            raise ArchiveChecksumError(
                f"{self.label}: {name} does not match its checksum in the manifest: it was "
                "damaged or altered after it was made"
            )

    def _copy_capped(self, info: zipfile.ZipInfo, declared: int, target: Path) -> str:
        """Copy the member to `target`, reading no more than `declared` bytes; its sha256."""
        label, name = self.label, info.filename
        digest = hashlib.sha256()
        written = 0
        try:
            with self._zf.open(info) as src, target.open("wb") as dst:
                while block := src.read(CHUNK):
                    written += len(block)
                    if written > declared:  # a lying header must not fill the disk
                        raise ArchiveSizeError(f"{label}: {name} is larger than it says")
                    digest.update(block)
                    dst.write(block)
        except _DAMAGE as exc:
            raise ArchiveChecksumError(f"{label}: {name} is damaged ({exc})") from exc
        except OSError as exc:
            problem = exc.strerror or exc
            raise ArchiveReadError(f"could not check {label}: {name}: {problem}") from exc
        if written != declared:
            raise ArchiveChecksumError(f"{label}: {name} is not the size the manifest gives")
        return digest.hexdigest()


def open_manifest_zip(source: Path, kind: ArchiveKind, limits: ReadLimits) -> ManifestZip:
    """Open and check the archive at `source`; raises an ArchiveReadError subclass that names
    the problem. Nothing is extracted until the caller asks (`ManifestZip.extract`)."""
    source = Path(source).expanduser()
    try:
        zf = zipfile.ZipFile(source)
    except FileNotFoundError:
        raise ArchiveFormatError(f"{source}: file not found") from None
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        raise ArchiveFormatError(
            f"{source.name} is not {kind.noun}: it cannot be opened as a zip (not a readable "
            f"zip: {exc})"
        ) from exc
    try:
        return ManifestZip(source, kind, limits, zf)
    except BaseException:
        zf.close()
        raise
