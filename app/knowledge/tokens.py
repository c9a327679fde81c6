"""Token counting: the engine's tokenizer when one is passed, else a safe approximation."""

from __future__ import annotations

from collections.abc import Callable

CountTokens = Callable[[str], int]


def approximate_tokens(text: str) -> int:
    """About one token per 3.5 characters: a slight over-estimate for English BPE vocabularies,
    so budgets computed with it are not overrun by the real tokenizer."""
    if not text:
        return 0
    return (len(text) * 2 + 6) // 7
