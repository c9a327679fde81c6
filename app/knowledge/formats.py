"""Which extractor reads a file: by extension, checked against the file's first bytes."""

from __future__ import annotations

from pathlib import Path

from app.knowledge.errors import DocumentError

# Extension -> format name.
FORMATS: dict[str, str] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".pptx": "pptx",
    ".odt": "odt",
    ".rtf": "rtf",
    ".csv": "csv",
    ".tsv": "csv",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
    ".log": "text",
    ".eml": "eml",
    # Pictures are read with OCR (extractors/image.py).
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
    ".bmp": "image",
    ".webp": "image",
}

ZIP_FORMATS = frozenset({"docx", "xlsx", "pptx", "odt"})
TEXT_FORMATS = frozenset({"rtf", "csv", "html", "markdown", "text", "eml"})

# Leading bytes of common binary formats, to name what a mislabelled file really is.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF"),
    (b"PK\x03\x04", "a zip archive or an Office file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style or encrypted Office file"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x7fELF", "a program (ELF)"),
    (b"MZ", "a Windows program"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"GGUF", "a GGUF model"),
    (b"SQLite format 3\x00", "an SQLite database"),
)


def supported_extensions() -> tuple[str, ...]:
    return tuple(sorted(FORMATS))


def format_for(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted({s.lstrip(".").upper() for s in FORMATS}))
        raise DocumentError(
            path,
            f"'{path.suffix or 'no extension'}' files are not supported (supported: {known})",
            kind="unsupported",
        )
    return fmt


def sniff_signature(head: bytes) -> str | None:
    """What a file's first bytes say it is, for the binary formats in _SIGNATURES."""
    for magic, name in _SIGNATURES:
        if head.startswith(magic):
            return name
    return None


def not_this_format(fmt: str, head: bytes) -> str:
    """The message for a file whose first bytes do not match its extension's format."""
    label = fmt.upper()
    what = sniff_signature(head)
    if what is None:
        return (
            f"this is not a valid {label} file (it may be damaged or only partly downloaded); "
            f"check that it opens in its own app, then add it again"
        )
    return (
        f"this is not a valid {label} file: its contents are {what}; give it the right "
        "extension or pick the file you meant"
    )
