"""Context overflow and load failures, on the real model and real (broken) files."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from app.engine.errors import ModelLoadError, PromptTooLongError
from app.engine.llama_engine import LlamaEngine
from app.engine.memory import check_fits_in_memory
from app.engine.types import ChatTurn, LoadOptions, SamplingParams
from app.library.gguf_header import read_gguf_header


def test_history_longer_than_the_context_drops_the_oldest_turns(starter_model: Path) -> None:
    engine = LlamaEngine()
    engine.load(str(starter_model), options=LoadOptions(n_ctx=512))
    system = ChatTurn("system", "You are Ferdinand, a ship's cook. SECRET-WORD-42.")
    history: list[ChatTurn] = [system]
    for i in range(12):
        history.append(ChatTurn("user", f"Question {i}: tell me about onions. " * 4))
        history.append(ChatTurn("assistant", f"Answer {i}: onions are layered. " * 4))
    history.append(ChatTurn("user", "What is your name?"))
    try:
        prompts: list[tuple[int, int]] = []
        result = engine.generate(
            tuple(history),
            SamplingParams(max_tokens=64),
            on_text=lambda _t: None,
            stop=threading.Event(),
            on_prompt=lambda tokens, trimmed: prompts.append((tokens, trimmed)),
        )
        assert result.stats.trimmed_turns > 0
        assert result.stats.trimmed_turns % 2 == 0, "a question goes together with its answer"
        assert result.stats.prompt_tokens <= 512 - 64
        assert prompts == [(result.stats.prompt_tokens, result.stats.trimmed_turns)]
        kept = history[result.stats.trimmed_turns + 1 :]
        rendered = engine.render_prompt((system, *kept))
        assert "SECRET-WORD-42" in rendered  # the system prompt survives
        assert "Question 0:" not in rendered
        assert result.stats.completion_tokens > 0
    finally:
        engine.close()


def test_a_single_message_too_long_for_the_context_is_a_clear_error(starter_model: Path) -> None:
    engine = LlamaEngine()
    engine.load(str(starter_model), options=LoadOptions(n_ctx=256))
    try:
        with pytest.raises(PromptTooLongError, match="too long for the context window"):
            engine.generate(
                (ChatTurn("user", "word " * 2000),),
                SamplingParams(max_tokens=32),
                on_text=lambda _t: None,
                stop=threading.Event(),
            )
    finally:
        engine.close()


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="not found"):
        LlamaEngine().load(str(tmp_path / "nope.gguf"))


def test_not_a_gguf(tmp_path: Path) -> None:
    fake = tmp_path / "notes.gguf"
    fake.write_text("these are my meeting notes, not a model\n" * 10)
    with pytest.raises(ModelLoadError, match=r"notes\.gguf"):
        LlamaEngine().load(str(fake))


def test_truncated_gguf_is_refused_before_llama_cpp_sees_it(
    starter_model: Path, tmp_path: Path
) -> None:
    truncated = tmp_path / "truncated.gguf"
    with starter_model.open("rb") as src, truncated.open("wb") as dst:
        dst.write(src.read(30_000_000))
    with pytest.raises(ModelLoadError, match="truncated"):
        LlamaEngine().load(str(truncated))


def test_model_bigger_than_memory_is_refused(starter_model: Path) -> None:
    header = read_gguf_header(starter_model)
    with pytest.raises(ModelLoadError, match="GiB of memory"):
        check_fits_in_memory(header, n_gpu_layers=0, total_memory=50 * 1024 * 1024)
    check_fits_in_memory(header, n_gpu_layers=0, total_memory=8 * 1024**3)


def test_engine_still_works_after_a_failed_load(starter_model: Path, tmp_path: Path) -> None:
    engine = LlamaEngine()
    engine.load(str(starter_model))
    broken = tmp_path / "copy.gguf"
    shutil.copy(starter_model, broken)
    with broken.open("r+b") as handle:
        handle.write(b"NOPE")
    with pytest.raises(ModelLoadError):
        engine.load(str(broken))
    # The failed load happened before the old model was released: it still answers.
    assert engine.loaded is not None
    result = engine.generate(
        (ChatTurn("user", "Hi"),),
        SamplingParams(max_tokens=4),
        on_text=lambda _t: None,
        stop=threading.Event(),
    )
    assert result.stats.completion_tokens > 0
    engine.close()
