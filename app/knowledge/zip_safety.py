"""Refuse Office/ODF archives that are damaged, encrypted or would inflate into a zip bomb.

DOCX, XLSX, PPTX and ODT files are zip archives. First the central directory (declared sizes,
entry count, ratio); then every entry is inflated once, in small slices, with a running count
of the bytes it really yields. The declared sizes cannot be trusted: zipfile reads a whole
compressed entry and inflates it in one call when a library asks for all of it, so an entry
that lies about its size would reach gigabytes in memory before zipfile cuts it to the
declared length. The streaming pass refuses it at its first byte past the declared size (or
past the archive's cap), holding no more than one slice.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path
from typing import IO

from app.knowledge.errors import DocumentError, damaged_file_error, resave_advice
from app.knowledge.formats import not_this_format
from app.knowledge.limits import Deadline, ExtractionLimits

_MB = 1024 * 1024
_READ_BYTES = 64 * 1024  # compressed bytes read at a time
_INFLATE_BYTES = 1024 * 1024  # most output one inflate call may produce
_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")
_LOCAL_SIGNATURE = b"PK\x03\x04"


def check_office_archive(
    path: Path,
    fmt: str,
    head: bytes,
    limits: ExtractionLimits,
    deadline: Deadline | None = None,
) -> None:
    label = fmt.upper()
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        # Encrypted OOXML files are wrapped in an OLE compound file; so are legacy .doc/.xls.
        raise DocumentError(
            path,
            f"this {label} is password-protected (or an old-style Office file saved with the "
            "wrong extension); save an unprotected copy and add that",
            kind="encrypted",
        )
    if not head.startswith(b"PK"):
        raise DocumentError(path, not_this_format(fmt, head), kind="corrupt")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            _check_directory(path, label, entries, limits)
            assert archive.fp is not None
            _check_inflated_sizes(path, label, archive.fp, entries, limits, deadline)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as exc:
        raise damaged_file_error(
            path, fmt, exc, problem=f"this {label} file is damaged and cannot be opened"
        ) from exc


def _bomb(path: Path, what: str) -> DocumentError:
    return DocumentError(
        path,
        f"{what}; that is not a normal document, so it was refused (a possible zip bomb). "
        "If you trust it, open it in its app and save a new copy, or split it into smaller files",
        kind="zip_bomb",
    )


def _check_directory(
    path: Path, label: str, entries: list[zipfile.ZipInfo], limits: ExtractionLimits
) -> None:
    if len(entries) > limits.max_zip_entries:
        raise _bomb(path, f"this {label} holds {len(entries):,} files inside")
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise DocumentError(
            path,
            f"this {label} is password-protected; save an unprotected copy and add that",
            kind="encrypted",
        )
    unpacked = sum(entry.file_size for entry in entries)
    packed = max(1, sum(entry.compress_size for entry in entries))
    if unpacked > limits.max_unzipped_bytes:
        raise _bomb(
            path,
            f"this {label} would unpack to {unpacked / _MB:,.0f} MB (limit "
            f"{limits.max_unzipped_bytes / _MB:,.0f} MB)",
        )
    ratio = unpacked / packed
    if unpacked >= limits.ratio_check_from_bytes and ratio > limits.max_zip_ratio:
        raise _bomb(
            path,
            f"this {label} would unpack to {ratio:,.0f} times its size ({unpacked / _MB:,.0f} MB)",
        )
    unknown = {e.compress_type for e in entries} - {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
    if unknown:
        # Office and LibreOffice only ever store or deflate; other methods cannot be inflated
        # in bounded slices here.
        raise DocumentError(
            path,
            f"this {label} file uses a compression method Office files do not use; "
            f"{resave_advice(label.lower())}, then add that copy",
            kind="corrupt",
        )


def _check_inflated_sizes(
    path: Path,
    label: str,
    handle: IO[bytes],
    entries: list[zipfile.ZipInfo],
    limits: ExtractionLimits,
    deadline: Deadline | None,
) -> None:
    """Inflate every entry in slices; refuse the archive as soon as an entry yields more than
    it declares or the whole yields more than `limits.max_unzipped_bytes`."""
    total = 0
    for entry in entries:
        if entry.compress_type == zipfile.ZIP_STORED:
            total += entry.compress_size
            continue
        handle.seek(_data_offset(handle, entry))
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        produced = 0
        left = entry.compress_size
        pending = b""
        while left > 0 or pending:
            if not pending:
                if deadline is not None:
                    deadline.check()
                pending = handle.read(min(_READ_BYTES, left))
                if not pending:
                    break  # truncated: zipfile reports it when the extractor reads
                left -= len(pending)
            produced += len(inflater.decompress(pending, _INFLATE_BYTES))
            pending = inflater.unconsumed_tail
            if produced > entry.file_size or total + produced > limits.max_unzipped_bytes:
                raise _bomb(
                    path,
                    f"this {label} holds a part that unpacks to more than it declares "
                    f"(over {(total + produced) / _MB:,.0f} MB so far)",
                )
            if inflater.eof:
                break
        total += produced


def _data_offset(handle: IO[bytes], entry: zipfile.ZipInfo) -> int:
    """Where an entry's compressed bytes start: after its local header, whose name and extra
    field lengths may differ from the central directory's."""
    handle.seek(entry.header_offset)
    header = handle.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size or not header.startswith(_LOCAL_SIGNATURE):
        raise zipfile.BadZipFile(f"bad local header for {entry.filename!r}")
    fields = _LOCAL_HEADER.unpack(header)
    name_length: int = fields[9]
    extra_length: int = fields[10]
    return entry.header_offset + _LOCAL_HEADER.size + name_length + extra_length
