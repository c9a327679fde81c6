"""Refuse Office/ODF archives that are damaged, encrypted or would inflate into a zip bomb.

DOCX, XLSX, PPTX and ODT files are zip archives. The check reads only the central directory
(declared sizes); Python's zipfile never inflates an entry past its declared size, so the
declared total bounds what the extractor libraries can unpack.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from app.knowledge.errors import DocumentError
from app.knowledge.formats import sniff_signature
from app.knowledge.limits import ExtractionLimits

_MB = 1024 * 1024


def check_office_archive(path: Path, fmt: str, head: bytes, limits: ExtractionLimits) -> None:
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
        what = sniff_signature(head)
        detail = f" (it is {what})" if what else ""
        raise DocumentError(
            path, f"this is not a valid {label} file{detail}; it may be damaged", kind="corrupt"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DocumentError(
            path, f"this {label} file is damaged and cannot be opened ({exc})", kind="corrupt"
        ) from exc
    if len(entries) > limits.max_zip_entries:
        raise DocumentError(
            path,
            f"this {label} holds {len(entries):,} files inside; that is not a normal document "
            "(refused as a possible zip bomb)",
            kind="zip_bomb",
        )
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise DocumentError(path, f"this {label} is password-protected", kind="encrypted")
    unpacked = sum(entry.file_size for entry in entries)
    packed = max(1, sum(entry.compress_size for entry in entries))
    if unpacked > limits.max_unzipped_bytes:
        raise DocumentError(
            path,
            f"this {label} would unpack to {unpacked / _MB:,.0f} MB (limit "
            f"{limits.max_unzipped_bytes / _MB:,.0f} MB); refused as a possible zip bomb",
            kind="zip_bomb",
        )
    ratio = unpacked / packed
    if unpacked >= limits.ratio_check_from_bytes and ratio > limits.max_zip_ratio:
        raise DocumentError(
            path,
            f"this {label} would unpack to {ratio:,.0f} times its size "
            f"({unpacked / _MB:,.0f} MB); refused as a possible zip bomb",
            kind="zip_bomb",
        )
