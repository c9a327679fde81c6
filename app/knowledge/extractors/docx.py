"""DOCX: text in body order, split at headings (heading path) and hard page breaks (python-docx),
then the headers, footers, footnotes, endnotes and comments as sections of their own."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph

from app.knowledge.extractors.docx_parts import extra_sections
from app.knowledge.limits import Deadline
from app.knowledge.sections import ExtractedDocument
from app.knowledge.structured_text import SectionBuilder

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def extract_docx(path: Path, deadline: Deadline) -> ExtractedDocument:
    document: DocxDocument = docx.Document(str(path))
    builder = SectionBuilder(paged=_has_page_breaks(document))
    # Style id -> name, read once: `Paragraph.style` resolves the default style by scanning every
    # style on each call, which made it 90% of the extraction time.
    style_names = {s.style_id: s.name or "" for s in document.styles if s.style_id}
    for block in document.iter_inner_content():
        deadline.check()
        if isinstance(block, Paragraph):
            level = _heading_level(block, style_names)
            text = block.text.strip()
            if level is not None and text:
                builder.heading(level, text)
            elif text:
                builder.add(text)
            if _breaks_page(block):
                builder.page_break()
        elif isinstance(block, Table):
            builder.add(_table_text(block, deadline))
    title = document.core_properties.title or ""
    parts, notes = extra_sections(document, deadline)
    return ExtractedDocument(
        format="docx",
        sections=(*builder.finish(), *parts),
        page_count=builder.page if builder.paged else None,
        title=title,
        notes=tuple(notes),
    )


def _heading_level(paragraph: Paragraph, style_names: dict[str, str]) -> int | None:
    style_id = paragraph._p.style  # the w:pStyle id, or None for the default style
    if not style_id:
        return None
    name = style_names.get(style_id, style_id)
    if name == "Title":
        return 1
    if name.startswith("Heading"):
        digits = name.removeprefix("Heading").strip()
        return int(digits) if digits.isdigit() else 1
    return None


def _has_page_breaks(document: DocxDocument) -> bool:
    body = document.element.body
    return any(br.get(f"{_W}type") == "page" for br in body.iter(f"{_W}br"))


def _breaks_page(paragraph: Paragraph) -> bool:
    return any(br.get(f"{_W}type") == "page" for br in paragraph._p.iter(f"{_W}br"))


def _table_text(table: Table, deadline: Deadline) -> str:
    lines = []
    for row in table.rows:
        deadline.check()
        cells: list[str] = []
        for cell in row.cells:
            value = " ".join(cell.text.split())
            if not cells or cells[-1] != value:  # merged cells repeat their text
                cells.append(value)
        lines.append(" | ".join(cells))
    return "\n".join(lines)
