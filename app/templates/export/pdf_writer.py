"""Markdown -> .pdf (fpdf2): headings, paragraphs with bold/italic, lists, tables, quotes."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Final

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from app.templates.export.blocks import (
    Block,
    CodeBlock,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Table,
    parse_markdown,
    plain_text,
)
from app.templates.export.pdf_fonts import find_unicode_font, latin1_safe

_BODY_SIZE: Final = 11
_LINE: Final = 6.0
_HEADING_SIZES: Final = {1: 20, 2: 15, 3: 13}
_INDENT: Final = 7.0
_SAFE_LINKS: Final = ("http://", "https://", "mailto:")
# Font subsetting logs a line per table at INFO (some 150 lines for one export): noise in the
# user's log. Their warnings still get through.
_CHATTY_LOGGERS: Final = ("fontTools", "fpdf")


class _PdfDocument:
    def __init__(self, title: str) -> None:
        self.pdf = FPDF(format="A4")
        self.pdf.set_margins(20, 20, 20)
        self.pdf.set_auto_page_break(True, margin=18)
        fonts = find_unicode_font()
        self.text: Callable[[str], str]
        if fonts is not None:
            self.family = "HearthSans"
            for style, path in (
                ("", fonts.regular),
                ("B", fonts.bold),
                ("I", fonts.italic),
                ("BI", fonts.bold_italic),
            ):
                self.pdf.add_font(self.family, style, str(path))
            self.text = str
        else:
            self.family = "Helvetica"
            self.text = latin1_safe
        self.pdf.set_title(self.text(title))
        self.pdf.set_creator("Hearth")
        self.pdf.add_page()
        self.font()

    def font(self, style: str = "", size: float = _BODY_SIZE) -> None:
        self.pdf.set_font(self.family, style, size)

    def runs(self, runs: Inline, *, base_style: str = "") -> None:
        for run in runs:
            style = base_style
            if run.bold and "B" not in style:
                style += "B"
            if run.italic and "I" not in style:
                style += "I"
            self.font("".join(sorted(style)))  # fpdf2 wants "BI", not "IB"
            link = run.href if run.href.lower().startswith(_SAFE_LINKS) else ""
            self.pdf.write(_LINE, self.text(run.text), link=link)
        self.font()

    def paragraph(self, runs: Inline, *, base_style: str = "") -> None:
        self.runs(runs, base_style=base_style)
        self.pdf.ln(_LINE)
        self.pdf.ln(2)

    def heading(self, block: Heading) -> None:
        size = _HEADING_SIZES.get(block.level, 12)
        self.pdf.ln(2)
        self.font("B", size)
        self.pdf.multi_cell(
            0, size * 0.5, self.text(plain_text(block.runs)), new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.font()
        self.pdf.ln(2)

    def list_block(self, block: ListBlock, depth: int) -> None:
        margin = self.pdf.l_margin
        indent = margin + _INDENT
        for number, item in enumerate(block.items, start=block.start):
            marker = f"{number}." if block.ordered else "\u2022"
            self.pdf.set_x(margin)
            self.font()
            self.pdf.cell(_INDENT, _LINE, self.text(marker) if self.text is str else "-")
            self.pdf.set_left_margin(indent)
            for runs in item.paragraphs:
                self.runs(runs)
                self.pdf.ln(_LINE)
            for child in item.children:
                self.list_block(child, depth + 1)
            self.pdf.set_left_margin(margin)
        self.pdf.ln(2)

    def table(self, block: Table) -> None:
        width = max([len(block.header), *(len(row) for row in block.rows)], default=0)
        if width == 0:
            return
        self.font(size=_BODY_SIZE - 1)
        rows = [block.header, *block.rows] if block.header else list(block.rows)
        with self.pdf.table(first_row_as_headings=bool(block.header), line_height=_LINE) as table:
            for cells in rows:
                row = table.row()
                for column in range(width):
                    runs = cells[column] if column < len(cells) else ()
                    row.cell(self.text(plain_text(runs)))
        self.font()
        self.pdf.ln(3)

    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            self.heading(block)
        elif isinstance(block, Paragraph):
            self.paragraph(block.runs)
        elif isinstance(block, ListBlock):
            self.list_block(block, 1)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, CodeBlock):
            self.font(size=_BODY_SIZE - 2)
            self.pdf.multi_cell(
                0, _LINE - 1, self.text(block.text), new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
            self.font()
            self.pdf.ln(2)
        elif isinstance(block, Quote):
            margin = self.pdf.l_margin
            self.pdf.set_left_margin(margin + _INDENT)
            self.pdf.set_x(margin + _INDENT)
            for inner in block.blocks:
                if isinstance(inner, Paragraph):
                    self.paragraph(inner.runs, base_style="I")
                else:
                    self.block(inner)
            self.pdf.set_left_margin(margin)
        elif isinstance(block, Rule):
            y = self.pdf.get_y() + 2
            self.pdf.line(self.pdf.l_margin, y, self.pdf.w - self.pdf.r_margin, y)
            self.pdf.ln(6)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


@contextmanager
def _quiet_font_logging() -> Iterator[None]:
    """The font libraries at WARNING for the export, then back as they were; a level set
    explicitly (debug logging) is raised too, so the log never gets the per-table lines."""
    loggers = [logging.getLogger(name) for name in _CHATTY_LOGGERS]
    before = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(max(logging.WARNING, logger.level))
    try:
        yield
    finally:
        for logger, level in zip(loggers, before, strict=True):
            logger.setLevel(level)


def pdf_bytes(markdown: str, *, title: str) -> bytes:
    with _quiet_font_logging():
        document = _PdfDocument(title)
        for block in parse_markdown(markdown):
            document.pdf.set_x(document.pdf.l_margin)
            document.block(block)
        return document.output()
