"""Finding the passages for a question: BM25, optionally fused with semantic search."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from sqlalchemy import text

from app.knowledge.embedding import Embedder, VectorIndex
from app.knowledge.fts_search import bm25_search
from app.knowledge.fusion import reciprocal_rank_fusion
from app.knowledge.page_box import PageBox
from app.knowledge.records import Passage
from app.storage.database import Database


def retrieve(
    db: Database,
    query: str,
    *,
    document_ids: Collection[int] | None = None,
    limit: int = 10,
    embedder: Embedder | None = None,
    candidates: int = 50,
) -> list[Passage]:
    """The best `limit` passages for `query`, best first.

    BM25 alone without an embedder. With one, the BM25 and cosine rankings (each `candidates`
    deep) are fused by reciprocal rank; passages then carry the fused score. Chunks not yet
    embedded still take part through BM25.
    """
    depth = max(limit, candidates) if embedder is not None else limit
    lexical = bm25_search(db, query, document_ids=document_ids, limit=depth)
    if embedder is None:
        return lexical[:limit]
    vectors = VectorIndex(db)
    query_vector = embedder.embed([query])[0]
    semantic = vectors.search(
        embedder.model_key, query_vector, document_ids=document_ids, limit=depth
    )
    fused = reciprocal_rank_fusion([[p.chunk_id for p in lexical], [c for c, _ in semantic]])
    by_id = {p.chunk_id: p for p in lexical}
    missing = [chunk_id for chunk_id, _ in fused[:limit] if chunk_id not in by_id]
    by_id.update(passages_by_chunk_id(db, missing))
    result = []
    for chunk_id, score in fused[:limit]:
        passage = by_id.get(chunk_id)
        if passage is not None:
            result.append(replace(passage, score=score))
    return result


def passages_by_chunk_id(db: Database, chunk_ids: Collection[int]) -> dict[int, Passage]:
    if not chunk_ids:
        return {}
    ids = ",".join(str(int(i)) for i in chunk_ids)
    sql = text(
        "SELECT c.id, c.document_id, d.file_name, d.path, c.position, c.page, c.heading, c.text, "
        "c.page_box FROM chunks AS c JOIN documents AS d ON d.id = c.document_id "
        f"WHERE c.id IN ({ids})"
    )
    with db.session(write=False, action="read passages") as session:
        rows = session.execute(sql).all()
    return {
        int(r[0]): Passage(
            chunk_id=int(r[0]),
            document_id=int(r[1]),
            file_name=str(r[2]),
            path=str(r[3]),
            position=str(r[4]),
            page=None if r[5] is None else int(r[5]),
            heading=str(r[6]),
            text=str(r[7]),
            score=0.0,
            box=PageBox.from_value(r[8]),
        )
        for r in rows
    }
