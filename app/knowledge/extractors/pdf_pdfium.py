"""Reading a PDF's pages with PDFium (pypdfium2): the main PDF text engine.

Measured on the pypdf and pdfminer.six sample corpora (bench/bench_pdf_fidelity.py), PDFium
reads more of the words `pdftotext` finds than pypdf does, recovers files whose cross-reference
table is broken (pdfminer's simple1.pdf), maps fonts that defeat pypdf (pdfminer's jo.pdf), and
read the 117 pages of pypdf's GeoTopo sample in 0.3 s where pypdf took 5.3 s.

PDFium is not thread-safe: every call into it holds `_PDFIUM_LOCK`, so two indexing threads in
one process take turns instead of corrupting its state.
"""

from __future__ import annotations

import ctypes
import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from app.knowledge.extractors.pdf_annotations import annotation_text
from app.knowledge.extractors.pdf_letter_gaps import widen_word_gaps
from app.knowledge.letter_spacing import LETTER_SPACED_LINE

if TYPE_CHECKING:
    from PIL import Image

_log = logging.getLogger(__name__)
_PDFIUM_LOCK = threading.Lock()
_IMAGE_SEARCH_LIMIT = 400
_TEXT_OBJECT_LIMIT = 1000
_MIN_EXTENT = 0.5  # points
# PDFium marks a hyphen it judged to be a line-end hyphenation with U+FFFE; the word continues
# after the line break, so the two halves are joined.
_SOFT_HYPHEN_BREAK = re.compile("\ufffe(?:\r?\n)?")
# "Fake bold" draws each word twice, a hair apart, and PDFium then reports every character
# twice: "MMuunniicciippaalliittéé". No real word of six or more letters doubles every letter.
_DOUBLED_WORD = re.compile(r"\b(?:([^\W\d_])\1){3,}\b")


class PdfiumOpenError(Exception):
    """PDFium could not open the file; `encrypted` when a password is needed."""

    def __init__(self, detail: str, *, encrypted: bool) -> None:
        super().__init__(detail)
        self.encrypted = encrypted


class PdfiumPageError(Exception):
    """PDFium could not read one page."""


@dataclass(frozen=True)
class PdfiumPage:
    text: str
    has_images: bool
    # Share of the page's text objects PDFium maps to no characters at all: their font has no
    # usable text mapping, so the text it returns is only part of what the page shows.
    unmapped_share: float
    # What its annotations and form widgets show, and their comments: one piece a line.
    annotations: str = ""


class PdfiumPages:
    """An open PDF: its page count and each page's text. Use as a context manager."""

    def __init__(self, path: Path) -> None:
        with _PDFIUM_LOCK:
            try:
                self._document = pdfium.PdfDocument(str(path))
                self.page_count = len(self._document)
            except pdfium.PdfiumError as exc:
                code = getattr(exc, "err_code", None)
                raise PdfiumOpenError(
                    str(exc), encrypted=code == pdfium_c.FPDF_ERR_PASSWORD
                ) from exc

    def page(self, index: int) -> PdfiumPage:
        """The page at 0-based `index`."""
        with _PDFIUM_LOCK:
            try:
                page = self._document[index]
            except (pdfium.PdfiumError, IndexError) as exc:
                raise PdfiumPageError(str(exc)) from exc
            try:
                textpage = page.get_textpage()
                try:
                    text = textpage.get_text_range()
                    if LETTER_SPACED_LINE.search(text):
                        text = widen_word_gaps(text, textpage)
                    unmapped = _unmapped_share(page, textpage)
                finally:
                    textpage.close()
                has_images = _has_images(page)
            except pdfium.PdfiumError as exc:
                page.close()
                raise PdfiumPageError(str(exc)) from exc
            annotations = self._annotations(index, page)  # closes the page
        return PdfiumPage(_cleaned(text), has_images, unmapped, annotations)

    def _annotations(self, index: int, page: pdfium.PdfPage) -> str:
        try:
            return annotation_text(self._document, index, page)
        except pdfium.PdfiumError:
            # The page's own text is worth keeping without its annotations.
            _log.info("PDFium could not read the annotations of page %d", index + 1, exc_info=True)
            return ""
        finally:
            page.close()

    def render(self, index: int, dpi: float, max_pixels: int) -> Image.Image:
        """The page at 0-based `index` as a greyscale image for OCR, at `dpi` or less: a page
        so large that `dpi` would exceed `max_pixels` is rendered smaller."""
        with _PDFIUM_LOCK:
            try:
                page = self._document[index]
            except (pdfium.PdfiumError, IndexError) as exc:
                raise PdfiumPageError(str(exc)) from exc
            try:
                width, height = page.get_size()  # points
                scale = dpi / 72
                area = max(1.0, width * height) * scale * scale
                if area > max_pixels:
                    scale *= (max_pixels / area) ** 0.5
                bitmap = page.render(scale=scale, grayscale=True)
                image: Image.Image = bitmap.to_pil()
                bitmap.close()
            except pdfium.PdfiumError as exc:
                raise PdfiumPageError(str(exc)) from exc
            finally:
                page.close()
        return image

    def title(self) -> str:
        with _PDFIUM_LOCK:
            try:
                return str(self._document.get_metadata_dict(skip_empty=True).get("Title", ""))
            except pdfium.PdfiumError:
                return ""

    def close(self) -> None:
        with _PDFIUM_LOCK:
            self._document.close()

    def __enter__(self) -> PdfiumPages:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _cleaned(text: str) -> str:
    text = _SOFT_HYPHEN_BREAK.sub("", text)
    return _DOUBLED_WORD.sub(lambda match: match.group(0)[::2], text)


def _has_images(page: pdfium.PdfPage) -> bool:
    """A page without text but with images is most likely scanned, and worth OCR later.

    A scan's image is among the page's first objects; looking at no more than a few hundred
    keeps a page of a million vector paths from costing minutes.
    """
    count = pdfium_c.FPDFPage_CountObjects(page)
    for index in range(min(count, _IMAGE_SEARCH_LIMIT)):
        obj = pdfium_c.FPDFPage_GetObject(page, index)
        if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            return True
    return False


def _unmapped_share(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> float:
    """Share of the first text objects that give no text (pdfminer's jo.pdf: 49 of 65)."""
    total = empty = 0
    count = pdfium_c.FPDFPage_CountObjects(page)
    for index in range(count):
        obj = pdfium_c.FPDFPage_GetObject(page, index)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue
        total += 1
        # The length in bytes of the UTF-16 text with its terminator: 2 means no text. An
        # empty object without extent is an empty string drawn, not unmapped glyphs.
        if pdfium_c.FPDFTextObj_GetText(obj, textpage, None, 0) <= 2 and _has_extent(obj):
            empty += 1
        if total >= _TEXT_OBJECT_LIMIT:
            break
    return empty / total if total else 0.0


def _has_extent(obj: object) -> bool:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetBounds(
        obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)
    ):
        return False
    # Vertical text has no width, horizontal text no height until its glyphs are known.
    return max(right.value - left.value, top.value - bottom.value) > _MIN_EXTENT
