"""v18: how much of a document's text came from OCR, and how sure the OCR was."""

from __future__ import annotations

STEP: tuple[str, ...] = (
    # Pages (or pictures) read with OCR; NULL: none (and every document indexed before this).
    "ALTER TABLE documents ADD COLUMN ocr_pages INTEGER",
    # Their mean confidence, 0..1; NULL without OCR.
    "ALTER TABLE documents ADD COLUMN ocr_confidence REAL",
)
