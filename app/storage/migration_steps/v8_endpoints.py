"""v8: remote inference endpoints, and which endpoint and remote model produced a reply."""

from __future__ import annotations

STEP: tuple[str, ...] = (
    # A server that speaks the OpenAI-compatible API. The API key is never stored here:
    # `api_key_ref` names where it lives ("keyring", "env:VARIABLE") or is NULL (no key).
    """
    CREATE TABLE endpoints (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        base_url TEXT NOT NULL,
        verify_tls BOOLEAN NOT NULL DEFAULT 1,
        api_key_ref TEXT,
        default_model TEXT,
        timeout_s REAL NOT NULL DEFAULT 60,
        created_at TEXT NOT NULL,
        CONSTRAINT uq_endpoints_name UNIQUE (name)
    )
    """,
    # NULL for replies generated on this computer.
    "ALTER TABLE generations ADD COLUMN endpoint TEXT",
    "ALTER TABLE generations ADD COLUMN remote_model TEXT",
)
