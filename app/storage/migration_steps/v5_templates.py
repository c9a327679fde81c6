"""v5: business-document templates and generated documents with their recipes."""

from __future__ import annotations

STEP: tuple[str, ...] = ()
