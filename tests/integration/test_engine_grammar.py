"""Grammar-constrained replies on the real model: what drafting and other parsed output use."""

from __future__ import annotations

import re
import threading

import pytest

from app.engine.errors import EngineError
from app.engine.llama_engine import LlamaEngine
from app.engine.types import ChatTurn, SamplingParams
from app.training.document_drafts import DRAFT_GRAMMAR

QUESTION = [ChatTurn("user", "Is Rotterdam in the Netherlands? Explain at length.")]


def test_a_grammar_holds_the_reply_to_its_shape(engine: LlamaEngine) -> None:
    free = engine.generate(
        QUESTION,
        SamplingParams(temperature=0.0, max_tokens=24),
        on_text=lambda _: None,
        stop=threading.Event(),
    )
    held = engine.generate(
        QUESTION,
        SamplingParams(temperature=0.0, max_tokens=24, grammar='root ::= "yes" | "no"'),
        on_text=lambda _: None,
        stop=threading.Event(),
    )
    assert free.text.strip().lower() not in ("yes", "no")  # unconstrained, it talks
    assert held.text in ("yes", "no")
    assert held.stats.finish_reason == "stop"  # the grammar ended, so the reply did


def test_the_drafting_grammar_gives_a_question_and_an_answer(engine: LlamaEngine) -> None:
    turns = [ChatTurn("user", "Write a question and answer about Rotterdam's harbour.")]
    result = engine.generate(
        turns,
        SamplingParams(temperature=0.0, max_tokens=160, grammar=DRAFT_GRAMMAR),
        on_text=lambda _: None,
        stop=threading.Event(),
    )
    assert re.fullmatch(r"Question: [^\n?]{8,300}\?\nAnswer: [^\n]{2,}", result.text), result.text


def test_a_broken_grammar_is_a_clear_error_not_a_crash(engine: LlamaEngine) -> None:
    # llama-cpp-python passes an unparsable grammar on as a NULL sampler, and llama.cpp then
    # crashes the whole process: the engine must refuse it first.
    with pytest.raises(EngineError, match="not valid GBNF"):
        engine.generate(
            QUESTION,
            SamplingParams(max_tokens=8, grammar='root ::= "a" ('),
            on_text=lambda _: None,
            stop=threading.Event(),
        )
    after = engine.generate(
        QUESTION,
        SamplingParams(temperature=0.0, max_tokens=4),
        on_text=lambda _: None,
        stop=threading.Event(),
    )
    assert after.stats.completion_tokens > 0  # the engine still works
