"""Runtime LoRA adapters on the real starter model: attach, scale, switch, detach, refuse.

The adapters are written at test time by `tests.fixtures.make_lora` for the starter model
(rank 4 on attn_q and attn_v of all 30 layers, random but seeded, strong enough to change the
output). Outputs are compared as first-token logits (llama_get_logits after evaluating the
prompt) and as greedy completions.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from app.engine.adapters import IncompatibleAdapterError
from app.engine.errors import AdapterLoadError, NoModelLoadedError
from app.engine.llama_engine import LlamaEngine
from app.engine.types import ActiveAdapter, ChatTurn, GenerationResult, LoadOptions, SamplingParams
from app.library.adapters import AdapterMismatchError
from tests.fixtures.make_lora import write_lora

pytestmark = pytest.mark.model

TURNS = (
    ChatTurn("system", "You are a helpful assistant."),
    ChatTurn("user", "Give me three tips for writing a clear email."),
)
GREEDY = SamplingParams(temperature=0.0, max_tokens=16, seed=0, repeat_penalty=1.0)


@pytest.fixture(scope="module")
def adapters(starter_model: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("adapters")
    return {
        "a": write_lora(folder / "lora-a.gguf", starter_model, seed=1),
        "b": write_lora(folder / "lora-b.gguf", starter_model, seed=2),
        "wrong_arch": write_lora(folder / "lora-qwen2.gguf", starter_model, wrong_arch=True),
        "wrong_shape": write_lora(folder / "lora-wide.gguf", starter_model, wrong_shape=True),
    }


@pytest.fixture(autouse=True)
def no_adapters_after(engine: LlamaEngine) -> Iterator[None]:
    yield
    engine.set_adapters([])


def first_token_logits(engine: LlamaEngine) -> npt.NDArray[np.float32]:
    """The logits for the token after the prompt, evaluated from an empty KV cache."""
    llama = engine._llama
    assert llama is not None
    tokens = engine.tokenize_turns(TURNS)
    llama.reset()  # type: ignore[no-untyped-call]
    llama.eval(tokens)
    pointer = llama._ctx.get_logits()  # type: ignore[no-untyped-call]
    logits = np.ctypeslib.as_array(pointer, shape=(llama.n_vocab(),))
    return np.array(logits, dtype=np.float32)  # a copy: the next decode overwrites the buffer


def greedy(engine: LlamaEngine) -> GenerationResult:
    return engine.generate(TURNS, GREEDY, on_text=lambda _: None, stop=threading.Event())


def test_an_adapter_changes_the_logits_and_the_text(
    engine: LlamaEngine, adapters: dict[str, Path]
) -> None:
    base_logits = first_token_logits(engine)
    base = greedy(engine)
    active = engine.set_adapters([(str(adapters["a"]), 1.0)])
    assert active == engine.active_adapters
    assert active == (
        ActiveAdapter(
            path=str(adapters["a"]), name="Test LoRA r4 s1", scale=1.0, rank=4, alpha=8.0
        ),
    )
    adapted_logits = first_token_logits(engine)
    adapted = greedy(engine)
    diff = float(np.max(np.abs(adapted_logits - base_logits)))
    print(f"\nmax |logit change| with the adapter at scale 1: {diff:.3f}")
    assert diff > 1.0
    assert adapted.text != base.text
    print(f"base:    {base.text!r}\nadapted: {adapted.text!r}")


def test_changing_adapters_resets_the_kv_cache(
    engine: LlamaEngine, adapters: dict[str, Path]
) -> None:
    # Texts are compared between runs that evaluated the whole prompt: a run reusing the cache
    # evaluates fewer tokens at once, and on some CPUs llama.cpp's kernels then round differently.
    engine.reset_cache()
    cold = greedy(engine)
    warm = greedy(engine)
    assert warm.stats.prompt_tokens_evaluated < warm.stats.prompt_tokens  # the cache is used
    engine.set_adapters([(str(adapters["a"]), 1.0)])
    first = greedy(engine)
    assert first.stats.prompt_tokens_evaluated == first.stats.prompt_tokens
    again = greedy(engine)  # same set: the cache is reused, and the output is the same
    assert again.stats.prompt_tokens_evaluated < again.stats.prompt_tokens
    assert again.text == first.text
    engine.set_adapters([(str(adapters["a"]), 1.0)])  # no change: the cache stays valid
    assert greedy(engine).stats.prompt_tokens_evaluated < first.stats.prompt_tokens
    engine.set_adapters([])
    detached = greedy(engine)
    assert detached.stats.prompt_tokens_evaluated == detached.stats.prompt_tokens
    assert detached.text == cold.text


def test_scale_zero_gives_exactly_the_base_output(
    engine: LlamaEngine, adapters: dict[str, Path]
) -> None:
    base_logits = first_token_logits(engine)
    base = greedy(engine)
    engine.set_adapters([(str(adapters["a"]), 0.0)])
    assert engine.active_adapters[0].scale == 0.0
    assert np.array_equal(first_token_logits(engine), base_logits)
    assert greedy(engine).text == base.text


def test_detaching_restores_the_base_output_exactly(
    engine: LlamaEngine, adapters: dict[str, Path]
) -> None:
    base_logits = first_token_logits(engine)
    base = greedy(engine)
    engine.set_adapters([(str(adapters["a"]), 1.5), (str(adapters["b"]), 0.5)])
    assert not np.array_equal(first_token_logits(engine), base_logits)
    assert engine.set_adapters([]) == ()
    assert engine.active_adapters == ()
    assert np.array_equal(first_token_logits(engine), base_logits)
    assert greedy(engine).text == base.text


def test_different_scales_and_sets_give_different_outputs(
    engine: LlamaEngine, adapters: dict[str, Path]
) -> None:
    a = str(adapters["a"])
    results = {}
    for label, wanted in {
        "a@0.5": [(a, 0.5)],
        "a@1.0": [(a, 1.0)],
        "a@1.0+b@1.0": [(a, 1.0), (str(adapters["b"]), 1.0)],
    }.items():
        engine.set_adapters(wanted)
        results[label] = first_token_logits(engine)
    assert float(np.max(np.abs(results["a@0.5"] - results["a@1.0"]))) > 0.1
    assert float(np.max(np.abs(results["a@1.0+b@1.0"] - results["a@1.0"]))) > 0.1
    # Going back to a scale seen before gives the same logits again.
    engine.set_adapters([(a, 0.5)])
    assert np.array_equal(first_token_logits(engine), results["a@0.5"])


@pytest.mark.parametrize(
    ("kind", "problem"),
    [
        ("wrong_arch", r"made for the 'qwen2' architecture, the model is 'llama'"),
        ("wrong_shape", r"tensor 'blk\.0\.attn_q\.weight' is \[576, 576\] in the model"),
    ],
)
def test_an_incompatible_adapter_is_refused_and_the_engine_still_works(
    engine: LlamaEngine, adapters: dict[str, Path], kind: str, problem: str
) -> None:
    engine.reset_cache()  # every text compared below comes from a whole-prompt evaluation
    base = greedy(engine)
    engine.set_adapters([(str(adapters["a"]), 1.0)])
    with_a = greedy(engine)
    with pytest.raises(AdapterMismatchError, match=problem) as caught:
        engine.set_adapters([(str(adapters["a"]), 1.0), (str(adapters[kind]), 1.0)])
    assert isinstance(caught.value, IncompatibleAdapterError)  # also an EngineError
    assert adapters[kind].name in str(caught.value)
    assert "SmolLM2" in str(caught.value)  # the model's name
    # All or nothing: the previous set is still applied, and generation still works.
    assert [x.path for x in engine.active_adapters] == [str(adapters["a"])]
    engine.reset_cache()
    assert greedy(engine).text == with_a.text
    engine.set_adapters([])
    assert greedy(engine).text == base.text


def test_bad_requests_are_refused_with_a_clear_message(
    engine: LlamaEngine, adapters: dict[str, Path], starter_model: Path, tmp_path: Path
) -> None:
    a = str(adapters["a"])
    with pytest.raises(AdapterLoadError, match="between 0 and 2"):
        engine.set_adapters([(a, 2.5)])
    with pytest.raises(AdapterLoadError, match="between 0 and 2"):
        engine.set_adapters([(a, -0.1)])
    with pytest.raises(AdapterLoadError, match="not a number"):
        engine.set_adapters([(a, float("nan"))])
    with pytest.raises(AdapterLoadError, match="listed twice"):
        engine.set_adapters([(a, 1.0), (a, 0.5)])
    with pytest.raises(AdapterLoadError, match="not a LoRA adapter"):
        engine.set_adapters([(str(starter_model), 1.0)])
    with pytest.raises(AdapterLoadError, match="not found"):
        engine.set_adapters([(str(tmp_path / "missing.gguf"), 1.0)])
    truncated = tmp_path / "truncated.gguf"
    truncated.write_bytes(adapters["a"].read_bytes()[:-1000])
    with pytest.raises(AdapterLoadError, match=r"truncated\.gguf"):
        engine.set_adapters([(str(truncated), 1.0)])
    assert engine.active_adapters == ()
    assert greedy(engine).text


def test_switching_adapters_does_not_reload_the_model(
    engine: LlamaEngine, adapters: dict[str, Path], starter_model: Path
) -> None:
    loaded, llama = engine.loaded, engine._llama
    timings = {}
    for label, wanted in (
        ("attach a", [(str(adapters["a"]), 1.0)]),
        ("switch to b", [(str(adapters["b"]), 1.0)]),
        ("rescale b", [(str(adapters["b"]), 0.5)]),
        ("detach", []),
    ):
        started = time.perf_counter()
        engine.set_adapters(wanted)
        timings[label] = time.perf_counter() - started
        assert engine.loaded is loaded and engine._llama is llama
    other = LlamaEngine()
    started = time.perf_counter()
    other.load(str(starter_model), options=LoadOptions(n_ctx=2048, n_gpu_layers=0))
    timings["model load (for comparison)"] = time.perf_counter() - started
    other.close()
    print()
    for label, seconds in timings.items():
        print(f"{label:>28}: {seconds * 1000:8.1f} ms")


def test_unloading_frees_the_adapters(starter_model: Path, adapters: dict[str, Path]) -> None:
    eng = LlamaEngine()
    with pytest.raises(NoModelLoadedError):
        eng.set_adapters([(str(adapters["a"]), 1.0)])
    eng.load(str(starter_model), options=LoadOptions(n_ctx=512, n_gpu_layers=0))
    eng.set_adapters([(str(adapters["a"]), 1.0), (str(adapters["b"]), 1.0)])
    eng.unload()
    assert eng.active_adapters == ()
    with pytest.raises(NoModelLoadedError):
        eng.set_adapters([])
    # A new model starts without adapters, and accepts them again.
    eng.load(str(starter_model), options=LoadOptions(n_ctx=512, n_gpu_layers=0))
    assert eng.active_adapters == ()
    assert len(eng.set_adapters([(str(adapters["a"]), 1.0)])) == 1
    eng.close()
    assert eng.active_adapters == ()
