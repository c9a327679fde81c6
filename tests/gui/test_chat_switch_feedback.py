"""What the window says about the chat in view follows the chat: its sources, its context and
speed figures, and whether Regenerate has anything to act on (issue 23's stale feedback)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.storage.records import GenerationRecord
from app.ui.chat.chat_documents import ChatDocuments
from app.ui.knowledge import AttachmentBar, SourcesPanel

from .controller_parts import Parts

CITATION = {
    "number": 1,
    "document_id": 1,
    "file": "memo.md",
    "path": "/nowhere/memo.md",
    "position": "Expansion memo",
    "page": None,
    "excerpt": "The Lisbon office opens on 14 March 2027.",
    "text": "The Lisbon office opens on 14 March 2027.",
    "highlights": [],
    "score": 0.8,
    "used": True,
}


def generation(*, prompt: int, completion: int, speed: float) -> GenerationRecord:
    return GenerationRecord(
        model_sha256="0" * 64,
        model_name="Tiny",
        sampling={},
        seed=1,
        prompt_tokens=prompt,
        prompt_tokens_evaluated=prompt,
        completion_tokens=completion,
        ttft_s=0.1,
        decode_tokens_per_s=speed,
        total_s=1.0,
        finish_reason="stop",
        n_ctx=4096,
    )


@pytest.fixture
def parts(hearth_home: Path, qtbot: QtBot) -> Iterator[Parts]:
    made = Parts(qtbot)
    yield made
    made.close()


def answered_chat(parts: Parts) -> int:
    """A stored chat whose reply cites one source and was written at 56.2 tok/s."""
    chats = parts.core.chats
    chat = chats.new_conversation()
    chats.messages.add(chat.id, "user", "When does the Lisbon office open?")
    reply = chats.messages.add(
        chat.id,
        "assistant",
        "On 14 March 2027 [1].",
        generation=generation(prompt=300, completion=109, speed=56.2),
    )
    chats.messages.update(reply.id, content=reply.content, complete=True, citations=[CITATION])
    return chat.id


def test_a_new_chat_clears_the_previous_chats_figures(parts: Parts) -> None:
    answered = answered_chat(parts)
    status = parts.status
    parts.chat.open_conversation(answered)
    assert status.context_label.text() == "409 / 4,096 ctx"
    assert not status.context_label.isHidden()
    assert status.speed_label.text() == "56.2 tok/s"

    parts.chat.new_conversation()
    assert status.context_label.isHidden()
    assert status.speed_label.isHidden()

    parts.chat.open_conversation(answered)  # back again: its own figures
    assert not status.speed_label.isHidden()
    parts.chat.open_conversation(None)
    assert status.speed_label.isHidden()


def test_regenerate_is_offered_only_where_there_is_a_reply(parts: Parts) -> None:
    offered: list[bool] = []
    errors: list[str] = []
    parts.chat.regenerate_available.connect(offered.append)
    parts.chat.error.connect(errors.append)
    answered = answered_chat(parts)

    parts.chat.new_conversation()
    assert offered[-1] is False
    assert not parts.chat.can_regenerate
    parts.chat.regenerate()  # the shortcut in an empty chat: nothing happens, no red error
    assert errors == []

    parts.chat.open_conversation(answered)
    assert offered[-1] is True
    assert parts.chat.can_regenerate


def test_the_sources_panel_follows_the_chat_in_view(parts: Parts, qtbot: QtBot) -> None:
    sources = SourcesPanel()
    bar = AttachmentBar()
    for widget in (sources, bar):
        qtbot.addWidget(widget)
    ChatDocuments(
        knowledge=parts.core.knowledge,
        chats=parts.core.chats,
        controller=parts.chat,
        bar=bar,
        sources=sources,
        chat_view=parts.chat_view,
        parent=parts.host,
    )
    answered = answered_chat(parts)
    other = parts.core.chats.new_conversation()
    parts.core.chats.messages.add(other.id, "user", "Hello")

    parts.chat.open_conversation(answered)
    assert [card.number for card in sources.cards()] == [1]
    parts.chat.open_conversation(other.id)
    assert sources.cards() == []
    assert sources.empty_state.isVisibleTo(sources)

    parts.chat.open_conversation(answered)
    assert len(sources.cards()) == 1
    parts.chat.new_conversation()
    assert sources.cards() == []
