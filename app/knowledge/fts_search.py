"""BM25 search over the chunks' FTS5 index.

The index holds each chunk's search form (knowledge/search_text.py) and the query is put in the
same form, so "Definition" finds a PDF's "Deﬁnition" and "テスト用" a substring of Japanese text,
in one index and one BM25 ranking; the passages returned carry the stored text as extracted.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import text

from app.knowledge.fts_query import match_expression
from app.knowledge.page_box import PageBox
from app.knowledge.records import Passage
from app.knowledge.search_backfill import SLICE, finish_search_upgrade
from app.storage.database import Database

# bm25() weights per FTS column (heading, text): a heading match counts, the body counts more.
_HEADING_WEIGHT = 0.5
_TEXT_WEIGHT = 1.0

# The best rows are picked first and only those few are joined to their chunk and document:
# joining every matching row first made p95 two to three times slower at 100k chunks
# (bench/bench_documents.py). With a document scope, CROSS JOIN keeps the FTS match as the outer
# loop; left to itself SQLite probed the full-text index once per chunk of the scope (100x slower).
_SQL = f"""
WITH top AS (
    SELECT chunks_fts.rowid AS id, bm25(chunks_fts, {_HEADING_WEIGHT}, {_TEXT_WEIGHT}) AS score
    FROM chunks_fts {{scope_join}}
    WHERE chunks_fts MATCH :query {{scope}}
    ORDER BY score
    LIMIT :limit
)
SELECT c.id, c.document_id, d.file_name, d.path, c.position, c.page, c.heading, c.text, top.score,
    c.page_box
FROM top
JOIN chunks AS c ON c.id = top.id
JOIN documents AS d ON d.id = c.document_id
ORDER BY top.score
"""


def bm25_search(
    db: Database,
    query: str,
    *,
    document_ids: Collection[int] | None = None,
    limit: int = 10,
) -> list[Passage]:
    """The best `limit` passages for `query`, best first (scores: higher is better).

    `document_ids` limits the search to those documents (None: every document; empty: nothing).
    """
    expression = match_expression(query)
    if expression is None or limit <= 0 or (document_ids is not None and not document_ids):
        return []
    params: dict[str, object] = {"query": expression, "limit": int(limit)}
    scope = scope_join = ""
    if document_ids is not None:
        # Ids are ints from our own tables: inlined, so SQLite sees a constant list.
        ids = ",".join(str(int(i)) for i in sorted(document_ids))
        scope_join = "CROSS JOIN chunks AS s ON s.id = chunks_fts.rowid"
        scope = f"AND s.document_id IN ({ids})"
    sql = text(_SQL.format(scope=scope, scope_join=scope_join))
    finish_search_upgrade(db, limit=SLICE)
    with db.session(write=False, action="search the documents") as session:
        rows = session.execute(sql, params).all()
    return [
        Passage(
            chunk_id=int(r[0]),
            document_id=int(r[1]),
            file_name=str(r[2]),
            path=str(r[3]),
            position=str(r[4]),
            page=None if r[5] is None else int(r[5]),
            heading=str(r[6]),
            text=str(r[7]),
            score=-float(r[8]),  # bm25() is lower-is-better
            box=PageBox.from_value(r[9]),
        )
        for r in rows
    ]
