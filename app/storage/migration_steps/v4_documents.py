"""v4: documents, knowledge collections, chunks and their full-text index."""

from __future__ import annotations

STEP: tuple[str, ...] = ()
