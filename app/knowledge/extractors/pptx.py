"""PPTX: one section per slide (title, text frames, tables, notes), numbered (python-pptx)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from app.knowledge.limits import Deadline
from app.knowledge.sections import ExtractedDocument, Section


def extract_pptx(path: Path, deadline: Deadline) -> ExtractedDocument:
    presentation = Presentation(str(path))
    sections: list[Section] = []
    count = 0
    for number, slide in enumerate(presentation.slides, start=1):
        deadline.check()
        count = number
        title_shape = slide.shapes.title
        title = title_shape.text_frame.text.strip() if title_shape is not None else ""
        parts = [title] if title else []
        title_id = title_shape.shape_id if title_shape is not None else None
        for shape in _shapes(slide.shapes):
            if shape.shape_id == title_id:  # proxies are rebuilt per access: compare ids
                continue
            parts.extend(_shape_texts(shape))
        if slide.has_notes_slide:
            notes = slide.notes_slide.notes_text_frame
            if notes is not None and notes.text.strip():
                parts.append("Notes: " + notes.text.strip())
        text = "\n\n".join(p for p in parts if p)
        if text:
            sections.append(Section(text=text, label=f"slide {number}", page=number, heading=title))
    return ExtractedDocument(format="pptx", sections=tuple(sections), page_count=count)


def _shapes(shapes: Iterable[Any]) -> Iterator[Any]:
    for shape in shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from _shapes(shape.shapes)
        else:
            yield shape


def _shape_texts(shape: Any) -> list[str]:
    if getattr(shape, "has_text_frame", False) and shape.text_frame.text.strip():
        return [shape.text_frame.text.strip()]
    if getattr(shape, "has_table", False):
        rows = []
        for row in shape.table.rows:
            rows.append(" | ".join(" ".join(cell.text.split()) for cell in row.cells))
        return ["\n".join(rows)]
    return []
