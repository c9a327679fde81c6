"""v3: LoRA adapters in the library and the adapters each reply was generated with."""

from __future__ import annotations

STEP: tuple[str, ...] = (
    """
    CREATE TABLE adapters (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        architecture TEXT,
        rank INTEGER NOT NULL,
        alpha REAL,
        tensor_count INTEGER NOT NULL,
        added_at TEXT NOT NULL,
        CONSTRAINT uq_adapters_path UNIQUE (path)
    )
    """,
    "CREATE INDEX ix_adapters_sha256 ON adapters (sha256)",
    # A JSON list of {"name", "sha256", "scale"}: what was applied while the reply was generated.
    "ALTER TABLE generations ADD COLUMN adapters TEXT NOT NULL DEFAULT '[]'",
)
