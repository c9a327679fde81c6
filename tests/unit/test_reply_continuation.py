"""Continue on a reply cut off at the length limit, against a real SQLite file: what may be
continued, what the continuation is given, and the one record the whole reply keeps."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.chats.active_reply import ActiveReply, store_finished
from app.chats.conversation_repository import ConversationRepository
from app.chats.conversation_service import ConversationService
from app.chats.message_repository import MessageRepository
from app.chats.recording import continuations, generation_record, sampling_of, summary_line
from app.chats.streaming_reply import StreamingReply
from app.engine.types import ActiveAdapter, ChatTurn, GenerationStats, LoadedModel, SamplingParams
from app.storage import Database
from app.storage.records import AdapterRecord

MODEL = LoadedModel("/m.gguf", "M", "abc123", 2048, 8192, "CPU", 0, 2, 0.1)
SAMPLING = SamplingParams(temperature=0.4, top_k=20, max_tokens=8, seed=77)
ADAPTER = AdapterRecord(
    1, "tone", "/tone.gguf", "d" * 64, 10, "llama", 8, 16.0, 4, datetime.now(UTC)
)


def stats(reason: str, tokens: int, speed: float = 40.0, total: float = 0.5) -> GenerationStats:
    return GenerationStats(
        prompt_tokens=30,
        prompt_tokens_evaluated=30,
        completion_tokens=tokens,
        ttft_s=0.2,
        decode_tokens_per_s=speed,
        total_s=total,
        finish_reason=reason,  # type: ignore[arg-type]
        seed=SAMPLING.seed,
        trimmed_turns=0,
        context_used=30 + tokens,
        n_ctx=2048,
    )


@pytest.fixture
def service(tmp_path: Path) -> ConversationService:
    db = Database.open(tmp_path / "db.sqlite3", backups_dir=tmp_path / "backups")
    return ConversationService(
        ConversationRepository(db),
        MessageRepository(db),
        default_system_prompt="Be brief.",
        adapter_at=lambda path: ADAPTER if path == ADAPTER.path else None,
    )


def cut_off_chat(service: ConversationService, text: str = "A forecast is ") -> int:
    chat = service.new_conversation()
    pending = service.send(chat.id, "What is a forecast?")
    service.finish(
        pending.reply_message_id, text, stats=stats("length", 8), sampling=SAMPLING, model=MODEL
    )
    return chat.id


def test_continuing_gives_the_reply_so_far_and_the_same_sampling(
    service: ConversationService,
) -> None:
    chat = cut_off_chat(service)
    pending = service.continue_reply(chat, model=MODEL)
    # The question as before; the reply so far (trailing spaces off) is what the model extends.
    assert pending.turns == (
        ChatTurn("system", "Be brief."),
        ChatTurn("user", "What is a forecast?"),
    )
    assert pending.continue_from == "A forecast is"
    assert pending.sampling == SAMPLING
    stored = service.messages.get(pending.reply_message_id)
    assert (stored.content, stored.complete) == ("A forecast is", False)  # until it ends

    reply = StreamingReply(service, pending.reply_message_id, before=pending.continue_from)
    reply.add(" a plan")
    active = ActiveReply(1, pending, SAMPLING, reply)
    shown = store_finished(service, active, " a plan of money.", stats("stop", 5, 20.0), MODEL)
    assert shown.text == "A forecast is a plan of money." and shown.complete

    messages = service.messages.list(chat)
    assert [m.role for m in messages] == ["user", "assistant"]
    assert messages[1].content == "A forecast is a plan of money."
    record = messages[1].generation
    assert record is not None
    assert record.completion_tokens == 13 and record.finish_reason == "stop"
    assert record.seed == 77 and record.sampling["temperature"] == 0.4
    assert continuations(record) == 1
    assert record.total_s == 1.0 and record.ttft_s == 0.2
    # 7 + 4 decoded tokens in 7/40 + 4/20 seconds.
    assert record.decode_tokens_per_s == pytest.approx(11 / (7 / 40 + 4 / 20), abs=0.01)
    assert summary_line(record).endswith("continued")


def test_a_reply_continued_twice_counts_both(service: ConversationService) -> None:
    chat = cut_off_chat(service)
    for _ in range(2):
        pending = service.continue_reply(chat, model=MODEL)
        service.finish(
            pending.reply_message_id,
            pending.reply_text(" more"),
            stats=stats("length", 8),
            sampling=SAMPLING,
            model=MODEL,
            earlier=pending.earlier,
        )
    record = service.messages.list(chat)[1].generation
    assert record is not None
    assert continuations(record) == 2 and record.completion_tokens == 24
    assert "continued 2 times" in summary_line(record)
    assert service.messages.list(chat)[1].content == "A forecast is more more"


@pytest.mark.parametrize("reason", ["stop", "cancelled", "repetition"])
def test_only_a_reply_cut_off_at_the_limit_can_be_continued(
    service: ConversationService, reason: str
) -> None:
    chat = service.new_conversation()
    pending = service.send(chat.id, "hi")
    service.finish(
        pending.reply_message_id, "Hello", stats=stats(reason, 2), sampling=SAMPLING, model=MODEL
    )
    with pytest.raises(ValueError, match="cut off at the length limit"):
        service.continue_reply(chat.id, model=MODEL)
    assert service.messages.list(chat.id)[1].content == "Hello"  # nothing changed


def test_a_chat_without_a_reply_cannot_be_continued(service: ConversationService) -> None:
    chat = service.new_conversation()
    with pytest.raises(ValueError, match="no reply to continue"):
        service.continue_reply(chat.id, model=MODEL)


def test_another_model_or_other_adapters_cannot_continue_it(
    service: ConversationService,
) -> None:
    chat = cut_off_chat(service)
    with pytest.raises(ValueError, match="load that model"):
        service.continue_reply(chat, model=replace(MODEL, sha256="other"))
    tone = ActiveAdapter(ADAPTER.path, "tone", 1.0, 8, 16.0)
    with pytest.raises(ValueError, match="other adapters"):
        service.continue_reply(chat, model=MODEL, adapters=(tone,))
    assert service.messages.list(chat)[1].content == "A forecast is "


def test_an_edited_reply_is_not_continued_and_a_mark_is_lifted(
    service: ConversationService,
) -> None:
    chat = cut_off_chat(service)
    reply_id = service.messages.list(chat)[1].id
    service.messages.mark_reply(reply_id, "good")
    service.continue_reply(chat, model=MODEL)
    # The verdict was on the shorter text.
    assert service.messages.reply_feedback(chat)[reply_id].mark is None

    other = cut_off_chat(service)
    other_reply = service.messages.list(other)[1].id
    service.messages.edit_reply(other_reply, "My own words")
    with pytest.raises(ValueError, match="You edited this reply"):
        service.continue_reply(other, model=MODEL)


def test_the_stored_sampling_is_read_back_and_old_records_had_no_guard() -> None:
    record = generation_record(stats("length", 8), SAMPLING, MODEL)
    assert sampling_of(record) == SAMPLING
    older = {k: v for k, v in record.sampling.items() if k != "repetition_guard"}
    assert sampling_of(replace(record, sampling=older)) == replace(SAMPLING, repetition_guard=False)
