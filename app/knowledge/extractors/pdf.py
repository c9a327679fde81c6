"""PDF: one section per page, read by PDFium, with pypdf as the second opinion.

Each page's text is scored (`text_quality`). A page PDFium reads badly, or not at all, is read
again with pypdf; the better text is kept. A page whose text is garbage in both (a font without
a usable text mapping) or that has no text but images (a scan) is listed in `unreadable_pages`
and never indexed as text; a page neither engine can parse is skipped. Either way the rest is
indexed, and a note tells the user what was left out and what to do.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from app.knowledge.errors import DocumentError, damaged_file_error
from app.knowledge.extractors.pdf_annotation_text import not_shown, page_text
from app.knowledge.extractors.pdf_notes import pages_phrase, them, unreadable_notes
from app.knowledge.extractors.pdf_pypdf import PypdfEncrypted, PypdfPages
from app.knowledge.limits import Deadline
from app.knowledge.sections import ExtractedDocument, Section
from app.knowledge.text_quality import TextQuality, agreement, assess_text, word_count

if TYPE_CHECKING:
    from app.knowledge.extractors.pdf_pdfium import PdfiumPage, PdfiumPages

_log = logging.getLogger(__name__)

# Two engines that read a doubtful page alike are both right: the text is unusual, not broken.
_AGREEMENT_MIN = 0.8
# A page where this share of PDFium's text objects give no text holds text in a font without a
# usable mapping: pypdf may read it; if not, the page is read only in part.
_UNMAPPED_MIN = 0.2
_MORE_WORDS = 1.2
_PASSWORD_PROBLEM = "this PDF is password-protected; remove the password and add it again"


class PageState(Enum):
    TEXT = "text"
    PARTIAL = "partial"  # indexed, but some of its text could not be read: needs OCR too
    UNREADABLE = "unreadable"  # garbage text, or a scan without text: needs OCR
    FAILED = "failed"  # no engine could parse the page
    BLANK = "blank"  # no text and no images: nothing to read


@dataclass(frozen=True)
class PageResult:
    state: PageState
    text: str = ""
    annotations: str = ""  # what the page's annotations and form widgets show, a piece a line


@dataclass(frozen=True)
class _Reading:
    text: str
    quality: TextQuality


def extract_pdf(path: Path, deadline: Deadline) -> ExtractedDocument:
    primary = _open_pdfium(path)
    second = _LazyPypdf(path)
    if primary is None:
        fallback = second.get()
        if fallback is None and second.encrypted:
            raise DocumentError(path, _PASSWORD_PROBLEM, kind="encrypted")
        if fallback is None:
            raise damaged_file_error(
                path,
                "pdf",
                second.failure or ValueError("neither PDFium nor pypdf could open it"),
                problem="this PDF is damaged and could not be read",
            )
        count = fallback.page_count
        title = fallback.title()
    else:
        count = primary.page_count
        title = primary.title()
    results: list[PageResult] = []
    try:
        for index in range(count):
            deadline.check()
            results.append(_read_page(index, primary, second))
    finally:
        if primary is not None:
            primary.close()
    reader = second.get()
    form = reader.form_values() if reader is not None else []
    return _document(path, results, count, title, form)


def _open_pdfium(path: Path) -> PdfiumPages | None:
    # Imported on first use: loading PDFium costs every start of Hearth about 0.1 s otherwise.
    from app.knowledge.extractors.pdf_pdfium import PdfiumOpenError, PdfiumPages

    try:
        pages = PdfiumPages(path)
    except PdfiumOpenError as exc:
        if exc.encrypted:
            raise DocumentError(path, _PASSWORD_PROBLEM, kind="encrypted") from exc
        _log.info("PDFium could not open %s (%s); trying pypdf", path, exc)
        return None
    if pages.page_count == 0:
        # A page tree PDFium cannot follow; pypdf's non-strict reader may still find pages.
        pages.close()
        return None
    return pages


class _LazyPypdf:
    """pypdf, opened on first need, once; None when it cannot open the file."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._pages: PypdfPages | None = None
        self._tried = False
        self.encrypted = False
        self.failure: Exception | None = None  # why pypdf could not open it (for the log)

    def get(self) -> PypdfPages | None:
        if not self._tried:
            self._tried = True
            try:
                self._pages = PypdfPages(self._path)
            except PypdfEncrypted:
                # Only a refusal when PDFium could not open the file either: pypdf lacks
                # some ciphers PDFium has.
                self.encrypted = True
            except Exception as exc:  # a parser on untrusted input can raise anything
                self.failure = exc
                _log.info("pypdf could not open %s", self._path, exc_info=True)
        return self._pages


def _read_page(index: int, primary: PdfiumPages | None, second: _LazyPypdf) -> PageResult:
    checker = second.get() if primary is not None else None
    if checker is not None and not checker.content_within_limits(index):
        return PageResult(PageState.FAILED)
    page = _pdfium_page(index, primary)
    result = _page_text(index, page, second)
    annotations = page.annotations if page is not None else _pypdf_comments(index, second)
    if not annotations or result.state not in (PageState.TEXT, PageState.PARTIAL, PageState.BLANK):
        return result
    # A page of nothing but filled-in fields or comments is a page with text.
    state = PageState.TEXT if result.state is PageState.BLANK else result.state
    return PageResult(state, result.text, annotations)


def _page_text(index: int, page: PdfiumPage | None, second: _LazyPypdf) -> PageResult:
    first = _Reading(page.text, assess_text(page.text)) if page is not None else None
    partly_unmapped = page is not None and page.unmapped_share >= _UNMAPPED_MIN
    if first is not None and _usable(first) and not first.quality.doubtful and not partly_unmapped:
        return PageResult(PageState.TEXT, first.text)
    other, other_failed = _pypdf_reading(index, second)
    if first is None and other is None:
        return PageResult(PageState.FAILED)
    if other_failed and (first is None or not first.text.strip()):
        # PDFium shows nothing where pypdf hits an error (an unknown filter, a stream over
        # pypdf's size limit): the page holds something neither engine can read.
        return PageResult(PageState.FAILED)
    if partly_unmapped:
        return _partly_unmapped(first, other)
    return _choose(first, other, page is not None and page.has_images)


def _pypdf_comments(index: int, second: _LazyPypdf) -> str:
    pages = second.get()
    if pages is None or index >= pages.page_count:
        return ""
    return pages.annotation_comments(index)


def _pdfium_page(index: int, primary: PdfiumPages | None) -> PdfiumPage | None:
    from app.knowledge.extractors.pdf_pdfium import PdfiumPageError

    if primary is None:
        return None
    try:
        return primary.page(index)
    except PdfiumPageError:
        _log.info("PDFium could not read page %d", index + 1, exc_info=True)
        return None


def _usable(reading: _Reading | None) -> bool:
    return reading is not None and bool(reading.text.strip()) and not reading.quality.garbage


def _partly_unmapped(first: _Reading | None, other: _Reading | None) -> PageResult:
    """Some of the page's text is in a font PDFium cannot map: pypdf's text when it read more
    real words, else what PDFium read, indexed, with the page listed for OCR."""
    if other is not None and _usable(other):
        pdfium_words = word_count(first.text) if first is not None else 0
        if word_count(other.text) > pdfium_words * _MORE_WORDS:
            return PageResult(PageState.TEXT, other.text)
    if first is not None and _usable(first):
        return PageResult(PageState.PARTIAL, first.text)
    return PageResult(PageState.UNREADABLE)


def _pypdf_reading(index: int, second: _LazyPypdf) -> tuple[_Reading | None, bool]:
    """(reading, failed): failed when pypdf opened the file but could not parse this page."""
    pages = second.get()
    if pages is None or index >= pages.page_count:
        return None, False
    try:
        text = pages.page_text(index)
    except Exception:  # LimitReachedError, NotImplementedError (a filter), any parser error
        _log.info("pypdf could not read page %d", index + 1, exc_info=True)
        return None, True
    return _Reading(text, assess_text(text)), False


def _choose(first: _Reading | None, other: _Reading | None, has_images: bool) -> PageResult:
    readings = [r for r in (first, other) if r is not None and r.text.strip()]
    if not readings:
        return PageResult(PageState.UNREADABLE if has_images else PageState.BLANK)
    usable = [r for r in readings if not r.quality.garbage]
    if not usable:
        return PageResult(PageState.UNREADABLE)
    if len(usable) == 2 and agreement(usable[0].text, usable[1].text) >= _AGREEMENT_MIN:
        return PageResult(PageState.TEXT, usable[0].text)
    best = max(usable, key=lambda r: r.quality.score)  # the first engine wins ties
    return PageResult(PageState.TEXT, best.text)


def _document(
    path: Path,
    results: list[PageResult],
    count: int,
    title: str,
    form: list[tuple[str, str]],
) -> ExtractedDocument:
    failed = _pages_in(results, PageState.FAILED)
    if count and len(failed) == count:
        raise DocumentError(path, "this PDF is damaged: no page could be read", kind="corrupt")
    unreadable = _pages_in(results, PageState.UNREADABLE)
    partial = _pages_in(results, PageState.PARTIAL)
    sections = tuple(
        Section(
            text=page_text(result.text, result.annotations), label=f"page {number}", page=number
        )
        for number, result in enumerate(results, start=1)
        if result.state in (PageState.TEXT, PageState.PARTIAL)
    )
    form = not_shown(form, [result.annotations for result in results])
    if form:  # a filled-in form's answers live in its fields, not in the pages' text
        filled = "\n".join(f"{name}: {value}" for name, value in form)
        sections += (Section(text=filled, label="form fields", heading="Form fields"),)
    notes: list[str] = []
    if failed:
        notes.append(
            f"{pages_phrase(failed)} could not be read (damaged, or made with a "
            "feature Hearth cannot read); the rest is indexed. If a PDF viewer shows "
            f"{them(failed)}, save or print the PDF as a new file and add that."
        )
    notes.extend(unreadable_notes(unreadable, partial))
    return ExtractedDocument(
        format="pdf",
        sections=sections,
        page_count=count,
        title=title,
        notes=tuple(notes),
        unreadable_pages=tuple(sorted(unreadable + partial)),
    )


def _pages_in(results: list[PageResult], state: PageState) -> list[int]:
    return [number for number, r in enumerate(results, start=1) if r.state is state]
