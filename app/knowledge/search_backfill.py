"""Giving chunks indexed before schema v12 their search form, once.

The v12 step cannot run Python, so it queues the chunks whose search form may differ from their
text (`chunks_search_pending`). `KnowledgeBase` fills them in when it is created, right after the
upgrade at start-up (like the upgrade itself, a one-time wait), and the search path does it
too, for callers without one. Each batch is one short write transaction; updating
`search_text` re-indexes the chunk through the update trigger. Once the queue is found empty,
nothing more is read for that database in this process.
"""

from __future__ import annotations

import logging
import weakref

from sqlalchemy import text

from app.knowledge.search_text import search_form
from app.storage.database import Database
from app.storage.errors import StorageError

log = logging.getLogger(__name__)

BATCH = 500

_SELECT = text(
    "SELECT p.chunk_id, c.heading, c.text FROM chunks_search_pending AS p "
    "LEFT JOIN chunks AS c ON c.id = p.chunk_id ORDER BY p.chunk_id LIMIT :limit"
)
_UPDATE = text("UPDATE chunks SET search_heading = :heading, search_text = :text WHERE id = :id")
_DONE = text("DELETE FROM chunks_search_pending WHERE chunk_id = :id")

# Databases whose queue was found empty in this process (weak: a closed one can go).
_settled: weakref.WeakSet[Database] = weakref.WeakSet()


def _changed(value: str) -> str | None:
    form = search_form(value)
    return None if form == value else form


def fill_pending_search_forms(db: Database, *, batch: int = BATCH) -> int:
    """Fill in the search form of every queued chunk; returns how many were re-indexed."""
    if db in _settled:
        return 0
    reindexed = 0
    while True:
        with db.session(action="prepare older documents for search") as session:
            rows = session.execute(_SELECT, {"limit": batch}).all()
            for chunk_id, heading, body in rows:
                if body is not None:
                    new_heading, new_text = _changed(str(heading)), _changed(str(body))
                    if new_heading is not None or new_text is not None:
                        params = {"id": chunk_id, "heading": new_heading, "text": new_text}
                        session.execute(_UPDATE, params)
                        reindexed += 1
                session.execute(_DONE, {"id": chunk_id})
        if len(rows) < batch:
            break
    if reindexed:
        log.info("gave %d older chunks their search form", reindexed)
    _settled.add(db)
    return reindexed


def finish_search_upgrade(db: Database) -> None:
    """`fill_pending_search_forms`, where a failure must not stop the caller: the queue stays
    and the next search tries again (older chunks are found as before meanwhile)."""
    try:
        fill_pending_search_forms(db)
    except StorageError:
        log.warning("could not prepare older documents for search yet", exc_info=True)
