"""Markdown -> .docx with real Word structure: Heading styles, list styles, tables, runs.

A line break inside a list item or a table cell stays a line break (Shift+Enter in Word).
"""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt
from docx.text.paragraph import Paragraph as DocxParagraph

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
    split_lines,
)

_MAX_LIST_DEPTH = 3  # Word's default template has List Bullet/Number 1-3
_MONOSPACE = "Consolas"


def _add_runs(paragraph: DocxParagraph, runs: Inline) -> None:
    for run in runs:
        for number, line in enumerate(run.text.split("\n")):
            if number:
                paragraph.add_run().add_break(WD_BREAK.LINE)
            if not line:
                continue
            added = paragraph.add_run(line)
            added.bold = run.bold or None
            added.italic = run.italic or None
            if run.code:
                added.font.name = _MONOSPACE
            if run.href:
                added.underline = True


def _add_lines(document: Document, runs: Inline, style: str | None = None) -> None:
    """A paragraph of the text as one Word paragraph per line, the lines kept together (no
    space after) and the paragraph spaced as usual after its last line: it looks as in
    Hearth, and in Word each line of a letter (greeting, body, "Sincerely,", the name) is a
    paragraph of its own, as if typed there."""
    lines = split_lines(runs)
    for number, line in enumerate(lines, start=1):
        paragraph = document.add_paragraph(style=style)
        _add_runs(paragraph, line)
        if number < len(lines):
            paragraph.paragraph_format.space_after = Pt(0)


def _restarted_numbering(document: Document, style_name: str, start: int) -> int:
    """A fresh numbering instance for a numbered list, so each list starts at `start` instead
    of continuing the previous list's numbers (Word's List Number style shares one counter)."""
    numbering: Any = document.part.numbering_part.numbering_definitions._numbering
    style_num_id = document.styles[style_name].element.pPr.numPr.numId.val
    abstract_id = numbering.num_having_numId(style_num_id).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(start)
    return int(num.numId)


def _add_list(document: Document, block: ListBlock, depth: int) -> None:
    level = min(depth, _MAX_LIST_DEPTH)
    kind = "List Number" if block.ordered else "List Bullet"
    style = kind if level == 1 else f"{kind} {level}"
    num_id = _restarted_numbering(document, style, block.start) if block.ordered else None
    for item in block.items:
        for number, runs in enumerate(item.paragraphs):
            paragraph = document.add_paragraph(
                style=style if number == 0 else f"List Continue{'' if level == 1 else f' {level}'}"
            )
            if num_id is not None and number == 0:
                paragraph._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = num_id
            _add_runs(paragraph, runs)
        for child in item.children:
            _add_list(document, child, depth + 1)


def _add_table(document: Document, block: Table) -> None:
    width = max([len(block.header), *(len(row) for row in block.rows)], default=0)
    if width == 0:
        return
    table = document.add_table(rows=0, cols=width)
    table.style = document.styles["Table Grid"]
    for number, cells in enumerate([block.header, *block.rows]):
        row = table.add_row().cells
        for column, runs in enumerate(cells[:width]):
            paragraph = row[column].paragraphs[0]
            _add_runs(paragraph, runs)
            if number == 0 and block.header:
                for run in paragraph.runs:
                    run.bold = True
    document.add_paragraph()


def _add_block(document: Document, block: Block) -> None:
    if isinstance(block, Heading):
        _add_runs(document.add_heading(level=min(block.level, 9)), block.runs)
    elif isinstance(block, Paragraph):
        _add_lines(document, block.runs)
    elif isinstance(block, ListBlock):
        _add_list(document, block, 1)
    elif isinstance(block, Table):
        _add_table(document, block)
    elif isinstance(block, CodeBlock):
        paragraph = document.add_paragraph()
        for number, line in enumerate(block.text.split("\n")):
            if number:
                paragraph.add_run().add_break(WD_BREAK.LINE)
            run = paragraph.add_run(line)
            run.font.name = _MONOSPACE
            run.font.size = Pt(9)
    elif isinstance(block, Quote):
        for inner in block.blocks:
            if isinstance(inner, Paragraph):
                _add_lines(document, inner.runs, style="Quote")
            else:
                _add_block(document, inner)
    elif isinstance(block, Rule):
        document.add_paragraph("\u2014" * 3).alignment = WD_ALIGN_PARAGRAPH.CENTER


def docx_bytes(markdown: str, *, title: str) -> bytes:
    document = docx.Document()
    document.core_properties.title = title
    for block in parse_markdown(markdown):
        _add_block(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
