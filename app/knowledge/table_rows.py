"""How spreadsheet and CSV rows become text: one line per row, blocks of rows per section."""

from __future__ import annotations

from collections.abc import Sequence

# Small enough that a citation's row range points somewhere useful, large enough that a
# section holds several chunks' worth of rows.
ROWS_PER_SECTION = 50


def row_line(cells: Sequence[str]) -> str:
    """Cells joined with " | ", trailing empty cells dropped; "" for an empty row."""
    trimmed = list(cells)
    while trimmed and not trimmed[-1]:
        trimmed.pop()
    if not any(trimmed):
        return ""
    return " | ".join(trimmed)
