"""Token log-probabilities from the real starter model: recorded, stored, reloaded, summarised."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

from app.chats.confidence import confidence_json, low_confidence_spans, reply_confidence
from app.chats.conversation_repository import ConversationRepository
from app.chats.conversation_service import ConversationService
from app.chats.message_repository import MessageRepository
from app.engine.llama_engine import LlamaEngine
from app.engine.types import ChatTurn, GenerationResult, SamplingParams
from app.storage import Database
from app.storage.records import GenerationRecord

TURNS = (
    ChatTurn("system", "You are a helpful assistant."),
    ChatTurn("user", "Write two sentences about a bakery in Tampere."),
)
GREEDY = SamplingParams(temperature=0.0, max_tokens=40, seed=3)


def generate(engine: LlamaEngine, sampling: SamplingParams = GREEDY) -> GenerationResult:
    return engine.generate(TURNS, sampling, on_text=lambda _t: None, stop=threading.Event())


def test_each_token_has_a_logprob_and_greedy_runs_repeat_them(engine: LlamaEngine) -> None:
    first = generate(engine)
    engine.reset_cache()
    second = generate(engine)
    tokens = first.stats.token_logprobs
    assert len(tokens) == first.stats.completion_tokens > 5
    assert all(t.logprob <= 0.0 for t in tokens)
    # Some token is not certain; the starter model is small.
    assert min(t.logprob for t in tokens) < -0.01
    assert "".join(t.text for t in tokens) == first.text
    assert [t.text for t in second.stats.token_logprobs] == [t.text for t in tokens]
    for a, b in zip(tokens, second.stats.token_logprobs, strict=True):
        assert abs(a.logprob - b.logprob) < 1e-3


def test_stored_values_reload_from_the_database(engine: LlamaEngine, tmp_path: Path) -> None:
    result = generate(engine, replace(GREEDY, temperature=0.9, seed=11))
    path = tmp_path / "db.sqlite3"
    db = Database.open(path, backups_dir=tmp_path / "backups")
    chats = ConversationService(
        ConversationRepository(db), MessageRepository(db), default_system_prompt=""
    )
    chat = chats.new_conversation()
    pending = chats.send(chat.id, TURNS[-1].content)
    assert engine.loaded is not None
    chats.finish(
        pending.reply_message_id,
        result.text,
        stats=result.stats,
        sampling=GREEDY,
        model=engine.loaded,
    )
    db.close()

    reopened = Database.open(path, backups_dir=tmp_path / "backups")
    message = MessageRepository(reopened).get(pending.reply_message_id)
    reopened.close()
    assert message.generation is not None
    stored = message.generation.confidence
    assert stored is not None and stored.covers(message.content)
    assert len(stored.logprobs) == result.stats.completion_tokens
    for kept, token in zip(stored.logprobs, result.stats.token_logprobs, strict=True):
        assert abs(kept - token.logprob) <= 0.006  # stored in hundredths
    summary = confidence_json(stored, message.content)
    assert summary is not None and 0.0 < summary["mean_probability"] <= 1.0
    for span in summary["low_spans"]:
        assert message.content[span["start"] : span["end"]] == span["text"]
        assert span["probability"] < summary["threshold"]


def test_a_continued_reply_keeps_the_values_of_both_parts(engine: LlamaEngine) -> None:
    first = generate(engine, replace(GREEDY, max_tokens=8))
    confidence = reply_confidence(first.stats.token_logprobs, first.text)
    assert confidence is not None and confidence.covers(first.text)
    more = engine.generate(
        TURNS,
        replace(GREEDY, max_tokens=8),
        on_text=lambda _t: None,
        stop=threading.Event(),
        continue_from=first.text,
    )
    whole = first.text + more.text

    earlier = GenerationRecord(
        "sha", "M", {}, 3, 1, 1, 8, 0.1, 1.0, 1.0, "length", confidence=confidence
    )
    combined = reply_confidence(more.stats.token_logprobs, whole, earlier)
    assert combined is not None and combined.covers(whole)
    assert len(combined.logprobs) == len(first.stats.token_logprobs) + len(
        more.stats.token_logprobs
    )
    # Edited text is not these values' text: nothing is shaded.
    assert low_confidence_spans(combined, whole + " edited") == []
