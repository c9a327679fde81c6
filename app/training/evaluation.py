"""Held-out evaluation through llama.cpp: each held-out prompt answered greedily by the base
model, then with the new adapter, scored side by side (and later thumbed by the user)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Final, Protocol

from app.engine.types import ActiveAdapter, ChatTurn, GenerationResult, SamplingParams
from app.training.examples import TrainingExample
from app.training.scoring import mean, phrase_score

EVAL_MAX_TOKENS: Final = 64  # taught answers are short; a rambling base reply is cut
Thumb = int | None  # 1 up, -1 down, None not given


class GeneratingEngine(Protocol):
    """The part of app.engine.llama_engine.LlamaEngine evaluation uses (model loaded)."""

    def set_adapters(self, adapters: Sequence[tuple[str, float]]) -> tuple[ActiveAdapter, ...]: ...

    def generate(
        self,
        turns: Sequence[ChatTurn],
        sampling: SamplingParams,
        *,
        on_text: Callable[[str], None],
        stop: threading.Event,
    ) -> GenerationResult: ...


@dataclass(frozen=True)
class EvaluationRow:
    position: int
    prompt: str
    reference: str
    expected: tuple[str, ...]
    reply_before: str
    reply_after: str
    score_before: float
    score_after: float
    thumbs_before: Thumb = None
    thumbs_after: Thumb = None


@dataclass(frozen=True)
class EvaluationReport:
    rows: tuple[EvaluationRow, ...]

    @property
    def score_before(self) -> float | None:
        return mean([r.score_before for r in self.rows])

    @property
    def score_after(self) -> float | None:
        return mean([r.score_after for r in self.rows])

    def with_thumb(self, position: int, *, after: bool, thumb: Thumb) -> EvaluationReport:
        rows = tuple(
            (replace(r, thumbs_after=thumb) if after else replace(r, thumbs_before=thumb))
            if r.position == position
            else r
            for r in self.rows
        )
        return EvaluationReport(rows)


def greedy(max_tokens: int = EVAL_MAX_TOKENS) -> SamplingParams:
    return SamplingParams(temperature=0.0, repeat_penalty=1.0, max_tokens=max_tokens, seed=0)


def _answers(
    engine: GeneratingEngine,
    examples: Sequence[TrainingExample],
    sampling: SamplingParams,
    stop: threading.Event,
    on_answer: Callable[[int], None] | None,
) -> list[str]:
    replies: list[str] = []
    for example in examples:
        if stop.is_set():
            break
        turns = [ChatTurn(t.role, t.content) for t in example.prompt_turns]
        replies.append(engine.generate(turns, sampling, on_text=lambda _: None, stop=stop).text)
        if on_answer is not None:
            on_answer(len(replies))
    return replies


def evaluate_adapter(
    engine: GeneratingEngine,
    adapter_path: str,
    held_out: Sequence[TrainingExample],
    *,
    scale: float = 1.0,
    max_tokens: int = EVAL_MAX_TOKENS,
    stop: threading.Event | None = None,
    on_answer: Callable[[int], None] | None = None,
) -> EvaluationReport:
    """Answer every held-out prompt without, then with the adapter (the base must be loaded).

    set_adapters resets the KV cache, so no prefix computed under the other weights is reused.
    The engine is left without adapters. `on_answer(n)` counts answers (2 per example).
    """
    stop = stop or threading.Event()
    sampling = greedy(max_tokens)
    engine.set_adapters([])
    before = _answers(engine, held_out, sampling, stop, on_answer)
    engine.set_adapters([(adapter_path, scale)])
    try:
        count = len(before)
        after = _answers(
            engine,
            held_out,
            sampling,
            stop,
            (lambda n: on_answer(count + n)) if on_answer is not None else None,
        )
    finally:
        engine.set_adapters([])
    rows = []
    for position, (example, b, a) in enumerate(zip(held_out, before, after, strict=False)):
        rows.append(
            EvaluationRow(
                position=position,
                prompt=example.question,
                reference=example.reply,
                expected=example.expected,
                reply_before=b,
                reply_after=a,
                score_before=phrase_score(b, example.expected, example.reply),
                score_after=phrase_score(a, example.expected, example.reply),
            )
        )
    return EvaluationReport(tuple(rows))
