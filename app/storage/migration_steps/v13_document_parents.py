"""v13: documents inside documents: an e-mail's attachments and forwarded messages.

Each attachment in a supported format is indexed as a document of its own whose `parent_id` is
the mail's; removing the mail removes its attachments (ON DELETE CASCADE, which the chunks and
their FTS entries then follow).
"""

from __future__ import annotations

STEP: tuple[str, ...] = (
    "ALTER TABLE documents ADD COLUMN parent_id INTEGER "
    "REFERENCES documents (id) ON DELETE CASCADE",
    "CREATE INDEX ix_documents_parent_id ON documents (parent_id)",
)
