"""v14: what extraction skipped, capped or could not read in a document, shown to the user."""

from __future__ import annotations

STEP: tuple[str, ...] = (
    # JSON list of user-language sentences (ExtractedDocument.notes); NULL: no notes (and every
    # document indexed before this step).
    "ALTER TABLE documents ADD COLUMN notes TEXT",
)
