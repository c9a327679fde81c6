"""Chat turns against a real SQLite file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from app.chats.conversation_repository import ConversationRepository
from app.chats.conversation_service import ConversationService, title_from
from app.chats.message_repository import MessageRepository
from app.chats.recording import summary_line
from app.chats.streaming_reply import StreamingReply
from app.engine.types import ChatTurn, GenerationStats, LoadedModel, SamplingParams
from app.storage import Database


@pytest.fixture
def service(tmp_path: Path) -> ConversationService:
    db = Database.open(tmp_path / "db.sqlite3", backups_dir=tmp_path / "backups")
    return ConversationService(
        ConversationRepository(db), MessageRepository(db), default_system_prompt="Be kind."
    )


MODEL = LoadedModel("/m.gguf", "M", "abc123", 2048, 8192, "CPU", 0, 2, 0.1)


def stats(reason: str = "stop") -> GenerationStats:
    return GenerationStats(10, 4, 5, 0.1, 50.0, 0.3, reason, 9, 0, 15, 2048)  # type: ignore[arg-type]


def test_send_stores_the_message_opens_an_incomplete_reply_and_titles_the_chat(
    service: ConversationService,
) -> None:
    chat = service.new_conversation()
    pending = service.send(chat.id, "How do I   write a\nprice-change email?")
    assert pending.turns == (
        ChatTurn("system", "Be kind."),
        ChatTurn("user", "How do I   write a\nprice-change email?"),
    )
    assert service.conversations.get(chat.id).title == "How do I write a price-change email?"
    reply = service.messages.get(pending.reply_message_id)
    assert (reply.role, reply.content, reply.complete) == ("assistant", "", False)


def test_finish_records_generation_and_stop_keeps_incomplete(service: ConversationService) -> None:
    chat = service.new_conversation()
    pending = service.send(chat.id, "hi")
    sampling = SamplingParams(temperature=0.5, seed=9)
    done = service.finish(
        pending.reply_message_id, "Hello!", stats=stats(), sampling=sampling, model=MODEL
    )
    assert done.complete and done.content == "Hello!"
    assert done.generation is not None
    assert (done.generation.seed, done.generation.model_sha256) == (9, "abc123")
    assert done.generation.sampling["temperature"] == 0.5

    pending = service.send(chat.id, "more")
    stopped = service.finish(
        pending.reply_message_id, "Part", stats=stats("cancelled"), sampling=sampling, model=MODEL
    )
    assert not stopped.complete


def test_regenerate_and_edit_replace_what_follows(service: ConversationService) -> None:
    chat = service.new_conversation()
    first = service.send(chat.id, "one")
    service.finish(
        first.reply_message_id, "1", stats=stats(), sampling=SamplingParams(), model=MODEL
    )
    second = service.send(chat.id, "two")
    service.finish(
        second.reply_message_id, "2", stats=stats(), sampling=SamplingParams(), model=MODEL
    )

    again = service.regenerate(chat.id)
    assert [t.content for t in again.turns] == ["Be kind.", "one", "1", "two"]
    assert len(service.messages.list(chat.id)) == 4  # the old reply was replaced

    user_one = service.messages.list(chat.id)[0]
    edited = service.edit_and_resend(chat.id, user_one.id, "uno")
    assert [t.content for t in edited.turns] == ["Be kind.", "uno"]
    assert [m.content for m in service.messages.list(chat.id)] == ["uno", ""]


def test_streaming_reply_saves_partial_text_periodically(service: ConversationService) -> None:
    chat = service.new_conversation()
    pending = service.send(chat.id, "tell me")
    reply = StreamingReply(service, pending.reply_message_id, save_interval_s=0.0)
    reply.add("Once ")
    reply.add("upon")
    stored = service.messages.get(pending.reply_message_id)
    assert (stored.content, stored.complete) == ("Once upon", False)


def test_title_is_shortened() -> None:
    assert len(title_from("word " * 50)) <= 60
    assert title_from("word " * 50).endswith("…")


def test_the_reply_thread_counts_are_stored_and_shown(service: ConversationService) -> None:
    chat = service.new_conversation()
    pending = service.send(chat.id, "hi")
    dropped = replace(stats(), n_threads=2, n_threads_end=1)
    done = service.finish(
        pending.reply_message_id, "Hello!", stats=dropped, sampling=SamplingParams(), model=MODEL
    )
    stored = service.messages.get(done.id).generation
    assert stored is not None
    assert (stored.n_threads, stored.n_threads_end) == (2, 1)
    assert "2 → 1 threads" in summary_line(stored)
    # A remote server's reply has no thread count: nothing is recorded or shown.
    pending = service.send(chat.id, "again")
    remote = service.finish(
        pending.reply_message_id, "Hi.", stats=stats(), sampling=SamplingParams(), model=MODEL
    )
    assert remote.generation is not None and remote.generation.n_threads is None
    assert "thread" not in summary_line(remote.generation)
