"""The llama.cpp embedder on the real starter model, and semantic search fused with BM25.

The starter model is a small chat model, not an embedding model: its mean-pooled token vectors
are a weak embedding, but they run through exactly the code path an imported embedding GGUF
uses (a separate `Llama(embedding=True)` instance).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import Paths
from app.engine.embeddings import LlamaEmbedder
from app.engine.errors import ModelLoadError
from app.knowledge.knowledge_base import KnowledgeBase
from app.storage import Database

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def embedder(starter_model: Path) -> Iterator[LlamaEmbedder]:
    model = LlamaEmbedder(starter_model, model_key="starter", n_ctx=256)
    yield model
    model.close()


def test_vectors_are_unit_length_and_deterministic(embedder: LlamaEmbedder) -> None:
    first, second, other = embedder.embed(
        ["The ferry leaves at dawn.", "The ferry leaves at dawn.", "Revenue grew ten percent."]
    )
    assert len(first) == embedder.dimension == 576
    assert sum(x * x for x in first) == pytest.approx(1.0, abs=1e-4)
    assert first == pytest.approx(second, abs=1e-5)
    same = sum(a * b for a, b in zip(first, second, strict=True))
    different = sum(a * b for a, b in zip(first, other, strict=True))
    assert same > different
    assert embedder.embed([]) == []
    long_text = "word " * 2000  # longer than the context: truncated, not an error
    assert len(embedder.embed([long_text])[0]) == 576


def test_missing_model_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="not found"):
        LlamaEmbedder(tmp_path / "absent.gguf")


def test_fused_search_with_real_vectors(
    embedder: LlamaEmbedder, hearth_home: Path, tmp_path: Path
) -> None:
    for name, text in {
        "ferry.txt": "The ferry to the island leaves at dawn every day.",
        "budget.txt": "The marketing budget for next year is forty thousand.",
        "garden.txt": "Water the tomatoes every second morning.",
    }.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    paths = Paths.resolve()
    with Database.open(paths.database, backups_dir=paths.backups_dir) as db:
        kb = KnowledgeBase(db)
        kb.add_files(sorted(tmp_path.glob("*.txt")))
        assert kb.vectors.embed_missing(embedder, None) == 3
        fused = kb.search("When does the ferry leave?", embedder=embedder, limit=3)
        assert fused[0].file_name == "ferry.txt"  # found by both rankings
        assert len(fused) == 3  # the vector ranking brings in passages BM25 did not match
