"""A grounded chat in the real window, on the starter model: Hearth places the citations of the
real answer, shows source chips under it, the Sources panel follows the chat in view, and
"Accept as is" on a flagged reply is stored and survives a restart."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.checking import attribute_sentences
from app.config import Paths
from app.core import Core
from app.engine.types import GenerationStats, LoadedModel, SamplingParams
from app.knowledge.grounding import Citation, cited_numbers

from .event_wait import wait_until
from .test_chat_documents import drop
from .test_main_window import LOAD_TIMEOUT_MS, REPLY_TIMEOUT_MS, Session, assistant_widgets

MEMO = (
    "# Quarterly report\n\n"
    "Third-quarter revenue was 48.2 million euros, up 11 percent from the year before.\n\n"
    "The Lisbon office opens on 14 March 2027 and its manager is Ana Duarte.\n"
)
MARKER = re.compile(r" ?\[\d+(?:\s*[,;\-]\s*\d+)*\]")
SHOTS = os.environ.get("HEARTH_SHOTS_DIR")  # set to save screenshots of what the user sees


@pytest.fixture
def session(hearth_home: Path, starter_model: Path, qtbot: QtBot) -> Iterator[Session]:
    core = Core.open(Paths.resolve())
    core.library.import_model(starter_model)
    core.close()
    session = Session(qtbot, max_tokens=48)
    session.window.resize(1280, 800)
    yield session
    session.close()


def shoot(session: Session, name: str) -> None:
    if SHOTS:
        session.qtbot.wait(300)  # let the layout settle, as the user would see it
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        session.window.grab().save(str(Path(SHOTS) / name))


def test_a_real_grounded_answer_gets_placed_citations_chips_and_a_following_sources_panel(
    session: Session, tmp_path: Path
) -> None:
    window = session.window
    session.load()
    window.chat_list.open_start_chat()
    memo = tmp_path / "q3-report.md"
    memo.write_text(MEMO)
    drop(window, [memo])
    wait_until(lambda: not window.chat_documents.busy, timeout_ms=LOAD_TIMEOUT_MS)
    conversation_id = window.controller.conversation_id
    assert conversation_id is not None

    session.type_and_send("What was the third-quarter revenue?")
    session.wait_idle()
    stored = session.core.chats.messages.list(conversation_id)[-1]
    assert stored.role == "assistant" and stored.citations
    passages = {c["number"]: str(c["text"]) for c in stored.citations}
    # Every [n] in the stored answer was placed by Hearth: a passage given with the question
    # that supports the sentence it stands in, by the checker's own matching.
    clean = stored.content
    for support in attribute_sentences(clean, list(passages.values())):
        sentence = clean[support.start : support.end]
        for number in cited_numbers(sentence):
            assert number in passages, (number, sentence)
            claim = MARKER.sub("", sentence)  # as Hearth matched it: without the markers
            supported = attribute_sentences(claim, [passages[number]])
            assert any(s.passage == 0 for s in supported), (number, sentence)
    for issue in stored.issues:
        assert stored.content[issue["start"] : issue["end"]] == issue["text"]
    # The window shows the stored text, with chips for the sources, whatever the model cited.
    reply = assistant_widgets(window)[-1]
    assert reply.text() == stored.content
    chips = reply.checks.chips.chips()
    assert chips and all("q3-report.md" in c.text() for c in chips)
    wait_until(lambda: chips[0].isVisible(), timeout_ms=REPLY_TIMEOUT_MS)
    assert reply.checks.badge.count() == (0 if stored.issues_accepted else len(stored.issues))
    panel = window.sources_panel
    assert [c.citation.file_name for c in panel.cards()] == ["q3-report.md"] * len(panel.cards())
    qtbot = session.qtbot
    qtbot.mouseClick(chips[0], Qt.MouseButton.LeftButton)
    assert window.side_panel.currentWidget() is panel
    assert panel.highlighted_number() == int(chips[0].text().split("]")[0].lstrip("["))
    shoot(session, "chat-real-answer.png")

    # The Sources panel follows the chat in view: a new chat has none, back again it has them.
    window.controller.new_conversation()
    wait_until(lambda: not panel.cards(), timeout_ms=REPLY_TIMEOUT_MS)
    window.controller.open_conversation(conversation_id)
    wait_until(lambda: bool(panel.cards()), timeout_ms=REPLY_TIMEOUT_MS)
    assert assistant_widgets(window)[-1].checks.chips.chips()


MODEL = LoadedModel("/m.gguf", "M", "abc123", 2048, 8192, "CPU", 0, 2, 0.1)
STATS = GenerationStats(10, 4, 5, 0.1, 50.0, 0.3, "stop", 9, 0, 15, 2048)
REVENUE = (
    "The board reviewed the results. Third-quarter revenue was 48.2 million euros, "
    "up 11 percent from the year before. The Lisbon office opens on 14 March 2027."
)


def flagged_chat(core: Core) -> tuple[int, int]:
    """A chat whose stored reply has flagged details (written the way a reply is finished)."""
    chat = core.chats.new_conversation()
    pending = core.chats.send(chat.id, "What was the third-quarter revenue?")
    source = Citation(1, 1, "q3-report.pdf", "/nowhere/q3-report.pdf", "page 3", 3,
                      REVENUE[:60], REVENUE, 1.0, None)  # fmt: skip
    message = core.chats.finish(
        pending.reply_message_id,
        "Third-quarter revenue was 48.2 million euros, up 11 percent. "
        "A 20 percent tax and a 50 percent reduction then applied to the profits.",
        stats=STATS, sampling=SamplingParams(seed=1), model=MODEL, citations=(source,),
        turns=pending.turns,
    )  # fmt: skip
    return chat.id, message.id


def test_accept_as_is_is_recorded_and_survives_a_restart(hearth_home: Path, qtbot: QtBot) -> None:
    core = Core.open(Paths.resolve())
    conversation_id, message_id = flagged_chat(core)
    core.close()

    first = Session(qtbot)
    try:
        first.window.resize(1280, 800)
        first.window.controller.open_conversation(conversation_id)
        wait_until(lambda: bool(assistant_widgets(first.window)), timeout_ms=REPLY_TIMEOUT_MS)
        reply = assistant_widgets(first.window)[-1]
        badge = reply.checks.badge
        wait_until(badge.isVisible, timeout_ms=REPLY_TIMEOUT_MS)
        assert badge.label.text() == "3 details are not in your sources"  # 20, 50, the sentence
        assert first.window.sources_panel.cards()  # the panel followed the opened chat
        shoot(first, "chat-flagged-reply.png")
        qtbot.mouseClick(badge.accept_button, Qt.MouseButton.LeftButton)
        assert not badge.isVisible()
        assert first.core.chats.message(message_id).issues_accepted
    finally:
        first.close()

    again = Session(qtbot)
    try:
        again.window.controller.open_conversation(conversation_id)
        wait_until(lambda: bool(assistant_widgets(again.window)), timeout_ms=REPLY_TIMEOUT_MS)
        reply = assistant_widgets(again.window)[-1]
        assert reply.checks.issues()  # still flagged (underlined) ...
        assert reply.checks.badge.count() == 0 and not reply.checks.badge.isVisible()  # no badge
    finally:
        again.close()


def test_documents_mode_shows_a_flagged_section_and_accepting_it_is_stored(
    hearth_home: Path, qtbot: QtBot
) -> None:
    from .test_checked_output import flagged_document

    core = Core.open(Paths.resolve())
    sample = flagged_document()
    stored = core.templates.documents.add(sample.recipe, sample.sections)
    core.close()
    session = Session(qtbot)
    try:
        window = session.window
        window.resize(1280, 800)
        window.documents.show_documents_mode()
        panel = window.templates_panel
        assert panel.open_document(stored.id)
        badge = panel.editor.check_badge
        wait_until(badge.isVisible, timeout_ms=REPLY_TIMEOUT_MS)
        assert badge.label.text() == "1 detail is not in your sources"
        shoot(session, "documents-flagged-section.png")
        qtbot.mouseClick(badge.accept_button, Qt.MouseButton.LeftButton)
        assert not badge.isVisible()
        assert session.core.templates.documents.get(stored.id).issues_accepted
        assert panel.open_document(stored.id) and not badge.isVisible()
    finally:
        session.close()
