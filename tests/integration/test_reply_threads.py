"""The thread count on real replies from the starter model: chosen (Automatic) or fixed."""

from __future__ import annotations

import threading
from pathlib import Path

from app.engine.llama_engine import LlamaEngine
from app.engine.thread_choice import physical_cores
from app.engine.types import ChatTurn, LoadOptions, SamplingParams

TURNS = (ChatTurn("user", "Name three colours."),)


def reply_threads(engine: LlamaEngine) -> tuple[int, int]:
    result = engine.generate(
        TURNS,
        SamplingParams(max_tokens=12, seed=3),
        on_text=lambda _t: None,
        stop=threading.Event(),
    )
    assert result.stats.completion_tokens > 0
    return result.stats.n_threads, result.stats.n_threads_end


def test_automatic_uses_at_most_the_physical_cores(engine: LlamaEngine) -> None:
    start, end = reply_threads(engine)
    assert 1 <= end <= start <= physical_cores()
    assert engine.loaded is not None and engine.loaded.n_threads == physical_cores()


def test_a_fixed_number_is_what_every_reply_uses(starter_model: Path) -> None:
    # One more than Automatic would ever pick, so the setting is what decides.
    wanted = physical_cores() + 1
    fixed = LlamaEngine()
    options = LoadOptions(n_ctx=512, n_threads=wanted, n_gpu_layers=0)
    fixed.load(str(starter_model), options=options)
    try:
        assert reply_threads(fixed) == (wanted, wanted)
        assert fixed.loaded is not None and fixed.loaded.n_threads == wanted
    finally:
        fixed.close()
