"""An excerpt as rich text with its matched words marked (search results, the Sources panel)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtGui import QPalette

from app.ui.common.rich_text_css import blend


def marked_excerpt_html(text: str, highlights: Sequence[tuple[int, int]], palette: QPalette) -> str:
    """`text` escaped, its highlights bold on a light tint of the highlight colour."""
    tint = blend(
        palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Highlight), 0.28
    ).name()
    parts: list[str] = []
    at = 0
    for start, end in sorted(highlights):
        if start < at or end > len(text) or start >= end:
            continue  # overlapping or out of range (a damaged record): leave it plain
        parts.append(html.escape(text[at:start]))
        parts.append(f'<b style="background-color:{tint}">{html.escape(text[start:end])}</b>')
        at = end
    parts.append(html.escape(text[at:]))
    return "".join(parts)
