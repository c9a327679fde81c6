"""v10: checked output (issue 17): what the checker flagged in a reply, and the user's "Accept
as is" on a flagged reply or document."""

from __future__ import annotations

STEP: tuple[str, ...] = (
    # JSON list of {kind, text, start, end, reason} over the stored reply text; NULL: the reply
    # was not checked (no sources, or written before v10).
    "ALTER TABLE messages ADD COLUMN issues TEXT",
    # When the user accepted the flagged reply as it is (NULL: not accepted): no badge then.
    "ALTER TABLE messages ADD COLUMN issues_accepted_at TEXT",
    "ALTER TABLE generated_documents ADD COLUMN issues_accepted_at TEXT",
)
