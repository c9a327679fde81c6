"""Hearth places a grounded reply's citations itself, flags the sentences nothing supports, and
stores both (and the user's "Accept as is") with the reply."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.chats.citation_placement import UNSUPPORTED_REASON, place_citations, support_span
from app.chats.conversation_repository import ConversationRepository
from app.chats.conversation_service import ConversationService
from app.chats.message_repository import MessageRepository
from app.checking import attribute_sentences
from app.engine.types import GenerationStats, LoadedModel, SamplingParams
from app.knowledge.grounding import NOT_IN_DOCUMENTS, Citation, cited_numbers
from app.storage import Database

MINUTES = (
    "The annual meeting was held in Helsinki on 12 May. "
    "Members approved the minutes of the previous meeting."
)
REVENUE = (
    "The board reviewed the results. Third-quarter revenue was 48.2 million euros, "
    "up 11 percent from the year before."
)


def citation(number: int, text: str, page: int) -> Citation:
    return Citation(number, 7, "report.pdf", "/docs/report.pdf", f"page {page}", page,
                    text[:40], text, 1.0, None)  # fmt: skip


CITATIONS = (citation(1, MINUTES, 1), citation(2, REVENUE, 3))


def test_a_wrong_marker_is_corrected_and_an_uncited_sentence_gets_its_source() -> None:
    reply = (
        "Third-quarter revenue was 48.2 million euros, up 11 percent [1]. "
        "The annual meeting was held in Helsinki."
    )
    placed = place_citations(reply, CITATIONS)
    assert placed.text == (
        "Third-quarter revenue was 48.2 million euros, up 11 percent [2]. "
        "The annual meeting was held in Helsinki [1]."
    )
    assert placed.unsupported == ()
    assert [c["used"] for c in placed.citations] == [True, True]


def test_the_models_own_right_marker_is_kept_over_hearths_first_choice() -> None:
    copy = citation(3, MINUTES, 5)  # the same passage again, e.g. from a second file
    sentence = "The annual meeting was held in Helsinki."
    best = attribute_sentences(sentence, [MINUTES, copy.text])
    assert best[0].passage == 0  # on its own, Hearth would cite [1]
    placed = place_citations("The annual meeting was held in Helsinki [3].", (CITATIONS[0], copy))
    assert cited_numbers(placed.text) == [3]


def test_unsupported_sentences_are_flagged_where_they_stand() -> None:
    reply = "Revenue was 48.2 million euros [2]. A 20 percent tax applied to every member state."
    placed = place_citations(reply, CITATIONS)
    assert len(placed.unsupported) == 1
    issue = placed.unsupported[0]
    assert issue.kind == "unsupported" and issue.reason == UNSUPPORTED_REASON
    assert placed.text[issue.start : issue.end] == issue.text
    assert issue.text.startswith("A 20 percent tax")
    assert "[" not in issue.text  # no marker was placed on it


def test_the_refusal_and_short_remarks_are_neither_cited_nor_flagged() -> None:
    placed = place_citations(f"Sorry. {NOT_IN_DOCUMENTS}", CITATIONS)
    assert placed.unsupported == ()
    assert cited_numbers(placed.text) == []
    assert [c["used"] for c in placed.citations] == [False, False]


def test_the_supporting_sentence_of_a_cited_passage_is_recorded() -> None:
    placed = place_citations("Third-quarter revenue was 48.2 million euros.", CITATIONS)
    stored = placed.citations[1]
    span = support_span(stored)
    assert span is not None
    assert REVENUE[span[0] : span[1]].startswith("Third-quarter revenue was 48.2")
    assert support_span(placed.citations[0]) is None  # not cited: nothing to mark


MODEL = LoadedModel("/m.gguf", "M", "abc123", 2048, 8192, "CPU", 0, 2, 0.1)
STATS = GenerationStats(10, 4, 5, 0.1, 50.0, 0.3, "stop", 9, 0, 15, 2048)


@pytest.fixture
def database(tmp_path: Path) -> Database:
    return Database.open(tmp_path / "db.sqlite3", backups_dir=tmp_path / "backups")


def service_on(db: Database) -> ConversationService:
    return ConversationService(
        ConversationRepository(db), MessageRepository(db), default_system_prompt="Be kind."
    )


def test_a_grounded_reply_is_stored_placed_and_checked_and_acceptance_survives_a_reopen(
    database: Database, tmp_path: Path
) -> None:
    service = service_on(database)
    chat = service.new_conversation()
    pending = service.send(chat.id, "What was the third-quarter revenue?")
    reply = "Third-quarter revenue was 48.2 million euros. A 20 percent tax applied to it all."
    stored = service.finish(
        pending.reply_message_id,
        reply,
        stats=STATS,
        sampling=SamplingParams(seed=3),
        model=MODEL,
        citations=CITATIONS,
        turns=pending.turns,
    )
    assert stored.content.startswith("Third-quarter revenue was 48.2 million euros [2].")
    kinds = {(i["kind"], i["text"]) for i in stored.issues}
    assert ("number", "20") in kinds
    assert any(kind == "unsupported" for kind, _text in kinds)
    for issue in stored.issues:
        assert stored.content[issue["start"] : issue["end"]] == issue["text"]
    assert not stored.issues_accepted
    service.accept_issues(stored.id)
    database.close()

    reopened = Database.open(tmp_path / "db.sqlite3", backups_dir=tmp_path / "backups")
    try:
        again = service_on(reopened).message(stored.id)
        assert again.issues_accepted and again.issues == stored.issues
        # A new text (a continuation, say) is checked anew: the acceptance was of the old one.
        redone = service_on(reopened).finish(
            stored.id, reply, stats=STATS, sampling=SamplingParams(seed=3), model=MODEL,
            citations=CITATIONS, turns=pending.turns,
        )  # fmt: skip
        assert not redone.issues_accepted and redone.issues
    finally:
        reopened.close()
