"""Prompt grounding: whole documents or retrieved passages within a token budget, citations,
and semantic search fused with BM25 (through a deterministic stand-in embedder)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import ClassVar

import pytest

from app.config import Paths
from app.knowledge.chunking import ChunkingOptions
from app.knowledge.grounding import (
    GROUNDED_ONLY_INSTRUCTION,
    NOT_IN_DOCUMENTS,
    Citation,
    cited_numbers,
    compose_user_message,
    grounding_instruction,
    used_citations,
)
from app.knowledge.knowledge_base import Attach, KnowledgeBase
from app.storage import Database
from tests.fixtures.documents import write_every_format, write_pdf


@pytest.fixture
def kb(hearth_home: Path) -> Iterator[KnowledgeBase]:
    paths = Paths.resolve()
    with Database.open(paths.database, backups_dir=paths.backups_dir) as db:
        yield KnowledgeBase(db, chunking=ChunkingOptions(target_chars=400, overlap_chars=60))


def words(text: str) -> int:
    """A stand-in tokenizer that differs from the default approximation."""
    return len(re.findall(r"\w+|[^\w\s]", text))


def big_manual(tmp_path: Path) -> Path:
    topics = ["boilers", "ventilation", "roofing", "plumbing", "wiring", "insulation"]
    pages = []
    for n, topic in enumerate(topics, start=1):
        filler = " ".join(
            f"General maintenance note {i} for the {topic} section." for i in range(30)
        )
        pages.append(f"Chapter {n} covers {topic}. {filler}")
    pages[3] += " The plumbing pressure must stay below 3 bar at all times."
    return write_pdf(tmp_path / "manual.pdf", pages)


def test_small_documents_go_in_whole_one_entry_per_section(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    files = write_every_format(tmp_path)
    ids = [o.document.id for o in kb.add_files([files["pdf"], files["docx"]]).indexed if o.document]
    grounding = kb.ground("anything", document_ids=ids, token_budget=4000, count_tokens=words)
    assert grounding.mode == "whole"
    assert [c.number for c in grounding.citations] == list(range(1, 6))
    positions = [(c.file_name, c.position) for c in grounding.citations]
    assert positions[:2] == [("report.pdf", "page 1"), ("report.pdf", "page 2")]
    assert ("policy.docx", "page 2 · Travel policy > Expenses") in positions
    assert all(c.score is None for c in grounding.citations)
    assert (
        "[2] report.pdf, page 2\nPage two talks about the lighthouse budget." in grounding.context
    )
    assert "180 euros per night" in grounding.context
    assert grounding.tokens == words(grounding.context) <= 4000


def test_large_documents_give_retrieved_passages_within_the_budget(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    record = kb.add_files([big_manual(tmp_path)]).outcomes[0].document
    assert record is not None
    question = "What pressure must the plumbing stay below?"
    for budget in (150, 400, 900):
        grounding = kb.ground(
            question, document_ids=[record.id], token_budget=budget, count_tokens=words
        )
        assert grounding.mode == "retrieved"
        assert 0 < grounding.tokens == words(grounding.context) <= budget
        assert grounding.citations[0].page == 4
        assert "3 bar" in grounding.citations[0].text
        assert [c.number for c in grounding.citations] == list(
            range(1, len(grounding.citations) + 1)
        )
        for citation in grounding.citations:
            assert f"[{citation.number}] manual.pdf, page {citation.page}\n" in grounding.context
            assert citation.score is not None and citation.chunk_id is not None
    small = kb.ground(question, document_ids=[record.id], token_budget=150, count_tokens=words)
    large = kb.ground(question, document_ids=[record.id], token_budget=900, count_tokens=words)
    assert len(large.citations) > len(small.citations)


def test_budget_too_small_for_any_passage(kb: KnowledgeBase, tmp_path: Path) -> None:
    record = kb.add_files([big_manual(tmp_path)]).outcomes[0].document
    assert record is not None
    grounding = kb.ground("plumbing", document_ids=[record.id], token_budget=5)
    assert grounding.citations == ()
    assert grounding.tokens <= 5


def test_no_matching_words_falls_back_to_the_opening(kb: KnowledgeBase, tmp_path: Path) -> None:
    record = kb.add_files([big_manual(tmp_path)]).outcomes[0].document
    assert record is not None
    grounding = kb.ground("Summarise this.", document_ids=[record.id], token_budget=300)
    assert grounding.citations[0].page == 1
    assert grounding.citations[0].text.startswith("Chapter 1 covers boilers")


def test_no_documents_no_context(kb: KnowledgeBase) -> None:
    grounding = kb.ground("question", document_ids=[999], token_budget=500)
    assert (grounding.context, grounding.citations, grounding.mode) == ("", (), "none")
    assert compose_user_message("question", grounding) == "question"


def test_collections_scope_and_user_message(kb: KnowledgeBase, tmp_path: Path) -> None:
    files = write_every_format(tmp_path)
    kb.add_files([files["html"]], attach_to=Attach.to_collection("Harbour"))
    kb.add_files([files["pdf"]])
    harbour = kb.collection("Harbour").id
    grounding = kb.ground("mooring fees", collection_ids=[harbour], token_budget=1000)
    assert {c.file_name for c in grounding.citations} == {"page.html"}
    message = compose_user_message("What are the mooring fees?", grounding)
    assert message.startswith("Document passages:\n\n[1] page.html")
    assert message.endswith("Question: What are the mooring fees?")


def test_instructions() -> None:
    assert grounding_instruction(grounded_only=True) == GROUNDED_ONLY_INSTRUCTION
    assert NOT_IN_DOCUMENTS in GROUNDED_ONLY_INSTRUCTION
    assert "only" in GROUNDED_ONLY_INSTRUCTION
    assert "[1]" in grounding_instruction(grounded_only=False)
    assert "only" not in grounding_instruction(grounded_only=False)


def citation(number: int) -> Citation:
    return Citation(number, 1, "f.pdf", "/f.pdf", f"page {number}", number, "x", "x", 1.0, number)


def test_cited_numbers_and_used_citations() -> None:
    reply = "Pressure is 3 bar [2]. See also [1, 3] and [2][5]; ranges [3-4]. Not [x] or [ 7 ]."
    assert cited_numbers(reply) == [2, 1, 3, 5, 4]
    available = [citation(n) for n in range(1, 5)]
    assert [c.number for c in used_citations(reply, available)] == [2, 1, 3, 4]
    assert used_citations("No citations here.", available) == []
    assert citation(2).to_json()["position"] == "page 2"


class HashingEmbedder:
    """Deterministic bag-of-words vectors (no model): words that share a hash bucket are
    "similar". Synonyms are mapped to one word, which is what makes semantic search find
    passages BM25 cannot."""

    SYNONYMS: ClassVar[dict[str, str]] = {"automobile": "car", "vehicle": "car", "cars": "car"}
    DIMENSION = 64

    def __init__(self) -> None:
        self.calls = 0

    @property
    def model_key(self) -> str:
        return "hashing-test-embedder"

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        self.calls += 1
        vectors = []
        for text in texts:
            vector = [0.0] * self.DIMENSION
            for word in re.findall(r"\w+", text.lower()):
                word = self.SYNONYMS.get(word, word)
                bucket = int(hashlib.sha256(word.encode()).hexdigest(), 16) % self.DIMENSION
                vector[bucket] += 1.0
            vectors.append(vector)
        return vectors


def test_semantic_search_is_fused_with_bm25(kb: KnowledgeBase, tmp_path: Path) -> None:
    (tmp_path / "garage.txt").write_text(
        "Our automobile needs new tyres before winter.", encoding="utf-8"
    )
    (tmp_path / "kitchen.txt").write_text("The car keys hang in the kitchen.", encoding="utf-8")
    (tmp_path / "other.txt").write_text("Tomatoes grow well in summer.", encoding="utf-8")
    kb.add_files(sorted(tmp_path.glob("*.txt")))
    # BM25 alone only knows the literal word.
    assert [p.file_name for p in kb.search("car")] == ["kitchen.txt"]
    embedder = HashingEmbedder()
    embedded = kb.vectors.embed_missing(embedder, None)
    assert embedded == 3
    assert kb.vectors.embed_missing(embedder, None) == 0  # already done
    fused = kb.search("car", embedder=embedder, limit=3)
    assert [p.file_name for p in fused[:2]] == ["kitchen.txt", "garage.txt"]
    # RRF scores: the passage found by both rankings beats the one found by one.
    assert fused[0].score > fused[1].score > 0
    grounding = kb.ground(
        "car",
        document_ids=[d.id for d in kb.documents()],
        token_budget=40,  # two passages (35 tokens) fit, all three (49) do not
        count_tokens=words,
        embedder=embedder,
    )
    assert grounding.mode == "retrieved"
    assert [c.file_name for c in grounding.citations] == ["kitchen.txt", "garage.txt"]


def test_removed_documents_lose_their_vectors(kb: KnowledgeBase, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("vehicle maintenance schedule", encoding="utf-8")
    record = kb.add_files([tmp_path / "a.txt"]).outcomes[0].document
    assert record is not None
    embedder = HashingEmbedder()
    kb.vectors.embed_missing(embedder, [record.id])
    assert kb.vectors.search(embedder.model_key, embedder.embed(["car"])[0])
    kb.remove(record.id)
    assert kb.vectors.search(embedder.model_key, embedder.embed(["car"])[0]) == []
