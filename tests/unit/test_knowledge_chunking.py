"""Chunking with overlap, safe FTS5 queries, and reciprocal rank fusion (pure functions)."""

from __future__ import annotations

import itertools
import sqlite3

import pytest

from app.knowledge.chunking import ChunkingOptions, chunk_sections, rebuild_section_texts
from app.knowledge.fts_query import match_expression, query_terms
from app.knowledge.fusion import reciprocal_rank_fusion
from app.knowledge.sections import Section
from app.knowledge.tokens import approximate_tokens

OPTIONS = ChunkingOptions(target_chars=200, overlap_chars=40, min_chars=60)


def long_text(paragraphs: int) -> str:
    return "\n\n".join(
        f"Paragraph {n} talks about topic {n} in several words. It has a second sentence too."
        for n in range(paragraphs)
    )


def test_chunks_stay_inside_sections_and_keep_positions() -> None:
    sections = [
        Section(text=long_text(6), label="page 1", page=1),
        Section(text="Short page.", label="page 2", page=2, heading="Intro"),
    ]
    chunks = chunk_sections(sections, OPTIONS)
    assert {c.position for c in chunks} == {"page 1", "page 2"}
    assert chunks[-1].text == "Short page." and chunks[-1].heading == "Intro"
    assert chunks[-1].overlap_chars == 0  # no overlap across a section boundary
    assert all(len(c.body) <= OPTIONS.target_chars for c in chunks)
    assert len([c for c in chunks if c.page == 1]) >= 3


def test_bodies_partition_the_text_and_overlap_repeats_the_tail() -> None:
    text = long_text(10)
    chunks = chunk_sections([Section(text=text, label="all")], OPTIONS)
    assert rebuild_section_texts(chunks) == {0: text}
    for previous, chunk in itertools.pairwise(chunks):
        assert chunk.overlap_chars > 0
        assert previous.text.endswith(chunk.text[: chunk.overlap_chars])
        assert chunk.overlap_chars <= OPTIONS.overlap_chars
    # Cuts fall on paragraph boundaries when there is one in range.
    assert all(c.body.endswith("\n\n") for c in chunks[:-1])


def test_a_single_enormous_word_is_still_cut() -> None:
    text = "x" * 1000
    chunks = chunk_sections([Section(text=text, label="blob")], OPTIONS)
    assert "".join(c.body for c in chunks) == text
    assert max(len(c.body) for c in chunks) == OPTIONS.target_chars


def test_approximate_tokens_overestimates_plain_english() -> None:
    assert approximate_tokens("") == 0
    sentence = "The quick brown fox jumps over the lazy dog."
    assert approximate_tokens(sentence) >= 10  # 10 words, 11 BPE tokens in most vocabularies


@pytest.mark.parametrize(
    "user_text",
    [
        'budget "2024',
        "revenue AND OR NOT",
        "NEAR(a b)",
        "col:value ^start *",
        "(unbalanced",
        "' OR 1=1; --",
        "émigré café",
    ],
)
def test_any_user_text_is_a_valid_fts5_query(user_text: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61 remove_diacritics 2')"
    )
    conn.execute(
        "INSERT INTO t VALUES ('budget revenue near value start emigre cafe or and unbalanced 1')"
    )
    expression = match_expression(user_text)
    assert expression is not None
    rows = conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", (expression,)).fetchone()
    assert rows[0] == 1


def test_query_terms_drop_stop_words_unless_nothing_else() -> None:
    assert query_terms("What is the budget for the lighthouse?") == ["budget", "lighthouse"]
    assert query_terms("to be or not to be") == ["to", "be", "or", "not"]
    assert match_expression("?!* ()") is None


def test_reciprocal_rank_fusion() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["c", "a", "d"]], k=60)
    order = [item for item, _ in fused]
    assert order == ["a", "c", "b", "d"]
    scores = dict(fused)
    assert scores["a"] == pytest.approx(1 / 61 + 1 / 62)
    assert scores["d"] == pytest.approx(1 / 63)
