"""Drafting training examples from documents: passage choice, parsing and the support check
(the model-facing part runs on the real model in tests/integration/test_docs_draft_cli.py)."""

from __future__ import annotations

from app.knowledge.records import StoredChunk
from app.training.document_drafts import (
    MIN_PASSAGE_CHARS,
    SourcePassage,
    judge_draft,
    parse_draft,
    passages_from_chunks,
    passages_from_documents,
    support_in,
)

LEAVE = SourcePassage(
    "handbook.md",
    "Holidays",
    "Employees of Northwind receive 27 days of paid leave per year. Leave requests go to the "
    "team lead at least two weeks ahead through the HR portal.",
)


def chunk(ordinal: int, text: str, *, page: int | None = None, heading: str = "") -> StoredChunk:
    return StoredChunk(
        id=ordinal + 100,
        document_id=1,
        ordinal=ordinal,
        section_index=ordinal,
        position="",
        page=page,
        heading=heading,
        text=text,
        overlap_chars=0,
    )


def long_text(tag: str) -> str:
    return (f"{tag} " + "words about the business that fill a passage " * 8)[
        : MIN_PASSAGE_CHARS + 40
    ]


def test_parse_draft_takes_the_question_and_the_answer() -> None:
    parsed = parse_draft("Question: How many days of leave?\nAnswer: 27 days per year.")
    assert parsed == ("How many days of leave?", "27 days per year.")
    assert parse_draft("Answer: 27\nQuestion: how many?") is None
    assert parse_draft("Question: Why?\nAnswer: yes") is None  # too short to be a question
    assert parse_draft("just some text") is None


def test_support_counts_words_and_numbers_found_in_the_passage() -> None:
    assert support_in(LEAVE.text, "27") == 1.0  # a bare number is a fact too
    assert support_in(LEAVE.text, "28") == 0.0
    assert support_in(LEAVE.text, "Employees receive 27 days of paid leave") == 1.0
    half = support_in(LEAVE.text, "Employees receive bonuses quarterly")
    assert 0.0 < half < 1.0


def test_judge_keeps_a_grounded_draft_and_sets_aside_the_rest() -> None:
    kept = judge_draft(
        LEAVE, "Question: How many days of paid leave do employees get?\nAnswer: 27 days."
    )
    assert kept.kept and kept.problem is None and kept.example is not None
    assert (kept.example.question, kept.example.reply) == (
        "How many days of paid leave do employees get?",
        "27 days.",
    )
    assert kept.example.source == "drafted from handbook.md, Holidays"

    invented = judge_draft(
        LEAVE, "Question: Who founded Northwind?\nAnswer: Margaret Olsen in Copenhagen, 1962."
    )
    assert not invented.kept and "may be invented" in (invented.problem or "")
    meta = judge_draft(LEAVE, "Question: What is the passage about?\nAnswer: Paid leave.")
    assert not meta.kept and meta.problem == "the question asks about the passage itself"
    about_section = judge_draft(LEAVE, "Question: What does this section cover?\nAnswer: Leave.")
    assert about_section.problem == "the question asks about the passage itself"
    real = judge_draft(
        LEAVE, "Question: Which document portal takes leave requests?\nAnswer: The HR portal."
    )
    assert real.kept  # a question may say "document" and still be about the facts
    unparsed = judge_draft(LEAVE, "Sure! Here is a question for you")
    assert unparsed.example is None and not unparsed.kept
    copied = judge_draft(
        LEAVE, f"Question: What does the handbook say on leave?\nAnswer: {LEAVE.text}"
    )
    assert not copied.kept and copied.problem == "the answer only repeats the whole passage"


def test_judge_gives_drafted_examples_the_system_prompt() -> None:
    draft = judge_draft(
        LEAVE,
        "Question: How many days of paid leave do employees get?\nAnswer: 27.",
        system="You are Northwind's HR assistant.",
    )
    assert draft.example is not None
    assert [t.role for t in draft.example.turns] == ["system", "user", "assistant"]


def test_passages_skip_scraps_and_spread_over_the_document() -> None:
    chunks = [chunk(0, "Title page")] + [
        chunk(i, long_text(f"part{i}"), page=i) for i in range(1, 11)
    ]
    picked = passages_from_chunks("report.pdf", chunks, limit=3)
    assert [p.location for p in picked] == ["page 1", "page 4", "page 7"]
    assert all(p.document == "report.pdf" for p in picked)
    assert passages_from_chunks("report.pdf", [chunk(0, "short")], limit=3) == []
    headed = passages_from_chunks(
        "notes.md", [chunk(1, long_text("x"), heading="Pricing")], limit=1
    )
    assert headed[0].label == "notes.md, Pricing"


def test_passages_are_shared_between_documents() -> None:
    one = [chunk(i, long_text(f"a{i}"), page=i) for i in range(1, 7)]
    two = [chunk(i, long_text(f"b{i}"), page=i) for i in range(1, 3)]
    picked = passages_from_documents([("a.pdf", one), ("b.pdf", two)], limit=3)
    assert [p.document for p in picked] == ["a.pdf", "b.pdf", "a.pdf"]
    assert passages_from_documents([], limit=3) == []


def test_a_draft_cut_at_the_length_limit_is_never_kept() -> None:
    reply = "Question: How many days of leave do staff get?\nAnswer: 27"
    assert judge_draft(LEAVE, reply).kept
    cut = judge_draft(LEAVE, reply, finish_reason="length")
    assert not cut.kept and cut.check == "cut off" and "length limit" in (cut.problem or "")
