"""Scanned PDF pages: the pages `extract_pdf` lists as unreadable are rendered and OCR'd.

A page with no text (a scan) gets the OCR text; a page read only in part (some text in a font
without a mapping) keeps its text layer unless OCR found more words. The notes that told the
user to OCR those pages are replaced by what OCR could and could not read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from app.knowledge.extractors.pdf_notes import pages_phrase, unreadable_notes
from app.knowledge.limits import Deadline, ExtractionLimits
from app.knowledge.ocr.engine import OcrUnavailable
from app.knowledge.ocr.reader import OcrProgress, OcrRun, ocr_notes, read_pages
from app.knowledge.ocr.runtime import OCR_MISSING
from app.knowledge.sections import ExtractedDocument, Section
from app.knowledge.text_quality import word_count

if TYPE_CHECKING:
    from PIL import Image

    from app.knowledge.extractors.pdf_pdfium import PdfiumPages

_log = logging.getLogger(__name__)

# 11-point text is about 30 px high at 200 dpi, above the 48 px line height the recogniser
# scales to only by a little; 300 dpi would render and hash 2.25 times the pixels for it.
RENDER_DPI = 200


def ocr_unreadable_pages(
    path: Path,
    document: ExtractedDocument,
    deadline: Deadline,
    limits: ExtractionLimits,
    progress: OcrProgress | None = None,
) -> ExtractedDocument:
    if not document.unreadable_pages:
        return document
    from app.knowledge.extractors.pdf_pdfium import PdfiumOpenError, PdfiumPages

    try:
        pdf = PdfiumPages(path)
    except PdfiumOpenError:
        _log.info("PDFium cannot open %s for OCR", path, exc_info=True)
        return document
    try:
        wanted = document.unreadable_pages
        run = read_pages(
            ((number, _renderer(pdf, number, limits)) for number in wanted),
            len(wanted),
            deadline,
            limits,
            label=lambda number: f"page {number}",
            progress=progress,
        )
    except OcrUnavailable:
        _log.warning("OCR is not available; scanned pages stay unread", exc_info=True)
        return replace(document, notes=(*document.notes, OCR_MISSING))
    finally:
        pdf.close()
    return _merged(document, run.sections, run, limits)


def _renderer(pdf: PdfiumPages, number: int, limits: ExtractionLimits) -> Callable[[], Image.Image]:
    return lambda: pdf.render(number - 1, RENDER_DPI, limits.max_image_pixels)


def _merged(
    document: ExtractedDocument, found: list[Section], run: OcrRun, limits: ExtractionLimits
) -> ExtractedDocument:
    by_page = {section.page: section for section in found}
    texted = {section.page for section in document.sections}
    partial = [page for page in document.unreadable_pages if page in texted]
    unreadable = [page for page in document.unreadable_pages if page not in texted]
    sections: list[Section] = []
    replaced: set[int] = set()
    for section in document.sections:
        ocr = by_page.get(section.page)
        page = section.page or 0
        if (
            ocr is not None
            and page not in replaced
            and word_count(ocr.text) > word_count(section.text)
        ):
            replaced.add(page)
            sections.append(ocr)
        elif page not in replaced:
            sections.append(section)
    sections.extend(s for s in found if s.page not in texted)
    sections.sort(key=lambda s: s.page or 0)
    confidence_of = dict(zip(run.pages, run.confidences, strict=True))
    read = [page for page in run.pages if page not in texted or page in replaced]
    stale = set(unreadable_notes(unreadable, partial))
    not_ocred = set(run.noise) | set(run.empty) | (set(partial) - replaced)
    still_unread = sorted(not_ocred | set(run.over_limit) | set(run.out_of_time))
    notes = [note for note in document.notes if note not in stale]
    # Pages OCR found nothing usable on keep the text extraction's note; the pages it did not
    # reach (limits) get OCR's own.
    notes.extend(
        unreadable_notes(
            [page for page in unreadable if page in not_ocred],
            [page for page in partial if page in not_ocred],
        )
    )
    notes.extend(ocr_notes(run, "page", pages_phrase, limits.max_ocr_pages, unread=False))
    confidences = [confidence_of[page] for page in read]
    return replace(
        document,
        sections=tuple(sections),
        notes=tuple(notes),
        unreadable_pages=tuple(still_unread),
        ocr_pages=tuple(sorted(read)),
        ocr_confidence=sum(confidences) / len(confidences) if confidences else None,
    )
