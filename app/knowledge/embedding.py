"""Optional semantic search: the embedder interface and the stored chunk vectors.

The implementation on llama.cpp lives in app/engine/embeddings.py (the only place llama_cpp may
be imported); anything with `model_key` and `embed` works, which keeps this package testable.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Sequence
from typing import Protocol

import numpy as np
from sqlalchemy import text

from app.storage.database import Database


class Embedder(Protocol):
    @property
    def model_key(self) -> str:
        """Identifies the model (e.g. its sha256): vectors of different models never mix."""
        ...

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """One vector per text, all of the same length."""
        ...


def _normalised(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    normalised: np.ndarray = vectors / norms
    return normalised


def _scope(document_ids: Collection[int] | None) -> str:
    if document_ids is None:
        return ""
    return "AND c.document_id IN (" + ",".join(str(int(i)) for i in sorted(document_ids)) + ")"


class VectorIndex:
    """Chunk vectors in `chunk_embeddings`, searched by cosine similarity (brute force: fine for
    the tens of thousands of chunks a chat's documents hold)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def missing(
        self, model_key: str, document_ids: Collection[int] | None
    ) -> list[tuple[int, str]]:
        """(chunk id, text) of chunks without a vector from this model."""
        sql = text(
            "SELECT c.id, c.heading, c.text FROM chunks AS c "
            "LEFT JOIN chunk_embeddings AS e ON e.chunk_id = c.id AND e.model_key = :key "
            f"WHERE e.chunk_id IS NULL {_scope(document_ids)} ORDER BY c.id"
        )
        with self._db.session(write=False, action="read the passages to embed") as session:
            rows = session.execute(sql, {"key": model_key}).all()
        return [(int(r[0]), f"{r[1]}\n{r[2]}" if r[1] else str(r[2])) for r in rows]

    def store(self, model_key: str, vectors: Sequence[tuple[int, Sequence[float]]]) -> None:
        rows = [
            (chunk_id, model_key, np.asarray(vector, dtype=np.float32).tobytes())
            for chunk_id, vector in vectors
        ]
        with self._db.session(action="save passage vectors") as session:
            session.connection().exec_driver_sql(
                "INSERT OR REPLACE INTO chunk_embeddings (chunk_id, model_key, vector) "
                "VALUES (?, ?, ?)",
                rows,
            )

    def embed_missing(
        self,
        embedder: Embedder,
        document_ids: Collection[int] | None,
        *,
        batch_size: int = 16,
        cancel: threading.Event | None = None,
    ) -> int:
        """Embed every chunk of these documents that has no vector yet; returns how many."""
        pending = self.missing(embedder.model_key, document_ids)
        done = 0
        for start in range(0, len(pending), batch_size):
            if cancel is not None and cancel.is_set():
                break
            batch = pending[start : start + batch_size]
            vectors = embedder.embed([t for _, t in batch])
            self.store(embedder.model_key, list(zip((i for i, _ in batch), vectors, strict=True)))
            done += len(batch)
        return done

    def search(
        self,
        model_key: str,
        query_vector: Sequence[float],
        *,
        document_ids: Collection[int] | None = None,
        limit: int = 10,
    ) -> list[tuple[int, float]]:
        """(chunk id, cosine similarity), best first."""
        if document_ids is not None and not document_ids:
            return []
        sql = text(
            "SELECT e.chunk_id, e.vector FROM chunk_embeddings AS e "
            "JOIN chunks AS c ON c.id = e.chunk_id "
            f"WHERE e.model_key = :key {_scope(document_ids)}"
        )
        with self._db.session(write=False, action="search passage vectors") as session:
            rows = session.execute(sql, {"key": model_key}).all()
        if not rows:
            return []
        ids = np.array([int(r[0]) for r in rows])
        matrix = _normalised(np.vstack([np.frombuffer(r[1], dtype=np.float32) for r in rows]))
        query = _normalised(np.asarray([query_vector], dtype=np.float32))[0]
        if matrix.shape[1] != query.shape[0]:
            return []  # vectors from another dimension: a different model under the same key
        scores = matrix @ query
        order = np.argsort(-scores)[:limit]
        return [(int(ids[i]), float(scores[i])) for i in order]
