"""Reading a PDF's pages with PDFium (pypdfium2): the main PDF text engine.

Measured on the pypdf and pdfminer.six sample corpora (bench/bench_pdf_fidelity.py), PDFium
reads more of the words `pdftotext` finds than pypdf does, recovers files whose cross-reference
table is broken, maps fonts that defeat pypdf (pdfminer's jo.pdf), and is 10-20 times faster.

PDFium is not thread-safe: every call into it holds `_PDFIUM_LOCK`, so two indexing threads in
one process take turns instead of corrupting its state.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from types import TracebackType

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

_PDFIUM_LOCK = threading.Lock()
_IMAGE_SEARCH_LIMIT = 400
# PDFium marks a hyphen it judged to be a line-end hyphenation with U+FFFE; the word continues
# after the line break, so the two halves are joined.
_SOFT_HYPHEN_BREAK = re.compile("\ufffe(?:\r?\n)?")


class PdfiumOpenError(Exception):
    """PDFium could not open the file; `encrypted` when a password is needed."""

    def __init__(self, detail: str, *, encrypted: bool) -> None:
        super().__init__(detail)
        self.encrypted = encrypted


class PdfiumPageError(Exception):
    """PDFium could not read one page."""


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

    def page_text(self, index: int) -> tuple[str, bool]:
        """(text, has_images) of the page at 0-based `index`."""
        with _PDFIUM_LOCK:
            try:
                page = self._document[index]
            except (pdfium.PdfiumError, IndexError) as exc:
                raise PdfiumPageError(str(exc)) from exc
            try:
                textpage = page.get_textpage()
                try:
                    text = textpage.get_text_range()
                finally:
                    textpage.close()
                has_images = _has_images(page)
            except pdfium.PdfiumError as exc:
                raise PdfiumPageError(str(exc)) from exc
            finally:
                page.close()
        return _SOFT_HYPHEN_BREAK.sub("", text), has_images

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
