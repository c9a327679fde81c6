"""Text embeddings from a GGUF embedding model, for the documents' optional semantic search.

A separate `Llama(embedding=True)` instance, never the chat model's: llama.cpp contexts are
either for generation or for embeddings, and the two must not share a thread's work. Like
LlamaEngine it is not thread-safe: one thread (the indexing worker) owns it.
"""

from __future__ import annotations

import contextlib
import logging
import math
from collections.abc import Sequence
from pathlib import Path

import llama_cpp

from app.engine import llama_log
from app.engine.cpu_threads import default_thread_count
from app.engine.errors import ModelLoadError

_log = logging.getLogger(__name__)


class LlamaEmbedder:
    """Implements app.knowledge.embedding.Embedder on llama.cpp."""

    def __init__(
        self,
        path: str | Path,
        *,
        model_key: str | None = None,
        n_ctx: int = 512,
        n_threads: int | None = None,
    ) -> None:
        llama_log.install()
        path = Path(path)
        if not path.is_file():
            raise ModelLoadError(f"Embedding model not found: {path}")
        threads = n_threads or default_thread_count()
        try:
            with contextlib.redirect_stderr(llama_log.StderrToLog()):
                self._llama = llama_cpp.Llama(
                    model_path=str(path),
                    embedding=True,
                    n_ctx=n_ctx,
                    n_batch=n_ctx,
                    n_ubatch=n_ctx,
                    n_threads=threads,
                    n_threads_batch=threads,
                    n_gpu_layers=0,
                    verbose=True,
                )
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelLoadError(
                f"llama.cpp could not load {path.name} as an embedding model: {exc}"
            ) from exc
        self._llama.verbose = False
        self._model_key = model_key or f"{path.name}:{path.stat().st_size}"
        # A generative model has no pooling of its own: its per-token vectors are averaged here.
        # (`pooling_type()` is annotated str but returns llama.cpp's enum value, an int.)
        pooling = int(self._llama.pooling_type())
        self._pools_itself = pooling != int(llama_cpp.LLAMA_POOLING_TYPE_NONE)
        self.dimension = int(self._llama.n_embd())

    @property
    def model_key(self) -> str:
        return self._model_key

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """One unit-length vector per text (texts longer than the context are truncated)."""
        if not texts:
            return []
        vectors: list[list[float]] = []
        for text in texts:
            # One text per call: llama.cpp batches sequences only up to n_seq_max (1 here).
            # A list input always gives a list of results: [vector] or [[token vectors]].
            result = self._llama.embed([text or " "], truncate=True)[0]
            vector = result if self._pools_itself else _mean(result)
            vectors.append(_unit([float(x) for x in vector]))
        return vectors

    def close(self) -> None:
        self._llama.close()


def _mean(token_vectors: Sequence[Sequence[float]]) -> list[float]:
    count = len(token_vectors)
    if count == 0:
        return []
    return [sum(column) / count for column in zip(*token_vectors, strict=True)]


def _unit(vector: list[float]) -> list[float]:
    norm = math.sqrt(sum(x * x for x in vector))
    return [x / norm for x in vector] if norm > 0 else vector
