"""Write a generated document as .docx, .pdf, .md or .html (the format comes from the suffix)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Final, Literal

from app.templates.errors import DocumentExportError
from app.templates.export.docx_writer import docx_bytes
from app.templates.export.html_writer import html_document, rich_text_html
from app.templates.export.line_breaks import hard_line_breaks
from app.templates.export.pdf_writer import pdf_bytes

ExportFormat = Literal["docx", "pdf", "md", "html"]
FORMATS: Final[dict[str, ExportFormat]] = {
    ".docx": "docx",
    ".pdf": "pdf",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}

__all__ = ["FORMATS", "ExportFormat", "export_document", "format_for", "rich_text_html"]


def format_for(path: Path) -> ExportFormat:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise DocumentExportError(
            f"{path.name}: choose a file ending in .docx, .pdf, .md or .html"
        ) from None


def _markdown_bytes(markdown: str, *, title: str) -> bytes:
    # Hard breaks, so other Markdown viewers keep the lines Hearth shows (see line_breaks).
    return (hard_line_breaks(markdown).rstrip("\n") + "\n").encode("utf-8")


def _html_bytes(markdown: str, *, title: str) -> bytes:
    return html_document(markdown, title=title).encode("utf-8")


_WRITERS: Final[dict[ExportFormat, Callable[..., bytes]]] = {
    "docx": docx_bytes,
    "pdf": pdf_bytes,
    "md": _markdown_bytes,
    "html": _html_bytes,
}


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export_document(markdown: str, path: Path, *, title: str) -> ExportFormat:
    """Write `markdown` to `path` in the format its suffix names; returns that format.

    The file appears complete or not at all. Raises DocumentExportError with the reason.
    """
    file_format = format_for(path)
    try:
        data = _WRITERS[file_format](markdown, title=title)
    except (ValueError, RuntimeError, KeyError, IndexError) as exc:
        raise DocumentExportError(
            f"{path.name}: could not build the {file_format} file: {exc}"
        ) from exc
    try:
        _write_atomically(path, data)
    except OSError as exc:
        raise DocumentExportError(f"{path}: cannot be written ({exc.strerror or exc})") from exc
    return file_format
