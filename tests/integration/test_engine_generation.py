"""The engine on the real starter model: streaming, seeds, KV reuse, Unicode."""

from __future__ import annotations

import threading

from app.engine.detokenizer import IncrementalDetokenizer
from app.engine.llama_engine import LlamaEngine
from app.engine.types import ChatTurn, SamplingParams

SYSTEM = ChatTurn("system", "You are a helpful assistant.")


def ask(engine: LlamaEngine, turns: tuple[ChatTurn, ...], **sampling: float | int) -> tuple:
    chunks: list[str] = []
    params = SamplingParams(**{"max_tokens": 48, "seed": 7, **sampling})  # type: ignore[arg-type]
    result = engine.generate(turns, params, on_text=chunks.append, stop=threading.Event())
    return result, chunks


def test_same_seed_gives_the_same_text_and_another_seed_differs(starter_model) -> None:
    turns = (SYSTEM, ChatTurn("user", "Invent a name for a bakery."))
    texts = []
    for seed in (1234, 1234, 999):
        fresh = LlamaEngine()  # a fresh context each time: no cached state can help
        fresh.load(str(starter_model))
        result, _ = ask(fresh, turns, seed=seed, temperature=1.0, max_tokens=24)
        texts.append(result.text)
        fresh.close()
    assert texts[0] == texts[1]
    assert texts[0] != texts[2]


def test_second_turn_reuses_the_kv_cache(engine: LlamaEngine) -> None:
    first_turns = (SYSTEM, ChatTurn("user", "Name a fruit that is yellow. " * 8))
    first, _ = ask(engine, first_turns)
    assert first.stats.prompt_tokens_evaluated == first.stats.prompt_tokens or (
        first.stats.prompt_tokens_evaluated > 0
    )
    second_turns = (*first_turns, ChatTurn("assistant", first.text), ChatTurn("user", "Why?"))
    second, _ = ask(engine, second_turns)
    assert second.stats.prompt_tokens > first.stats.prompt_tokens
    # Only the new turn (and the few tokens after the cached reply) are evaluated.
    assert (
        second.stats.prompt_tokens_evaluated
        < second.stats.prompt_tokens - first.stats.prompt_tokens // 2
    )
    assert second.stats.prompt_tokens_evaluated < 30


def test_split_utf8_pieces_are_reassembled(engine: LlamaEngine) -> None:
    text = "Café 日本語 🔥🙂 Ελληνικά"
    llama = engine._llama
    assert llama is not None
    tokens = llama.tokenize(text.encode(), add_bos=False, special=False)
    pieces = [engine._piece(llama, t) for t in tokens]
    # The real vocabulary splits some of these characters across tokens...
    invalid_alone = []
    for piece in pieces:
        try:
            piece.decode("utf-8")
        except UnicodeDecodeError:
            invalid_alone.append(piece)
    assert invalid_alone, "expected at least one token that is not valid UTF-8 on its own"
    # ...and incremental decoding puts them back together exactly.
    detok = IncrementalDetokenizer()
    streamed = "".join(detok.feed(p) for p in pieces) + detok.flush()
    assert streamed == text
