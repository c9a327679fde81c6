"""Markdown: split at ATX headings (outside code fences) into heading-path sections."""

from __future__ import annotations

import re
from pathlib import Path

from app.knowledge.limits import Deadline
from app.knowledge.sections import ExtractedDocument
from app.knowledge.structured_text import SectionBuilder

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def extract_markdown(path: Path, text: str, deadline: Deadline) -> ExtractedDocument:
    builder = SectionBuilder()
    paragraph: list[str] = []
    fence: str | None = None
    title = ""
    for number, line in enumerate(text.splitlines()):
        if number % 500 == 0:
            deadline.check()
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            fence = marker if fence is None else (None if marker == fence else fence)
            paragraph.append(line)
            continue
        heading = _HEADING.match(line) if fence is None else None
        if heading:
            builder.add("\n".join(paragraph))
            paragraph = []
            level = len(heading.group(1))
            builder.heading(level, heading.group(2).strip())
            if level == 1 and not title:
                title = heading.group(2).strip()
        elif not line.strip() and fence is None:
            builder.add("\n".join(paragraph))
            paragraph = []
        else:
            paragraph.append(line.rstrip())
    builder.add("\n".join(paragraph))
    return ExtractedDocument(format="markdown", sections=builder.finish(), title=title)
