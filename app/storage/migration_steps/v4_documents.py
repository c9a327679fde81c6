"""v4: documents, knowledge collections, chunks and their full-text index.

- `documents` keeps one row per indexed file (failed ones too, with their error, so a watched
  folder does not retry an unchanged broken file); the extracted text lives only in `chunks`.
- `chunks_fts` is an external-content FTS5 index over `chunks` (no second copy of the text),
  kept in step by triggers, so deleting a document (which cascades to its chunks) also removes
  its index entries.
- `index_jobs` / `index_job_items` record what a folder re-index still has to do, so its progress
  survives a restart.
"""

from __future__ import annotations

STEP: tuple[str, ...] = (
    """
    CREATE TABLE collections (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        CONSTRAINT uq_collections_name UNIQUE (name)
    )
    """,
    """
    CREATE TABLE documents (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        path TEXT NOT NULL,
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL DEFAULT 0,
        format TEXT NOT NULL,
        page_count INTEGER,
        char_count INTEGER NOT NULL DEFAULT 0,
        chunk_count INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL,
        error TEXT,
        added_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX ix_documents_path ON documents (path)",
    "CREATE INDEX ix_documents_sha256 ON documents (sha256)",
    """
    CREATE TABLE collection_documents (
        collection_id INTEGER NOT NULL,
        document_id INTEGER NOT NULL,
        PRIMARY KEY (collection_id, document_id),
        FOREIGN KEY (collection_id) REFERENCES collections (id) ON DELETE CASCADE,
        FOREIGN KEY (document_id) REFERENCES documents (id) ON DELETE CASCADE
    )
    """,
    "CREATE INDEX ix_collection_documents_document_id ON collection_documents (document_id)",
    """
    CREATE TABLE chunks (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        document_id INTEGER NOT NULL,
        ordinal INTEGER NOT NULL,
        section_index INTEGER NOT NULL,
        position TEXT NOT NULL,
        page INTEGER,
        heading TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        overlap_chars INTEGER NOT NULL DEFAULT 0,
        CONSTRAINT uq_chunks_document_ordinal UNIQUE (document_id, ordinal),
        FOREIGN KEY (document_id) REFERENCES documents (id) ON DELETE CASCADE
    )
    """,
    """
    CREATE VIRTUAL TABLE chunks_fts USING fts5(
        heading, text,
        content = 'chunks', content_rowid = 'id',
        tokenize = 'porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
        INSERT INTO chunks_fts (rowid, heading, text) VALUES (new.id, new.heading, new.text);
    END
    """,
    """
    CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
        INSERT INTO chunks_fts (chunks_fts, rowid, heading, text)
        VALUES ('delete', old.id, old.heading, old.text);
    END
    """,
    """
    CREATE TRIGGER chunks_fts_update AFTER UPDATE ON chunks BEGIN
        INSERT INTO chunks_fts (chunks_fts, rowid, heading, text)
        VALUES ('delete', old.id, old.heading, old.text);
        INSERT INTO chunks_fts (rowid, heading, text) VALUES (new.id, new.heading, new.text);
    END
    """,
    """
    CREATE TABLE chunk_embeddings (
        chunk_id INTEGER NOT NULL PRIMARY KEY,
        model_key TEXT NOT NULL,
        vector BLOB NOT NULL,
        FOREIGN KEY (chunk_id) REFERENCES chunks (id) ON DELETE CASCADE
    )
    """,
    "CREATE INDEX ix_chunk_embeddings_model_key ON chunk_embeddings (model_key)",
    """
    CREATE TABLE conversation_documents (
        conversation_id INTEGER NOT NULL,
        document_id INTEGER NOT NULL,
        PRIMARY KEY (conversation_id, document_id),
        FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE,
        FOREIGN KEY (document_id) REFERENCES documents (id) ON DELETE CASCADE
    )
    """,
    "CREATE INDEX ix_conversation_documents_document_id ON conversation_documents (document_id)",
    """
    CREATE TABLE conversation_collections (
        conversation_id INTEGER NOT NULL,
        collection_id INTEGER NOT NULL,
        PRIMARY KEY (conversation_id, collection_id),
        FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE,
        FOREIGN KEY (collection_id) REFERENCES collections (id) ON DELETE CASCADE
    )
    """,
    "CREATE INDEX ix_conversation_collections_collection_id "
    "ON conversation_collections (collection_id)",
    """
    CREATE TABLE watched_folders (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        path TEXT NOT NULL,
        collection_id INTEGER NOT NULL,
        added_at TEXT NOT NULL,
        CONSTRAINT uq_watched_folders_path UNIQUE (path),
        FOREIGN KEY (collection_id) REFERENCES collections (id) ON DELETE CASCADE
    )
    """,
    """
    CREATE TABLE index_jobs (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        folder_id INTEGER NOT NULL,
        status TEXT NOT NULL,
        total INTEGER NOT NULL DEFAULT 0,
        done INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        FOREIGN KEY (folder_id) REFERENCES watched_folders (id) ON DELETE CASCADE
    )
    """,
    "CREATE INDEX ix_index_jobs_folder_id ON index_jobs (folder_id)",
    """
    CREATE TABLE index_job_items (
        job_id INTEGER NOT NULL,
        path TEXT NOT NULL,
        action TEXT NOT NULL,
        state TEXT NOT NULL,
        error TEXT,
        PRIMARY KEY (job_id, path),
        FOREIGN KEY (job_id) REFERENCES index_jobs (id) ON DELETE CASCADE
    )
    """,
    # A chat answered only from its documents (the "grounded only" switch), and the sources
    # each reply was given: a JSON list of citations, each with "used" when the reply cites it.
    "ALTER TABLE conversations ADD COLUMN grounded_only BOOLEAN NOT NULL DEFAULT 0",
    "ALTER TABLE messages ADD COLUMN citations TEXT",
)
