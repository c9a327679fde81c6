"""Text a PDF page shows in its annotations and form widgets, read with PDFium.

PDFium's text page holds only the page's own content. What a viewer draws on top of it, from
each annotation's appearance stream (a filled-in form field, a list box's options, a stamp, a
free-text comment), and the comment text of notes and highlights (`/Contents`), is read here.

The appearances are read by flattening the page in memory (`FPDFPage_Flatten`: the document on
disk is never written) and keeping the characters of the text objects flattening added. They are
not read off the flattened page as a whole: an annotation drawn over the page's text would cut
its words in two ("Dumm" + "PDF" + "y"). Callers hold PDFium's lock.
"""

from __future__ import annotations

import ctypes
import re
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# Links and pop-up windows carry no text of their own (a pop-up repeats its parent's comment).
_SKIPPED_SUBTYPES = frozenset({pdfium_c.FPDF_ANNOT_LINK, pdfium_c.FPDF_ANNOT_POPUP})
# A page of thousands of annotations (a map's links) is not worth minutes of flattening.
_ANNOTATION_LIMIT = 500
_SPACES = re.compile(r"[ \t]+")


def annotation_text(document: pdfium.PdfDocument, index: int, page: pdfium.PdfPage) -> str:
    """The text of the annotations on `page` (at 0-based `index` of `document`), one piece a
    line, in the page's reading order: appearances first, then comments they do not show.

    Flattening changes the page in memory and closes `page`: it must not be used after.
    """
    count = min(pdfium_c.FPDFPage_GetAnnotCount(page), _ANNOTATION_LIMIT)
    comments: list[str] = []
    shown = False
    for number in range(count):
        annot = pdfium_c.FPDFPage_GetAnnot(page, number)
        if not annot:
            continue
        try:
            subtype = pdfium_c.FPDFAnnot_GetSubtype(annot)
            if subtype in _SKIPPED_SUBTYPES:
                continue
            shown = True
            if subtype != pdfium_c.FPDF_ANNOT_WIDGET:  # a widget's /Contents is its tooltip
                comments.append(_string_value(annot, b"Contents"))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    appearances = _flattened_text(document, index, page) if shown else ""
    lines = _lines(appearances)
    seen = _comparable("\n".join(lines))
    for comment in comments:
        for line in _lines(comment):
            if _comparable(line) not in seen:
                lines.append(line)
                seen += "\n" + _comparable(line)
    return "\n".join(lines)


def _flattened_text(document: pdfium.PdfDocument, index: int, page: pdfium.PdfPage) -> str:
    before = pdfium_c.FPDFPage_CountObjects(page)
    result = pdfium_c.FPDFPage_Flatten(page, pdfium_c.FLAT_NORMALDISPLAY)
    page.close()
    if result != pdfium_c.FLATTEN_SUCCESS:
        return ""
    flat = document[index]  # flattening takes effect when the page is loaded again
    try:
        added: set[int] = set()
        for number in range(before, pdfium_c.FPDFPage_CountObjects(flat)):
            _collect_text_objects(pdfium_c.FPDFPage_GetObject(flat, number), added, depth=0)
        if not added:
            return ""
        textpage = flat.get_textpage()
        try:
            return _chars_of(textpage, added)
        finally:
            textpage.close()
    finally:
        flat.close()


def _collect_text_objects(obj: Any, found: set[int], depth: int) -> None:
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
        address = ctypes.cast(obj, ctypes.c_void_p).value
        if address is not None:
            found.add(address)
    elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 8:  # appearances nest form XObjects
        for number in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
            _collect_text_objects(pdfium_c.FPDFFormObj_GetObject(obj, number), found, depth + 1)


def _chars_of(textpage: pdfium.PdfTextPage, objects: set[int]) -> str:
    """The characters of the text page drawn by `objects`, with the spaces and line breaks PDFium
    put between them; a line break where characters of the page's own text came between."""
    text = textpage.get_text_range()
    if len(text) != textpage.count_chars():  # characters beyond UTF-16's first plane
        return ""
    out: list[str] = []
    last = -1
    for position in range(len(text)):
        obj = pdfium_c.FPDFText_GetTextObject(textpage, position)
        if ctypes.cast(obj, ctypes.c_void_p).value not in objects:
            continue
        if last >= 0 and position > last + 1:
            between = text[last + 1 : position]
            out.append(between if not between.strip() else "\n")
        out.append(text[position])
        last = position
    return "".join(out)


def _string_value(annot: object, key: bytes) -> str:
    size = pdfium_c.FPDFAnnot_GetStringValue(annot, key, None, 0)
    if size <= 2:  # the UTF-16 terminator alone
        return ""
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFAnnot_GetStringValue(
        annot, key, ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), size
    )
    return buffer.raw[: size - 2].decode("utf-16-le", "replace")


def _lines(text: str) -> list[str]:
    cleaned = (_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n"))
    return [line for line in cleaned if line]


def _comparable(text: str) -> str:
    return _SPACES.sub(" ", text).casefold()
