"""v6: domain assistants (model, adapters, instructions, knowledge, templates) and their chats."""

from __future__ import annotations

STEP: tuple[str, ...] = (
    # JSON columns hold small lists that always travel whole (adapters with scales, template
    # ids, starter prompts, sampling). Adapters are named by sha256, not by row id: an
    # assistant outlives re-importing its adapter file, and a pack carries sha256s.
    # `builtin_key` names the resources/assistants file a built-in came from; `hidden` keeps a
    # deleted built-in from being seeded again.
    """
    CREATE TABLE assistants (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        icon TEXT NOT NULL,
        icon_image BLOB,
        description TEXT NOT NULL,
        model_sha256 TEXT NOT NULL,
        model_name TEXT NOT NULL,
        model_catalog_id TEXT,
        follows_default_model BOOLEAN NOT NULL DEFAULT 0,
        adapters TEXT NOT NULL,
        instructions TEXT NOT NULL,
        sampling TEXT NOT NULL,
        pinned_templates TEXT NOT NULL,
        starter_prompts TEXT NOT NULL,
        builtin_key TEXT,
        hidden BOOLEAN NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CONSTRAINT uq_assistants_builtin_key UNIQUE (builtin_key)
    )
    """,
    # Knowledge by link, so renaming a collection keeps it and deleting one drops the link.
    """
    CREATE TABLE assistant_collections (
        assistant_id INTEGER NOT NULL,
        collection_id INTEGER NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (assistant_id, collection_id),
        FOREIGN KEY (assistant_id) REFERENCES assistants (id) ON DELETE CASCADE,
        FOREIGN KEY (collection_id) REFERENCES collections (id) ON DELETE CASCADE
    )
    """,
    "CREATE INDEX ix_assistant_collections_collection_id ON assistant_collections (collection_id)",
    # Which assistant a chat was started from (kept when the assistant is deleted, as NULL).
    "ALTER TABLE conversations ADD COLUMN assistant_id INTEGER "
    "REFERENCES assistants(id) ON DELETE SET NULL",
)
