"""Turn the user's Settings into what the engine takes, choosing a seed when none is fixed."""

from __future__ import annotations

import random
from typing import Literal

from app.config import Settings
from app.engine.types import LoadOptions, SamplingParams

from .reply_length import reply_limit


def random_seed() -> int:
    return random.SystemRandom().randrange(0, 2**31)


def sampling_from_settings(
    settings: Settings,
    *,
    seed: int | None = None,
    max_tokens: int | None = None,
    parameter_count: int | None = None,
) -> SamplingParams:
    """A fixed seed (argument, else Settings) or a fresh random one; either way it is recorded.
    The reply length: the argument, else Settings, else the default for the model's size."""
    chosen = seed if seed is not None else settings.seed
    return SamplingParams(
        temperature=settings.temperature,
        top_p=settings.top_p,
        top_k=settings.top_k,
        min_p=settings.min_p,
        repeat_penalty=settings.repeat_penalty,
        max_tokens=reply_limit(
            max_tokens if max_tokens is not None else settings.max_tokens, parameter_count
        ),
        seed=chosen if chosen is not None else random_seed(),
    )


def gpu_layers_for(setting: str | int) -> int | Literal["auto"]:
    """The engine resolves "auto" itself: only it knows whether llama.cpp has a GPU backend."""
    if setting == "none":
        return 0
    if setting == "all":
        return -1
    if setting == "auto":
        return "auto"
    return max(0, int(setting))


def load_options_from_settings(settings: Settings) -> LoadOptions:
    return LoadOptions(
        n_ctx=settings.n_ctx,
        n_threads=settings.n_threads,
        n_gpu_layers=gpu_layers_for(settings.gpu_layers),
        n_parallel=settings.parallel_replies,
    )


def document_budget(n_ctx: int, max_tokens: int) -> int:
    """Prompt tokens the chat's documents may take: what the context leaves after the reply
    and room for the instructions and recent turns, at most 60% of the window."""
    room = n_ctx - max_tokens - 512
    return max(256, min(room, int(n_ctx * 0.6)))
