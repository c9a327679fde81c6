"""v19: where on its page a chunk of OCR'd text was read, so citations can show the place."""

from __future__ import annotations

STEP: tuple[str, ...] = (
    # JSON [x0, y0, x1, y1] in fractions of the page's width and height (top-left origin);
    # NULL: no box (text from a text layer, and every chunk indexed before this).
    "ALTER TABLE chunks ADD COLUMN page_box TEXT",
)
