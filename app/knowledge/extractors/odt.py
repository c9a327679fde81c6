"""ODT: headings and paragraphs in document order, split at headings (odfpy)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from odf import teletype  # type: ignore[import-untyped]
from odf.opendocument import load  # type: ignore[import-untyped]

from app.knowledge.limits import Deadline
from app.knowledge.sections import ExtractedDocument
from app.knowledge.structured_text import SectionBuilder

_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def extract_odt(path: Path, deadline: Deadline) -> ExtractedDocument:
    document = load(str(path))
    builder = SectionBuilder()
    _walk(document.text, builder, deadline)
    title = ""
    return ExtractedDocument(format="odt", sections=builder.finish(), title=title)


def _walk(node: Any, builder: SectionBuilder, deadline: Deadline) -> None:
    for child in node.childNodes:
        qname = getattr(child, "qname", None)
        if qname is None:
            continue
        namespace, local = qname
        if namespace == _TEXT_NS and local == "h":
            deadline.check()
            level_attr = child.getAttribute("outlinelevel")
            level = int(level_attr) if level_attr and str(level_attr).isdigit() else 1
            text = teletype.extractText(child).strip()
            if text:
                builder.heading(level, text)
        elif namespace == _TEXT_NS and local == "p":
            deadline.check()
            builder.add(teletype.extractText(child))
        elif namespace == _TABLE_NS and local == "table-row":
            deadline.check()
            cells = [
                " ".join(teletype.extractText(cell).split())
                for cell in child.childNodes
                if getattr(cell, "qname", (None, None))[1] == "table-cell"
            ]
            builder.add(" | ".join(cells))
        else:
            _walk(child, builder, deadline)
