"""Why a manifest zip was refused or could not be written; `str(error)` names the file and the
problem. Each front (assistant packs, data exports) turns these into its own error type."""

from __future__ import annotations


class ArchiveReadError(ValueError):
    """The archive was refused (or could not be checked); nothing was extracted anywhere."""


class UnsafeMemberError(ArchiveReadError):
    """A member's name would leave the extraction folder (zip-slip), is absolute, a folder, a
    symbolic link, or a name this kind of archive never holds."""


class ArchiveSizeError(ArchiveReadError):
    """Too many members, a member or the whole too large, or a compression-ratio bomb."""


class ArchiveFormatError(ArchiveReadError):
    """Not a zip, a damaged one, duplicate names, or a manifest this Hearth does not read."""


class ArchiveChecksumError(ArchiveReadError):
    """A member is missing, unlisted, or its content does not match the manifest."""


class ArchiveWriteError(Exception):
    """The archive could not be written; the partial file was removed."""
