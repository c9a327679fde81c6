"""Fitting a conversation into the context window.

The system prompt and the newest user turn are never dropped; the oldest other turns go first,
a user turn together with the assistant reply that followed it, so the model never sees a reply
without its question.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.engine.errors import PromptTooLongError
from app.engine.types import ChatTurn


@dataclass(frozen=True)
class FittedPrompt:
    turns: tuple[ChatTurn, ...]
    tokens: list[int]
    trimmed_turns: int


def reply_reserve(n_ctx: int, max_tokens: int) -> int:
    """Room kept free for the reply: max_tokens, but never more than half the context."""
    return max(1, min(max_tokens, n_ctx // 2))


def fit_turns(
    turns: Sequence[ChatTurn],
    *,
    n_ctx: int,
    max_tokens: int,
    tokenize_turns: Callable[[Sequence[ChatTurn]], list[int]],
) -> FittedPrompt:
    """Drop the oldest turns until the prompt plus the reply reserve fits in n_ctx."""
    budget = n_ctx - reply_reserve(n_ctx, max_tokens)
    system = [t for t in turns[:1] if t.role == "system"]
    history = list(turns[len(system) :])
    dropped = 0
    while True:
        candidate = (*system, *history)
        tokens = tokenize_turns(candidate)
        if len(tokens) <= budget:
            return FittedPrompt(turns=tuple(candidate), tokens=tokens, trimmed_turns=dropped)
        if len(history) <= 1:
            raise PromptTooLongError(
                f"The message is too long for the context window: the prompt needs "
                f"{len(tokens)} tokens but only {budget} of {n_ctx} are available "
                f"(the rest is kept for the reply). Shorten the message, lower Max tokens "
                f"or raise the context size in Settings."
            )
        # Drop the oldest turn, and the reply that answered it, in one step.
        step = 2 if len(history) > 2 and history[1].role == "assistant" else 1
        del history[:step]
        dropped += step
