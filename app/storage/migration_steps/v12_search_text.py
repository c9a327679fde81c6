"""v12: the full-text index reads a search form of each chunk, not the stored text itself.

The stored `heading`/`text` stay exactly as extracted (users read them; citations and excerpts
quote them by offset). `search_heading`/`search_text` hold the form the index needs
(knowledge/search_text.py: NFKC, hyphenation undone, CJK as pairs of characters), or NULL where
it is the stored text unchanged, so most chunks of plain text cost nothing extra.

`chunks_fts` is rebuilt over the view `chunks_search`, which gives each chunk's search form:
the triggers index exactly what the view shows, so FTS5's 'delete', 'rebuild' and
'integrity-check' all see the same values. No SQL function of Hearth's own is needed, so any
SQLite client can still change the tables.

Chunks indexed before this step have no search form yet: their ids are queued in
`chunks_search_pending` (only those whose text or heading has a character outside printable
ASCII or a hyphen at a line end; no other text changes), and the knowledge package fills them
in (knowledge/search_backfill.py), which re-indexes them through the update trigger.
"""

from __future__ import annotations

# A chunk whose search form may differ from its text: a non-ASCII character (GLOB classes are
# code point ranges), or a hyphen before a line break (or before a space and one).
_MAY_CHANGE = (
    "({col} GLOB '*[^' || char(9) || char(10) || char(13) || ' -~]*' "
    "OR {col} LIKE '%-' || char(10) || '%' OR {col} LIKE '%-' || char(13) || '%' "
    "OR {col} LIKE '%- ' || char(10) || '%')"
)

STEP: tuple[str, ...] = (
    "ALTER TABLE chunks ADD COLUMN search_heading TEXT",
    "ALTER TABLE chunks ADD COLUMN search_text TEXT",
    "DROP TRIGGER chunks_fts_insert",
    "DROP TRIGGER chunks_fts_delete",
    "DROP TRIGGER chunks_fts_update",
    "DROP TABLE chunks_fts",
    """
    CREATE VIEW chunks_search (id, heading, text) AS
    SELECT id, coalesce(search_heading, heading), coalesce(search_text, text) FROM chunks
    """,
    """
    CREATE VIRTUAL TABLE chunks_fts USING fts5(
        heading, text,
        content = 'chunks_search', content_rowid = 'id',
        tokenize = 'porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
        INSERT INTO chunks_fts (rowid, heading, text) VALUES (
            new.id, coalesce(new.search_heading, new.heading), coalesce(new.search_text, new.text)
        );
    END
    """,
    """
    CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
        INSERT INTO chunks_fts (chunks_fts, rowid, heading, text) VALUES (
            'delete', old.id,
            coalesce(old.search_heading, old.heading), coalesce(old.search_text, old.text)
        );
    END
    """,
    """
    CREATE TRIGGER chunks_fts_update AFTER UPDATE ON chunks BEGIN
        INSERT INTO chunks_fts (chunks_fts, rowid, heading, text) VALUES (
            'delete', old.id,
            coalesce(old.search_heading, old.heading), coalesce(old.search_text, old.text)
        );
        INSERT INTO chunks_fts (rowid, heading, text) VALUES (
            new.id, coalesce(new.search_heading, new.heading), coalesce(new.search_text, new.text)
        );
    END
    """,
    "INSERT INTO chunks_fts (chunks_fts) VALUES ('rebuild')",
    """
    CREATE TABLE chunks_search_pending (
        chunk_id INTEGER NOT NULL PRIMARY KEY,
        FOREIGN KEY (chunk_id) REFERENCES chunks (id) ON DELETE CASCADE
    )
    """,
    "INSERT INTO chunks_search_pending (chunk_id) SELECT id FROM chunks WHERE "
    + _MAY_CHANGE.format(col="text")
    + " OR "
    + _MAY_CHANGE.format(col="heading"),
)
