"""Excerpts centred on the best-matching sentence, with the matched words marked: through the
real KnowledgeBase on a temporary SQLite file, with real documents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import Paths
from app.knowledge.excerpts import centred_excerpt
from app.knowledge.knowledge_base import Attach, KnowledgeBase
from app.storage import Database
from tests.fixtures.documents import write_pdf

OPENING = (
    "It was agreed that the minutes of the previous meeting were an accurate record. The chair "
    "welcomed two new members and thanked the outgoing treasurer for six years of service. "
    "Apologies were received from the head of legal, who was travelling abroad that week. "
)
ANSWER = "Third-quarter revenue was 48.2 million euros, up 11 percent from a year earlier."
CLOSING = " Other business included the summer party and the new coffee machine."


@pytest.fixture
def kb(hearth_home: Path) -> Iterator[KnowledgeBase]:
    paths = Paths.resolve()
    with Database.open(paths.database, backups_dir=paths.backups_dir) as db:
        yield KnowledgeBase(db)


def spans_text(text: str, highlights: tuple[tuple[int, int], ...]) -> list[str]:
    return [text[start:end] for start, end in highlights]


def test_search_excerpt_is_centred_on_the_answer_with_its_words_marked(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    pdf = write_pdf(tmp_path / "minutes.pdf", [OPENING + ANSWER + CLOSING])
    kb.add_files([pdf])
    question = "What was the third-quarter revenue?"
    top = kb.search(question, limit=3)[0]
    first_words = " ".join(top.text.split())[:160]
    assert "48.2 million" not in first_words  # the old excerpt missed it

    excerpt = centred_excerpt(top.text, question, max_chars=160)
    assert "48.2 million euros" in excerpt.text
    assert excerpt.text.startswith("…")  # cut in front: the opening is not shown
    assert len(excerpt.text) <= 162
    marked = [w.casefold() for w in spans_text(excerpt.text, excerpt.highlights)]
    assert marked == ["third", "quarter", "revenue"]


def test_citations_store_the_excerpt_for_the_question(kb: KnowledgeBase, tmp_path: Path) -> None:
    filler = " ".join(f"Routine maintenance note {i} for the boiler room." for i in range(80))
    pdf = write_pdf(tmp_path / "manual.pdf", [filler + " " + ANSWER + " " + filler])
    document = kb.add_files([pdf], attach_to=Attach.to_collection("Reports")).indexed[0].document
    assert document is not None
    grounding = kb.ground("third-quarter revenue", document_ids=[document.id], token_budget=400)
    assert grounding.mode == "retrieved"
    citation = grounding.citations[0]
    assert "48.2 million euros" in citation.excerpt
    assert spans_text(citation.excerpt, citation.highlights)[:3] == ["Third", "quarter", "revenue"]
    again = type(citation).from_json(citation.to_json())
    assert again.highlights == citation.highlights


def test_non_english_words_fold_case_accents_and_endings() -> None:
    passage = (
        "Hallitus kävi läpi edellisen kokouksen pöytäkirjan. Muuta ei käsitelty. "
        "LASKUN eräpäivä on 30.11.2026 ja summa 2 400 euroa. Kiitos."
    )
    excerpt = centred_excerpt(passage, "Milloin on laskun ERÄPÄIVÄ", max_chars=60)
    assert "30.11.2026" in excerpt.text
    assert spans_text(excerpt.text, excerpt.highlights) == ["LASKUN", "eräpäivä"]
    german = centred_excerpt("Die Überweisung erfolgt über die STRASSE.", "uberweisung strasse")
    assert spans_text(german.text, german.highlights) == ["Überweisung", "STRASSE"]


def test_cjk_text_is_matched_per_character_and_stays_whole() -> None:
    passage = "会议记录已经通过。其他事项包括夏季聚会。第三季度的收入为四千八百万欧元。谢谢。"
    excerpt = centred_excerpt(passage, "第三季度收入是多少", max_chars=24)
    assert "四千八百万欧元" in excerpt.text
    assert spans_text(excerpt.text, excerpt.highlights) == ["第三季度", "收入"]


def test_table_rows_win_over_the_header_and_no_match_shows_the_start() -> None:
    table = "Region | Quarter | Revenue\nNorth | Q1 | 1 204 000\nSouth | Q2 | 2 377 900\n"
    row = centred_excerpt(table, "South region revenue", max_chars=30)
    assert "2 377 900" in row.text
    plain = centred_excerpt("Nothing here matches at all. " * 20, "zebra", max_chars=50)
    assert plain.text.startswith("Nothing here") and plain.text.endswith("…")
    assert plain.highlights == ()
