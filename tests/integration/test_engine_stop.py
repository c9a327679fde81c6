"""Stop: between tokens, and in the middle of a long prompt evaluation (abort callback)."""

from __future__ import annotations

import threading
import time

from app.engine.llama_engine import LlamaEngine
from app.engine.types import ChatTurn, LoadOptions, SamplingParams


def test_stop_mid_reply_keeps_the_text_so_far(engine: LlamaEngine) -> None:
    stop = threading.Event()
    chunks: list[str] = []

    def on_text(text: str) -> None:
        chunks.append(text)
        if len(chunks) == 5:
            stop.set()

    result = engine.generate(
        (ChatTurn("user", "Write a very long essay about the history of bread."),),
        SamplingParams(max_tokens=400, seed=3, temperature=0.8),
        on_text=on_text,
        stop=stop,
    )
    assert result.stats.finish_reason == "cancelled"
    assert result.stats.completion_tokens == 5
    assert result.text == "".join(chunks)


def test_stop_during_prompt_evaluation_aborts_the_decode(starter_model) -> None:
    engine = LlamaEngine()
    # Small batches, so evaluating the prompt is many llama_decode calls and takes a while.
    engine.load(str(starter_model), options=LoadOptions(n_ctx=4096, n_batch=32))
    long_prompt = "The quick brown fox jumps over the lazy dog. " * 200
    turns = (ChatTurn("user", long_prompt + "\nSummarise."),)
    llama = engine._llama
    assert llama is not None
    stop = threading.Event()

    def stop_once_evaluation_is_under_way() -> None:
        # Two batches in: the prompt is being evaluated, far from its end (2,000 tokens).
        deadline = time.monotonic() + 240
        while llama.n_tokens < 64 and time.monotonic() < deadline:
            time.sleep(0.001)
        stop.set()

    try:
        watcher = threading.Thread(target=stop_once_evaluation_is_under_way)
        watcher.start()
        result = engine.generate(
            turns, SamplingParams(max_tokens=8), on_text=lambda _t: None, stop=stop
        )
        watcher.join()
        assert result.stats.finish_reason == "cancelled"
        assert result.stats.completion_tokens == 0
        # llama.cpp stopped part-way through the prompt, well before its end.
        assert 64 <= result.stats.context_used < result.stats.prompt_tokens - 64

        # The engine is still usable afterwards.
        again = engine.generate(
            turns, SamplingParams(max_tokens=4), on_text=lambda _t: None, stop=threading.Event()
        )
        assert again.stats.completion_tokens > 0
        assert again.stats.finish_reason == "length"
    finally:
        engine.close()
