"""Reading any supported file into an ExtractedDocument, behind every safety check.

Order matters: size first (never read a 500 MB file), then the format's own guard (zip bomb,
encryption, binary content, encoding), then extraction under a deadline, then "has any text".
"""

from __future__ import annotations

import logging
import re
import threading
import zipfile
from dataclasses import replace
from pathlib import Path

from app.knowledge.errors import DocumentError, damaged_file_error, unreadable_file_error
from app.knowledge.extractors.csv_table import extract_csv
from app.knowledge.extractors.docx import extract_docx
from app.knowledge.extractors.email_message import extract_eml
from app.knowledge.extractors.html import extract_html
from app.knowledge.extractors.markdown import extract_markdown
from app.knowledge.extractors.odt import extract_odt
from app.knowledge.extractors.pdf import extract_pdf
from app.knowledge.extractors.plain_text import extract_rtf, extract_text
from app.knowledge.extractors.pptx import extract_pptx
from app.knowledge.extractors.xlsx import extract_xlsx
from app.knowledge.formats import ZIP_FORMATS, format_for, not_this_format
from app.knowledge.limits import Deadline, ExtractionLimits, PageProgress, check_size
from app.knowledge.ocr.runtime import OCR_MISSING, ocr_runtime_available
from app.knowledge.sections import ExtractedDocument
from app.knowledge.text_decoding import check_not_binary, decode_text
from app.knowledge.zip_safety import check_office_archive

_log = logging.getLogger(__name__)

MEMORY_PROBLEM = (
    "reading it needs more memory than Hearth allows a document; close other apps or split it "
    "into smaller files"
)

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+\n")
_BLANK_RUNS = re.compile(r"\n{3,}")


def extract_document(
    path: Path,
    *,
    limits: ExtractionLimits | None = None,
    cancel: threading.Event | None = None,
    progress: PageProgress | None = None,
) -> ExtractedDocument:
    """The text of `path` in positioned sections. Raises DocumentError with a specific message.
    `progress(page, pages)` is called before each page read with OCR (a long step)."""
    limits = limits or ExtractionLimits()
    fmt = format_for(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise DocumentError(path, "the file does not exist", kind="not_found") from exc
    except OSError as exc:
        raise unreadable_file_error(path, exc) from exc
    if not path.is_file():
        raise DocumentError(path, "this is a folder or device, not a file", kind="unreadable")
    check_size(path, size, limits)
    deadline = Deadline(path, limits.max_seconds, cancel)
    try:
        document = _extract(path, fmt, deadline, limits, progress)
    except DocumentError:
        raise
    except MemoryError as exc:
        raise DocumentError(path, MEMORY_PROBLEM, kind="too_large") from exc
    except PermissionError as exc:  # other OSErrors from a parser mean damaged content
        raise unreadable_file_error(path, exc) from exc
    except Exception as exc:  # third-party parsers on untrusted input can raise anything
        raise damaged_file_error(path, fmt, exc) from exc
    document = _cleaned(document)
    if document.char_count > limits.max_chars:
        raise DocumentError(
            path,
            f"it holds {document.char_count:,} characters of text (limit {limits.max_chars:,}); "
            "split it into smaller files",
            kind="too_large",
        )
    if not document.has_text:
        if document.unreadable_pages:  # its notes would speak of "the rest", and there is none
            advice = f". {OCR_MISSING}" if OCR_MISSING in document.notes else ""
            raise DocumentError(path, f"{_NO_READABLE_PAGE}{advice}", kind="empty")
        # A failed document keeps no notes: what was skipped is said in its error.
        why = "".join(f". {note}" for note in document.notes)
        raise DocumentError(path, f"{_empty_message(fmt)}{why}", kind="empty")
    return document


def _extract(
    path: Path,
    fmt: str,
    deadline: Deadline,
    limits: ExtractionLimits,
    progress: PageProgress | None = None,
) -> ExtractedDocument:
    with path.open("rb") as handle:
        head = handle.read(8192)
    if fmt == "pdf":
        if b"%PDF-" not in head[:1024]:
            raise DocumentError(path, not_this_format(fmt, head), kind="corrupt")
        document = extract_pdf(path, deadline)
        if not document.unreadable_pages:
            return document
        if not ocr_runtime_available(limits):
            return replace(document, notes=(*document.notes, OCR_MISSING))
        # Imported here: OCR loads onnxruntime, which only a scan should cost.
        from app.knowledge.ocr.pdf_pages import ocr_unreadable_pages

        return ocr_unreadable_pages(path, document, deadline, limits, progress)
    if fmt == "image":
        if not ocr_runtime_available(limits):
            problem = f"pictures are read with OCR, which is not installed. {OCR_MISSING}"
            raise DocumentError(path, problem, kind="unsupported")
        from app.knowledge.extractors.image import extract_image

        return extract_image(path, head, deadline, limits, progress)
    if fmt in ZIP_FORMATS:
        check_office_archive(path, fmt, head, limits, deadline)
        try:
            if fmt == "xlsx":
                return extract_xlsx(path, deadline, limits)
            return _ZIP_EXTRACTORS[fmt](path, deadline)
        except (zipfile.BadZipFile, KeyError) as exc:
            raise damaged_file_error(
                path, fmt, exc, problem=f"this {fmt.upper()} file is damaged or incomplete"
            ) from exc
    data = path.read_bytes()
    if fmt == "eml":
        check_not_binary(path, data)
        return extract_eml(path, data, deadline, limits, extract_child=extract_document)
    text = decode_text(path, data)
    if fmt == "csv":
        return extract_csv(path, text, deadline)
    if fmt == "html":
        return extract_html(path, text, deadline)
    if fmt == "markdown":
        return extract_markdown(path, text, deadline)
    if fmt == "rtf":
        return extract_rtf(path, text, deadline)
    return extract_text(path, text, deadline)


_ZIP_EXTRACTORS = {
    "docx": extract_docx,
    "pptx": extract_pptx,
    "odt": extract_odt,
}


def _clean_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_CHARS.sub("", text)
    text = _TRAILING_SPACE.sub("\n", text)
    return _BLANK_RUNS.sub("\n\n", text).strip()


def _cleaned(document: ExtractedDocument) -> ExtractedDocument:
    sections = tuple(
        s.with_text(cleaned) for s in document.sections if (cleaned := _clean_text(s.text))
    )
    return replace(document, sections=sections)


_NO_READABLE_PAGE = (
    "no page of this PDF has text Hearth can read (the pages may be scanned, or use a font "
    "without a text mapping); to search it, add a copy with a text layer, for example after OCR"
)


def _empty_message(fmt: str) -> str:
    if fmt == "pdf":
        return "this PDF has no text to index (it may be scanned pages, which need OCR first)"
    return "the document is empty: there is no text in it to index"
