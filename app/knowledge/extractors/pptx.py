"""PPTX: one section per slide (title, text frames, tables, charts, notes), numbered (python-pptx).

A slide that cannot be read is left out with a note; the other slides are still indexed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from app.knowledge.extractors.part_skips import is_part_failure, log_part_failure, skipped_note
from app.knowledge.extractors.pptx_charts import chart_text
from app.knowledge.limits import Deadline
from app.knowledge.sections import ExtractedDocument, Section


def extract_pptx(path: Path, deadline: Deadline) -> ExtractedDocument:
    presentation = Presentation(str(path))
    sections: list[Section] = []
    skipped: list[str] = []
    count = 0
    for number, slide in enumerate(presentation.slides, start=1):
        deadline.check()
        count = number
        try:
            section = _slide_section(slide, number)
        except Exception as exc:
            if not is_part_failure(exc):
                raise
            log_part_failure(f"slide {number} of {path}", exc)
            skipped.append(str(number))
            continue
        if section is not None:
            sections.append(section)
    notes = (skipped_note("Slide", "Slides", skipped),) if skipped else ()
    return ExtractedDocument(format="pptx", sections=tuple(sections), page_count=count, notes=notes)


def _slide_section(slide: Any, number: int) -> Section | None:
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
    if not text:
        return None
    return Section(text=text, label=f"slide {number}", page=number, heading=title)


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
    if getattr(shape, "has_chart", False):
        text = chart_text(shape.chart)
        return [text] if text else []
    return []
