"""On the real starter model: a reply that loops is stopped for repetition (and only such a
reply), and a reply cut off at the length limit is continued in the same message."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from app.chats.conversation_repository import ConversationRepository
from app.chats.conversation_service import ConversationService
from app.chats.message_repository import MessageRepository
from app.chats.recording import continuations, summary_line
from app.chats.streaming_reply import StreamingReply
from app.engine.llama_engine import LlamaEngine
from app.engine.repetition import RepetitionDetector
from app.engine.types import ChatTurn, GenerationResult, SamplingParams
from app.storage import Database

# With greedy decoding the starter model repeats the same list item until the limit.
LOOPING_PROMPT = "Write a list of 50 tips for a small business owner."
LOOP_LIMIT = 400


def greedy(max_tokens: int, *, guard: bool = True) -> SamplingParams:
    return SamplingParams(
        temperature=0.0, repeat_penalty=1.0, max_tokens=max_tokens, seed=1, repetition_guard=guard
    )


def generate(
    engine: LlamaEngine, prompt: str, sampling: SamplingParams, *, continue_from: str = ""
) -> tuple[GenerationResult, str]:
    """The result and everything streamed."""
    streamed: list[str] = []
    result = engine.generate(
        (ChatTurn("user", prompt),),
        sampling,
        on_text=streamed.append,
        stop=threading.Event(),
        continue_from=continue_from,
    )
    return result, "".join(streamed)


def test_a_looping_reply_is_stopped_and_cut_back_to_before_its_repeats(
    engine: LlamaEngine,
) -> None:
    unguarded, _ = generate(engine, LOOPING_PROMPT, greedy(LOOP_LIMIT, guard=False))
    assert unguarded.stats.finish_reason == "length"  # without the guard it runs to the limit
    assert unguarded.stats.completion_tokens == LOOP_LIMIT

    guarded, streamed = generate(engine, LOOPING_PROMPT, greedy(LOOP_LIMIT))
    assert guarded.stats.finish_reason == "repetition"
    assert guarded.stats.completion_tokens < LOOP_LIMIT // 2
    # The same text up to the loop; the repeats that streamed are left out of the result.
    assert unguarded.text.startswith(guarded.text)
    assert streamed.startswith(guarded.text) and len(streamed) > len(guarded.text)
    check = RepetitionDetector()
    check.feed(guarded.text)
    assert not check.finish()
    lines = [line for line in guarded.text.splitlines() if line.strip()]
    assert len(lines) >= 2 and len(set(lines)) == len(lines)


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("List the twelve months of the year.", ("January", "June", "December")),
        ("Name the planets of the solar system.", ("Mercury", "Neptune")),
        # Three code blocks that repeat the same function header: code, not a loop.
        ("Write a Python function that adds two numbers.", ("def add_two_numbers",)),
    ],
)
def test_a_legitimate_list_or_code_is_not_stopped(
    engine: LlamaEngine, prompt: str, expected: tuple[str, ...]
) -> None:
    result, _ = generate(engine, prompt, greedy(300))
    assert result.stats.finish_reason == "stop"
    for word in expected:
        assert word in result.text


def test_continue_goes_on_exactly_where_the_reply_stopped(engine: LlamaEngine) -> None:
    prompt = "Tell me about the history of bread."
    whole, _ = generate(engine, prompt, greedy(40))
    first, _ = generate(engine, prompt, greedy(20))
    assert first.stats.finish_reason == "length"
    rest, streamed = generate(engine, prompt, greedy(20), continue_from=first.text)
    # Greedy decoding: reply + continuation is the reply written in one go.
    assert first.text + rest.text == whole.text
    assert streamed == rest.text and rest.text
    assert rest.stats.completion_tokens == 20


@pytest.fixture
def chats(tmp_path: Path) -> ConversationService:
    db = Database.open(tmp_path / "db.sqlite3", backups_dir=tmp_path / "backups")
    return ConversationService(
        ConversationRepository(db), MessageRepository(db), default_system_prompt="Be helpful."
    )


def test_a_cut_off_reply_is_continued_in_the_same_message(
    engine: LlamaEngine, chats: ConversationService
) -> None:
    model = engine.loaded
    assert model is not None
    chat = chats.new_conversation()
    pending = chats.send(chat.id, "Explain what a cash-flow forecast is.")
    sampling = SamplingParams(max_tokens=16, seed=5)
    first = engine.generate(
        pending.turns, sampling, on_text=lambda _t: None, stop=threading.Event()
    )
    assert first.stats.finish_reason == "length"
    cut = chats.finish(
        pending.reply_message_id, first.text, stats=first.stats, sampling=sampling, model=model
    )
    assert cut.complete and cut.generation is not None
    assert "cut off at the length limit" in summary_line(cut.generation)

    again = chats.continue_reply(chat.id, model=model)
    assert again.reply_message_id == cut.id
    assert again.sampling == sampling  # the same sampling and seed as the part before
    reply = StreamingReply(chats, again.reply_message_id, before=again.continue_from)
    added = engine.generate(
        again.turns,
        again.sampling,
        on_text=reply.add,
        stop=threading.Event(),
        continue_from=again.continue_from,
    )
    assert reply.text == again.reply_text(added.text)
    done = chats.finish(
        again.reply_message_id,
        again.reply_text(added.text),
        stats=added.stats,
        sampling=again.sampling,
        model=model,
        earlier=again.earlier,
    )

    messages = chats.messages.list(chat.id)
    assert [m.role for m in messages] == ["user", "assistant"]  # one reply, not two
    assert done.content == first.text.rstrip(" \t") + added.text
    assert len(done.content) > len(first.text)
    record = done.generation
    assert record is not None
    assert record.completion_tokens == 16 + added.stats.completion_tokens
    assert record.seed == 5 and record.finish_reason == added.stats.finish_reason
    assert record.prompt_tokens == first.stats.prompt_tokens
    assert continuations(record) == 1
    assert "continued" in summary_line(record)
