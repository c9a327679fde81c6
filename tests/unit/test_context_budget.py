from __future__ import annotations

from collections.abc import Sequence

import pytest

from app.engine.context_budget import fit_turns, reply_reserve
from app.engine.errors import PromptTooLongError
from app.engine.types import ChatTurn


def word_tokens(turns: Sequence[ChatTurn]) -> list[int]:
    """One token per word plus two per turn for the template: enough to test the policy."""
    count = sum(len(t.content.split()) + 2 for t in turns)
    return list(range(count))


def conversation(pairs: int) -> list[ChatTurn]:
    turns = [ChatTurn("system", "be brief")]
    for i in range(pairs):
        turns += [ChatTurn("user", f"q{i} " * 10), ChatTurn("assistant", f"a{i} " * 10)]
    return [*turns, ChatTurn("user", "last question")]


def test_everything_is_kept_when_it_fits() -> None:
    turns = conversation(2)
    fitted = fit_turns(turns, n_ctx=1000, max_tokens=100, tokenize_turns=word_tokens)
    assert fitted.turns == tuple(turns)
    assert fitted.trimmed_turns == 0


def test_oldest_pairs_go_first_and_the_system_prompt_stays() -> None:
    turns = conversation(6)  # 4 + 6*24 + 4 = 152 tokens
    fitted = fit_turns(turns, n_ctx=160, max_tokens=80, tokenize_turns=word_tokens)
    assert fitted.turns[0] == turns[0]
    assert fitted.turns[-1] == turns[-1]
    assert fitted.trimmed_turns > 0 and fitted.trimmed_turns % 2 == 0
    assert fitted.turns[1:] == tuple(turns[1 + fitted.trimmed_turns :])
    assert len(fitted.tokens) <= 160 - 80
    # Dropping one pair fewer would not have fitted.
    fewer = [turns[0], *turns[1 + fitted.trimmed_turns - 2 :]]
    assert len(word_tokens(fewer)) > 80


def test_a_newest_message_alone_too_big_is_refused() -> None:
    turns = [ChatTurn("system", "s"), ChatTurn("user", "w " * 500)]
    with pytest.raises(PromptTooLongError, match="too long"):
        fit_turns(turns, n_ctx=256, max_tokens=64, tokenize_turns=word_tokens)


def test_reply_reserve_never_takes_more_than_half_the_context() -> None:
    assert reply_reserve(4096, 512) == 512
    assert reply_reserve(512, 4000) == 256
