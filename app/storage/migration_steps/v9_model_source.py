"""v9: where a model came from: the catalog entry it was downloaded as, and how it was verified."""

from __future__ import annotations

STEP: tuple[str, ...] = (
    # NULL for a model imported from a file (or downloaded before v9).
    "ALTER TABLE models ADD COLUMN catalog_id TEXT",
    # "sha256" (the catalog's pinned digest) or "hub-lfs-sha256" (the hub's digest, recorded in
    # models.sha256 as the hash the download actually had); NULL when not downloaded by Hearth.
    "ALTER TABLE models ADD COLUMN verified_by TEXT",
)
