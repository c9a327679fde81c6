"""Manifest zips: one writer and one reader shared by assistant packs and data exports.

An archive is a zip whose `manifest.json` lists every other member with its size and sha256.
The writer streams members in and renames the finished file into place; the reader checks the
directory and the manifest before anything is inflated and verifies each member as it extracts.
Qt-free; each front keeps its own layout (`ArchiveKind`) and error type.
"""

from app.archive.errors import (
    ArchiveChecksumError,
    ArchiveFormatError,
    ArchiveReadError,
    ArchiveSizeError,
    ArchiveWriteError,
    UnsafeMemberError,
)
from app.archive.kinds import MANIFEST, ArchiveKind, MemberRule, ReadLimits, human_size
from app.archive.reader import ManifestZip, open_manifest_zip
from app.archive.writer import (
    ExportCancelled,
    WrittenZip,
    ZipMember,
    file_member,
    write_manifest_zip,
)

__all__ = [
    "MANIFEST",
    "ArchiveChecksumError",
    "ArchiveFormatError",
    "ArchiveKind",
    "ArchiveReadError",
    "ArchiveSizeError",
    "ArchiveWriteError",
    "ExportCancelled",
    "ManifestZip",
    "MemberRule",
    "ReadLimits",
    "UnsafeMemberError",
    "WrittenZip",
    "ZipMember",
    "file_member",
    "human_size",
    "open_manifest_zip",
    "write_manifest_zip",
]
