"""One case per supported document format, for the extractor contract (extractor_contract.py).

Each case writes a real file with the format's own library (or its plain text syntax) holding a
heading and a paragraph chosen by the test, and says where an extractor must report that
paragraph (the label a citation shows) and what the format can carry. Where formats genuinely
differ (a PDF's core font has no CJK glyphs; an email's headers are always text; a zero-byte
zip is not a document at all), the case states it here, so no test skips silently.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import docx
import openpyxl  # type: ignore[import-untyped]
from fpdf import FPDF
from odf.opendocument import OpenDocumentText  # type: ignore[import-untyped]
from odf.text import H, P  # type: ignore[import-untyped]
from pptx import Presentation

from app.knowledge.errors import ProblemKind

# Survives every format whose text is Unicode: accents, Greek, CJK, an emoji beyond the BMP.
UNICODE_TEXT = "Grüße aus Köln — Ελληνικά, 日本語のテキスト 🔥"
# A PDF written with a core font (no embedded TTF, so the test needs no system font) carries
# Latin-1 only.
WESTERN_TEXT = "Grüße aus Köln: café, naïve, 20 £ ½"

Writer = Callable[[Path, str, str], Path]


@dataclass(frozen=True)
class FormatCase:
    fmt: str  # the format name extractors report (formats.py)
    suffix: str
    write: Writer  # (path, heading, paragraph) -> path; "" and "" make a document without text
    # The label of the section holding the paragraph written under `heading`.
    label: Callable[[str], str]
    paged: bool  # sections carry page (or slide) numbers
    unicode_text: str = UNICODE_TEXT
    # What the first half of the file followed by binary bytes is reported as.
    damaged_kind: ProblemKind = "corrupt"
    # What a zero-byte file with this extension is reported as ("corrupt": it is not a valid
    # file of the format at all, e.g. a zip without a directory).
    zero_bytes_kind: ProblemKind = "empty"
    # False where a valid file always holds text (an email's headers), so "no text" cannot occur.
    can_be_blank: bool = True

    @property
    def id(self) -> str:
        return self.fmt

    def file_name(self, stem: str) -> str:
        return stem + self.suffix


def _pdf(path: Path, heading: str, paragraph: str) -> Path:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    pdf.add_page()
    if heading or paragraph:
        pdf.multi_cell(0, 8, f"{heading}\n{paragraph}")
    pdf.output(str(path))
    return path


def _docx(path: Path, heading: str, paragraph: str) -> Path:
    document = docx.Document()
    if heading:
        document.add_heading(heading, level=1)
    if paragraph:
        document.add_paragraph(paragraph)
    document.save(str(path))
    return path


def _xlsx(path: Path, heading: str, paragraph: str) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Notes"
    if heading or paragraph:
        sheet.append([heading])
        sheet.append([paragraph])
    workbook.save(str(path))
    return path


def _pptx(path: Path, heading: str, paragraph: str) -> Path:
    presentation = Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[1])
    # An untouched placeholder holds no text; a blank deck keeps its one empty slide.
    if heading:
        slide.shapes.title.text = heading
    if paragraph:
        slide.placeholders[1].text = paragraph
    presentation.save(str(path))
    return path


def _odt(path: Path, heading: str, paragraph: str) -> Path:
    document = OpenDocumentText()
    if heading:
        document.text.addElement(H(outlinelevel=1, text=heading))
    if paragraph:
        document.text.addElement(P(text=paragraph))
    document.save(str(path))
    return path


def _html(path: Path, heading: str, paragraph: str) -> Path:
    body = f"<h1>{heading}</h1><p>{paragraph}</p>" if heading or paragraph else ""
    path.write_text(
        f"<html><head><meta charset='utf-8'><script>var hidden = 1;</script></head>"
        f"<body>{body}</body></html>",
        encoding="utf-8",
    )
    return path


def _markdown(path: Path, heading: str, paragraph: str) -> Path:
    text = f"# {heading}\n\n{paragraph}\n" if heading or paragraph else "\n\n"
    path.write_text(text, encoding="utf-8")
    return path


def _csv(path: Path, heading: str, paragraph: str) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        # A blank table is separators only; a paragraph with commas is one quoted cell.
        writer.writerows([[heading], [paragraph]] if heading or paragraph else [["", "", ""]] * 2)
    return path


def _text(path: Path, heading: str, paragraph: str) -> Path:
    text = f"{heading}\n\n{paragraph}\n" if heading or paragraph else " \n\t\n"
    path.write_text(text, encoding="utf-8")
    return path


def _rtf_escape(text: str) -> str:
    """RTF keeps non-ASCII as \\uN? escapes of UTF-16 code units (signed 16-bit)."""
    out: list[str] = []
    for unit in _utf16_units(text):
        if unit < 128:
            out.append(chr(unit))
        else:
            out.append(f"\\u{unit - 65536 if unit > 32767 else unit}?")
    return "".join(out)


def _utf16_units(text: str) -> list[int]:
    data = text.encode("utf-16-le")
    return [int.from_bytes(data[i : i + 2], "little") for i in range(0, len(data), 2)]


def _rtf(path: Path, heading: str, paragraph: str) -> Path:
    body = f"{_rtf_escape(heading)}\\par {_rtf_escape(paragraph)}\\par " if heading else ""
    path.write_text(r"{\rtf1\ansi\deff0 {\fonttbl {\f0 Times;}}\f0 " + body + "}", encoding="ascii")
    return path


def _eml(path: Path, heading: str, paragraph: str) -> Path:
    message = EmailMessage()
    message["From"] = "Ana <ana@example.org>"
    message["To"] = "Ben <ben@example.org>"
    message["Subject"] = heading or "(no subject)"
    message.set_content(paragraph or "")
    path.write_bytes(bytes(message))
    return path


def _same(heading: str) -> str:
    return heading


CASES: tuple[FormatCase, ...] = (
    FormatCase(
        "pdf",
        ".pdf",
        _pdf,
        lambda _h: "page 1",
        paged=True,
        unicode_text=WESTERN_TEXT,
        zero_bytes_kind="corrupt",
    ),
    # A DOCX has page numbers only where it holds page breaks; this one has none.
    FormatCase("docx", ".docx", _docx, _same, paged=False, zero_bytes_kind="corrupt"),
    FormatCase(
        "xlsx",
        ".xlsx",
        _xlsx,
        lambda _h: "sheet Notes, rows 1-2",
        paged=False,
        zero_bytes_kind="corrupt",
    ),
    FormatCase("pptx", ".pptx", _pptx, lambda _h: "slide 1", paged=True, zero_bytes_kind="corrupt"),
    FormatCase("odt", ".odt", _odt, _same, paged=False, zero_bytes_kind="corrupt"),
    FormatCase("html", ".html", _html, _same, paged=False, damaged_kind="binary"),
    FormatCase("markdown", ".md", _markdown, _same, paged=False, damaged_kind="binary"),
    FormatCase("csv", ".csv", _csv, lambda _h: "rows 1-2", paged=False, damaged_kind="binary"),
    FormatCase("text", ".txt", _text, lambda _h: "text", paged=False, damaged_kind="binary"),
    FormatCase(
        "rtf",
        ".rtf",
        _rtf,
        lambda _h: "text",
        paged=False,
        damaged_kind="binary",
        zero_bytes_kind="corrupt",
    ),
    FormatCase(
        "eml",
        ".eml",
        _eml,
        lambda _h: "message",
        paged=False,
        damaged_kind="binary",
        zero_bytes_kind="corrupt",
        can_be_blank=False,
    ),
)
