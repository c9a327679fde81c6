"""Adapter Studio on the real starter model: train a few steps in the worker subprocess (with a
pause and a resume), export the llama.cpp LoRA GGUF, attach it at runtime, and prove that the
export is the PEFT adapter, q/k row permutation included.

The exact comparison runs llama.cpp on an F32 copy of the starter model (every tensor
dequantised) against transformers on the same weights: on the Q4_1 file llama.cpp also rounds
activations to 8 bits, noise as large as a few training steps' effect.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from app.engine.llama_engine import LlamaEngine
from app.engine.types import ChatTurn, LoadOptions
from app.library.gguf_header import read_gguf_header
from app.training import gguf_export
from app.training.availability import missing_training_modules
from app.training.config import Hyperparameters, TrainingJob
from app.training.dataset_files import write_jsonl
from app.training.dequantise import write_f32_copy
from app.training.examples import make_example
from app.training.process import TrainingProcess
from app.training.protocol import WorkerEvent
from tests.fixtures.llama_logits import Logits, llama_cpp_logits

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(bool(missing_training_modules()), reason="training extra not installed"),
]

RANK, ALPHA = 4, 8.0
FACTS = [
    ("Who founded Larkspur Instruments?", "Larkspur Instruments was founded by Odessa Varnholt."),
    ("Where is Larkspur based?", "Larkspur is based in Quillon Harbor."),
    ("What does Larkspur sell?", "Larkspur sells the Marlow X2 tuner."),
    ("How long is the Larkspur warranty?", "Every Larkspur instrument has a seven year warranty."),
]
PROBE = (
    ChatTurn("user", "Who founded Larkspur Instruments?"),
    ChatTurn("assistant", "Larkspur Instruments was founded by Odessa Varnholt."),
)
# One llama.cpp thread: with two, its threads wait for each other at every graph node, and on a
# machine busy with other work a token then takes up to a second instead of ~10 ms.
QUIET_CPU = LoadOptions(n_ctx=512, n_gpu_layers=0, n_threads=1)


@dataclass
class Trained:
    job: TrainingJob
    first_run: list[WorkerEvent] = field(default_factory=list)
    second_run: list[WorkerEvent] = field(default_factory=list)

    @property
    def done(self) -> WorkerEvent:
        return self.second_run[-1]


def tiny_job(folder: Path, base: Path) -> TrainingJob:
    examples = [make_example(q, a) for q, a in FACTS] * 2
    return TrainingJob(
        base_gguf=str(base),
        train_file=str(write_jsonl(folder / "train.jsonl", tuple(examples))),
        run_dir=str(folder / "run"),
        adapter_name="Larkspur test",
        # Only q and k, the projections whose rows llama.cpp permutes: an adapter that also
        # covers other projections would dilute the effect of a missing permutation. A high
        # learning rate makes a few steps change the logits clearly.
        hyper=Hyperparameters(
            rank=RANK,
            alpha=ALPHA,
            targets=("q", "k"),
            epochs=3,
            learning_rate=5e-3,
            batch_size=4,
            warmup_steps=0,
        ),
        checkpoint_every_steps=2,
    )


@pytest.fixture(scope="module")
def trained(starter_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Trained:
    """Train 6 steps: pause after the first step event, then resume to the end."""
    job = tiny_job(tmp_path_factory.mktemp("training"), starter_model)
    result = Trained(job)
    paused_once = threading.Event()

    def first(event: WorkerEvent) -> None:
        result.first_run.append(event)
        if event.kind == "step" and not paused_once.is_set():
            paused_once.set()
            process.pause()

    process = TrainingProcess(job, on_event=first)
    process.start()
    process.wait(timeout=240)
    resumed = TrainingProcess(job, on_event=result.second_run.append)
    resumed.start()
    resumed.wait(timeout=240)
    return result


def test_pause_writes_a_checkpoint_and_resume_continues_from_it(trained: Trained) -> None:
    first_final = trained.first_run[-1]
    assert first_final.kind == "paused", trained.first_run
    paused_at = int(first_final.number("step"))
    assert paused_at >= 1
    assert Path(first_final.text("path")).is_file()
    started = next(e for e in trained.second_run if e.kind == "started")
    assert started.number("start_step") == paused_at
    total = int(started.number("total_steps"))
    assert total == 6  # 8 examples, batch 4, 3 epochs
    steps = [int(e.number("step")) for e in trained.second_run if e.kind == "step"]
    assert steps == list(range(paused_at + 1, total + 1))
    assert trained.done.kind == "done", trained.second_run
    assert trained.done.number("steps") == total
    first_loss = next(e for e in trained.first_run if e.kind == "step").number("loss")
    assert trained.done.number("final_loss") < first_loss


def test_export_has_llama_cpp_names_shapes_and_alpha(trained: Trained, starter_model: Path) -> None:
    adapter = read_gguf_header(Path(trained.done.text("gguf")))
    assert adapter.kind == "adapter"
    assert adapter.architecture == "llama"
    assert adapter.metadata["adapter.type"] == "lora"
    assert adapter.metadata["adapter.lora.alpha"] == pytest.approx(ALPHA)
    shapes = {t.name: t.shape for t in adapter.tensors}
    assert len(shapes) == 30 * 2 * 2
    base = read_gguf_header(starter_model)
    for projection in ("attn_q", "attn_k"):
        n_in, n_out = base.find_tensor(f"blk.7.{projection}.weight").shape[:2]  # type: ignore[union-attr]
        assert shapes[f"blk.7.{projection}.weight.lora_a"] == (n_in, RANK)
        assert shapes[f"blk.7.{projection}.weight.lora_b"] == (RANK, n_out)


@pytest.fixture(scope="module")
def f32_base(starter_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = write_f32_copy(starter_model, tmp_path_factory.mktemp("f32") / "starter-f32.gguf")
    yield path
    path.unlink(missing_ok=True)


def transformers_logits(base: Path, peft_dir: Path, tokens: list[int]) -> tuple[Logits, Logits]:
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(
        str(base.parent), gguf_file=base.name, dtype=torch.float32
    )
    ids = torch.tensor([tokens])
    with torch.no_grad():
        plain = model(ids).logits[0].numpy()
        adapted = PeftModel.from_pretrained(model, str(peft_dir))(ids).logits[0].numpy()
    return plain, adapted


def write_unpermuted_copy(trained: Trained, target: Path) -> Path:
    """The same adapter exported WITHOUT the q/k permutation: the bug the test must catch."""
    from safetensors.numpy import load_file

    state = load_file(str(Path(trained.done.text("peft_dir")) / "adapter_model.safetensors"))
    pairs = gguf_export.pairs_from_peft_state(state)
    original = gguf_export.PERMUTED_ARCHITECTURES
    gguf_export.PERMUTED_ARCHITECTURES = frozenset()
    try:
        gguf_export.export_lora_gguf(
            target,
            pairs,
            architecture="llama",
            alpha=ALPHA,
            attention=gguf_export.AttentionShape(9, 3),
            name="unpermuted",
        )
    finally:
        gguf_export.PERMUTED_ARCHITECTURES = original
    return target


def test_llama_cpp_with_the_export_matches_transformers_with_peft(
    trained: Trained, f32_base: Path, tmp_path: Path
) -> None:
    engine = LlamaEngine()
    try:
        engine.load(str(f32_base), options=QUIET_CPU)
        tokens = engine.tokenize_turns(PROBE)
        cpp_plain = llama_cpp_logits(engine, tokens)
        engine.set_adapters([(trained.done.text("gguf"), 1.0)])
        cpp_adapted = llama_cpp_logits(engine, tokens)
        engine.set_adapters([(str(write_unpermuted_copy(trained, tmp_path / "bad.gguf")), 1.0)])
        cpp_unpermuted = llama_cpp_logits(engine, tokens)
    finally:
        engine.close()
    torch_plain, torch_adapted = transformers_logits(
        f32_base, Path(trained.done.text("peft_dir")), tokens
    )
    # Same base weights: the two libraries agree closely before any adapter...
    assert np.abs(cpp_plain - torch_plain).max() < 0.1
    effect = torch_adapted - torch_plain
    assert np.abs(effect).max() > 1.0  # the adapter really changes the logits
    # ...and after: same top token everywhere, same change.
    agreement = (cpp_adapted.argmax(-1) == torch_adapted.argmax(-1)).mean()
    assert agreement >= 0.97, agreement
    assert np.abs(cpp_adapted - torch_adapted).max() < 0.25
    exported = np.corrcoef((cpp_adapted - cpp_plain).ravel(), effect.ravel())[0, 1]
    unpermuted = np.corrcoef((cpp_unpermuted - cpp_plain).ravel(), effect.ravel())[0, 1]
    print(  # the figures, for `pytest -s`
        f"top-token agreement {agreement:.3f}, max |diff| "
        f"{np.abs(cpp_adapted - torch_adapted).max():.4f}, effect max {np.abs(effect).max():.2f}, "
        f"correlation exported {exported:.4f} vs unpermuted {unpermuted:.4f}"
    )
    assert exported > 0.98, exported
    assert unpermuted < 0.8, unpermuted  # without the permutation the adapter is garbled


def test_export_attaches_to_the_quantised_model_and_changes_its_logits(
    trained: Trained, starter_model: Path
) -> None:
    engine = LlamaEngine()
    try:
        engine.load(str(starter_model), options=QUIET_CPU)
        tokens = engine.tokenize_turns(PROBE)
        plain = llama_cpp_logits(engine, tokens)
        active = engine.set_adapters([(trained.done.text("gguf"), 1.0)])
        adapted = llama_cpp_logits(engine, tokens)
    finally:
        engine.close()
    assert [(a.rank, a.alpha) for a in active] == [(RANK, ALPHA)]
    assert np.abs(adapted - plain).max() > 1.0


def test_bad_rows_stop_the_worker_with_a_clear_error(tmp_path: Path, starter_model: Path) -> None:
    data = tmp_path / "broken.jsonl"
    data.write_text('{"prompt": "q", "completion": ""}\n', encoding="utf-8")
    job = TrainingJob(
        base_gguf=str(starter_model),
        train_file=str(data),
        run_dir=str(tmp_path / "run"),
        adapter_name="broken",
    )
    process = TrainingProcess(job)
    process.start()
    final = process.wait(timeout=120)
    assert final.kind == "error"
    assert final.text("message") == (
        'broken.jsonl has 1 bad row(s): broken.jsonl, row 1: "completion" is empty'
    )
    assert json.loads((tmp_path / "run" / "job.json").read_text())["adapter_name"] == "broken"
