"""PDF: one section per page (pypdf)."""

from __future__ import annotations

import logging
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PdfStreamError

from app.knowledge.errors import DocumentError, damaged_file_error
from app.knowledge.limits import Deadline
from app.knowledge.sections import ExtractedDocument, Section

# pypdf logs every recoverable oddity of a damaged file as a warning; those are not ours to show.
logging.getLogger("pypdf").setLevel(logging.ERROR)

_BROKEN = (
    PdfReadError,
    PdfStreamError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    AssertionError,
    RecursionError,
    EOFError,
    OSError,
)


def extract_pdf(path: Path, deadline: Deadline) -> ExtractedDocument:
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            _unlock(path, reader)
        pages = reader.pages
        count = len(pages)
    except DocumentError:
        raise
    except _BROKEN as exc:
        raise damaged_file_error(path, "pdf", exc) from exc
    sections: list[Section] = []
    failed_pages = 0
    for number in range(1, count + 1):
        deadline.check()
        try:
            text = pages[number - 1].extract_text(extraction_mode="plain")
        except _BROKEN:
            # One unreadable page should not lose the rest of the document.
            failed_pages += 1
            continue
        sections.append(Section(text=text, label=f"page {number}", page=number))
    if count and failed_pages == count:
        raise DocumentError(path, "this PDF is damaged: no page could be read", kind="corrupt")
    title = ""
    try:
        meta = reader.metadata
        title = str(meta.title or "") if meta is not None else ""
    except _BROKEN:
        pass
    notes = (f"{failed_pages} unreadable pages skipped",) if failed_pages else ()
    return ExtractedDocument(
        format="pdf", sections=tuple(sections), page_count=count, title=title, notes=notes
    )


def _unlock(path: Path, reader: PdfReader) -> None:
    """Open a PDF encrypted with an empty user password ("no copying" PDFs); refuse others."""
    try:
        opened = reader.decrypt("")
    except (DependencyError, FileNotDecryptedError, NotImplementedError, *_BROKEN) as exc:
        raise DocumentError(
            path,
            "this PDF is encrypted and cannot be opened without its password",
            kind="encrypted",
        ) from exc
    if not opened:
        raise DocumentError(
            path,
            "this PDF is password-protected; remove the password and add it again",
            kind="encrypted",
        )
