"""Giving chunks indexed before schema v12 their search form, once.

The v12 step cannot run Python, so it queues the chunks whose search form may differ from their
text (`chunks_search_pending`); until a chunk gets its form it is found as before (by its text
as stored). Updating `search_text` re-indexes the chunk through the update trigger; each batch
is one short write transaction. It costs about a millisecond a chunk (mostly FTS5 work), so:

- indexing (`add_files`, `sync_folders`, on a worker thread in the GUI) drains the whole queue;
- opening the knowledge base and each search, which may run on the GUI thread, do one slice.

Once the queue is found empty, nothing more is read for that database in this process.
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
SLICE = 500  # chunks one search (or opening the knowledge base) fills in: well under a second

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


def fill_pending_search_forms(db: Database, *, limit: int | None = None, batch: int = BATCH) -> int:
    """Fill in the search form of queued chunks (`limit`: at most that many; None: all);
    returns how many were re-indexed."""
    if db in _settled:
        return 0
    reindexed = 0
    left = limit
    while left is None or left > 0:
        size = batch if left is None else min(batch, left)
        with db.session(action="prepare older documents for search") as session:
            rows = session.execute(_SELECT, {"limit": size}).all()
            for chunk_id, heading, body in rows:
                if body is not None:
                    new_heading, new_text = _changed(str(heading)), _changed(str(body))
                    if new_heading is not None or new_text is not None:
                        params = {"id": chunk_id, "heading": new_heading, "text": new_text}
                        session.execute(_UPDATE, params)
                        reindexed += 1
                session.execute(_DONE, {"id": chunk_id})
        if len(rows) < size:
            _settled.add(db)
            break
        if left is not None:
            left -= len(rows)
    if reindexed:
        log.info("gave %d older chunks their search form", reindexed)
    return reindexed


def finish_search_upgrade(db: Database, *, limit: int | None = None) -> None:
    """`fill_pending_search_forms`, where a failure must not stop the caller: the queue stays
    and the next call tries again (older chunks are found as before meanwhile)."""
    try:
        fill_pending_search_forms(db, limit=limit)
    except StorageError:
        log.warning("could not prepare older documents for search yet", exc_info=True)
