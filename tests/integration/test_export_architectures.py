"""The LoRA export is right for every architecture Adapter Studio supports, with llama.cpp as
the judge.

For each family a tiny random transformers model is written as an F32 GGUF the way llama.cpp's
converter writes it (tests/fixtures/tiny_architectures.py). Then:
1. llama.cpp on that file computes the transformers model's logits: the file follows llama.cpp's
   convention (a wrong q/k permutation or a missing gemma norm "+1" fails here);
2. transformers loads the file back, as the training pipeline does, into the same weights and the
   same function (what the adapter is trained on is what llama.cpp runs);
3. a LoRA on all seven projections, with random non-zero B, exported as the worker exports it and
   attached in llama.cpp, gives PEFT's logits, clearly unlike the base's;
4. the same adapter with the q/k permutation flipped (left out for llama, added for the others)
   does not: the comparison has teeth.
The llama3 variant (Llama 3.1 / 3.2) adds rope frequency factors (`rope_freqs.weight`) that
transformers' GGUF loader ignores and load_base applies; its own tests show they matter.
"""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pytest

from app.engine.llama_engine import LlamaEngine
from app.engine.types import LoadOptions
from app.library.gguf_header import read_gguf_header
from app.training import gguf_export
from app.training.availability import missing_training_modules
from app.training.base_model import LoadedBase
from app.training.config import ALL_TARGETS, Hyperparameters, TrainingJob
from tests.fixtures.llama_logits import Logits, llama_cpp_logits
from tests.fixtures.tiny_architectures import (
    ROPE_FREQS_TENSOR,
    TINY_ARCHITECTURES,
    TinyArchitecture,
    llama3_rope_factors,
    probe_tokens,
    vocabulary_tokens,
    write_tiny_gguf,
)

pytestmark = [
    pytest.mark.model,  # real llama.cpp (on tiny models written here, not the starter model)
    pytest.mark.skipif(bool(missing_training_modules()), reason="training extra not installed"),
    # PEFT looks for the model's config.json to see whether embeddings changed: there is none.
    pytest.mark.filterwarnings("ignore:Could not find a config file"),
]

RANK, ALPHA = 4, 8.0
# llama.cpp on F32 weights (with its F16 KV cache) and transformers in float32 agree to about
# 1e-2 on logits of magnitude ~10; a wrong convention moves them by several units.
SAME: Final = 0.05
DIFFERENT: Final = 1.0
QUIET_CPU: Final = LoadOptions(n_ctx=64, n_gpu_layers=0, n_threads=1)


@dataclass
class Judged:
    spec: TinyArchitecture
    gguf: Path
    original: Any  # the transformers model the GGUF was written from
    trained_on: LoadedBase  # what the pipeline trains on: transformers' load of the GGUF
    loaded_weights: dict[str, npt.NDArray[np.float32]]  # trained_on's, before the LoRA went in
    loaded_logits: Logits
    tokens: list[int]
    hf_plain: Logits  # the original model
    peft_adapted: Logits  # the training model with the LoRA
    cpp_plain: Logits
    cpp_adapted: Logits  # the exported adapter attached in llama.cpp
    cpp_flipped: Logits  # the same adapter with the q/k permutation flipped
    summary: gguf_export.ExportSummary


def torch_logits(model: Any, tokens: list[int]) -> Logits:
    import torch

    with torch.no_grad():
        return np.asarray(model(torch.tensor([tokens])).logits[0].numpy(), dtype=np.float32)


def training_base(spec: TinyArchitecture, gguf: Path, original: Any) -> LoadedBase:
    """The base the worker trains on: transformers' load of the GGUF (base_model.load_base), or,
    for a family transformers cannot read from GGUF, the original weights (its other path)."""
    import torch

    from app.training.base_model import load_base

    if spec.transformers_loads_gguf:
        return load_base(gguf, original_weights=None, dtype=torch.float32, device="cpu")
    return LoadedBase(model=original, tokenizer=None, header=read_gguf_header(gguf))


def random_lora(base: LoadedBase, folder: Path) -> Any:
    """The worker's LoRA (wrap_with_lora) on all seven projections, B random instead of zero."""
    import torch

    from app.training.trainer import wrap_with_lora

    job = TrainingJob(
        base_gguf=str(base.header.path),
        train_file=str(folder / "unused.jsonl"),
        run_dir=str(folder),
        adapter_name="tiny",
        hyper=Hyperparameters(rank=RANK, alpha=ALPHA, targets=ALL_TARGETS),
    )
    peft_model = wrap_with_lora(base, job)
    generator = torch.Generator().manual_seed(99)
    with torch.no_grad():
        for name, parameter in peft_model.named_parameters():
            if "lora_B" in name:
                parameter.copy_(torch.randn(parameter.shape, generator=generator) * 0.5)
    return peft_model.eval()


def export_like_the_worker(
    peft_model: Any, base: LoadedBase, path: Path
) -> gguf_export.ExportSummary:
    """app/training/worker.py's export call."""
    from app.training.trainer import lora_state_as_numpy

    return gguf_export.export_lora_gguf(
        path,
        gguf_export.pairs_from_peft_state(lora_state_as_numpy(peft_model)),
        architecture=base.architecture,
        alpha=ALPHA,
        attention=gguf_export.AttentionShape.of(base.model.config),
        name="tiny",
        metadata={"hearth.base_name": base.header.name},
    )


def export_flipped(peft_model: Any, base: LoadedBase, path: Path) -> Path:
    """The same export with the q/k permutation flipped: left out where llama.cpp needs it,
    applied where it does not."""
    permuted = base.architecture in gguf_export.PERMUTED_ARCHITECTURES
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            gguf_export,
            "PERMUTED_ARCHITECTURES",
            frozenset() if permuted else frozenset({base.architecture}),
        )
        export_like_the_worker(peft_model, base, path)
    return path


@pytest.fixture(scope="module", params=sorted(TINY_ARCHITECTURES))
def judged(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Judged:
    spec = TINY_ARCHITECTURES[str(request.param)]
    folder = tmp_path_factory.mktemp(spec.key)
    original = spec.build()
    gguf = write_tiny_gguf(original, spec, folder / f"tiny-{spec.key}.gguf")
    tokens = probe_tokens(spec)
    hf_plain = torch_logits(original, tokens)
    with _quiet():
        trained_on = training_base(spec, gguf, original)
    loaded_weights = {k: v.numpy().copy() for k, v in trained_on.model.state_dict().items()}
    loaded_logits = torch_logits(trained_on.model, tokens)
    peft_model = random_lora(trained_on, folder)  # adds the LoRA layers to trained_on.model
    summary = export_like_the_worker(peft_model, trained_on, folder / "adapter.gguf")
    flipped = export_flipped(peft_model, trained_on, folder / "flipped.gguf")
    peft_adapted = torch_logits(peft_model, tokens)
    engine = LlamaEngine()
    try:
        engine.load(str(gguf), options=QUIET_CPU)
        cpp_plain = llama_cpp_logits(engine, tokens)
        engine.set_adapters([(str(summary.path), 1.0)])
        cpp_adapted = llama_cpp_logits(engine, tokens)
        engine.set_adapters([(str(flipped), 1.0)])
        cpp_flipped = llama_cpp_logits(engine, tokens)
    finally:
        engine.close()
    result = Judged(
        spec=spec,
        gguf=gguf,
        original=original,
        trained_on=trained_on,
        loaded_weights=loaded_weights,
        loaded_logits=loaded_logits,
        tokens=tokens,
        hf_plain=hf_plain,
        peft_adapted=peft_adapted,
        cpp_plain=cpp_plain,
        cpp_adapted=cpp_adapted,
        cpp_flipped=cpp_flipped,
        summary=summary,
    )
    print(  # the figures, for `pytest -s`
        f"\n{spec.key}: base |llama.cpp - transformers| {_gap(cpp_plain, hf_plain):.2e}, "
        f"adapter |llama.cpp - PEFT| {_gap(cpp_adapted, peft_adapted):.2e}, "
        f"adapter effect {_gap(peft_adapted, hf_plain):.2f}, "
        f"flipped permutation {_gap(cpp_flipped, peft_adapted):.2f}"
    )
    return result


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """transformers prints loading progress; keep the test output readable."""
    previous = logging.root.manager.disable
    logging.disable(logging.WARNING)
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            yield
    finally:
        logging.disable(previous)


def _gap(a: Logits, b: Logits) -> float:
    return float(np.abs(a - b).max())


def test_llama_cpp_computes_the_transformers_model_from_the_tiny_gguf(judged: Judged) -> None:
    assert (
        judged.cpp_plain.shape
        == judged.hf_plain.shape
        == (len(judged.tokens), judged.hf_plain.shape[1])
    )
    assert _gap(judged.cpp_plain, judged.hf_plain) < SAME
    assert (
        np.abs(judged.hf_plain).max() > 2.0
    )  # logits large enough for the tolerance to mean something


# gemma (v1) is not here: see test_transformers_refuses_a_gemma_gguf_with_a_clear_error.
@pytest.mark.parametrize(
    "judged",
    sorted(k for k, spec in TINY_ARCHITECTURES.items() if spec.transformers_loads_gguf),
    indirect=True,
)
def test_transformers_loads_the_gguf_back_into_the_same_model(judged: Judged) -> None:
    loaded = judged.trained_on
    assert loaded.architecture == judged.spec.gguf_architecture
    original = {k: v.numpy() for k, v in judged.original.state_dict().items()}
    assert set(judged.loaded_weights) == set(original)
    for name, weights in original.items():
        # Exact but for gemma's norms, stored as weight + 1 in float32 and read back minus 1.
        np.testing.assert_allclose(judged.loaded_weights[name], weights, rtol=0, atol=1e-6)
    # Same weights and the same computation (config values llama.cpp uses, not defaults).
    assert _gap(judged.loaded_logits, judged.hf_plain) < 1e-4
    # The tokenizer the pipeline encodes the training data with has the file's vocabulary.
    tokens = vocabulary_tokens(judged.spec.vocabulary)
    assert len(loaded.tokenizer) == len(tokens)
    assert loaded.tokenizer.convert_ids_to_tokens(list(range(len(tokens)))) == tokens


def test_transformers_refuses_a_gemma_gguf_with_a_clear_error(tmp_path: Path) -> None:
    """transformers reads no gemma (v1) GGUF: training such a base needs its original weights,
    and the worker says so instead of failing somewhere deep in transformers."""
    import torch

    from app.training.base_model import load_base
    from app.training.errors import TrainingError

    spec = TINY_ARCHITECTURES["gemma"]
    gguf = write_tiny_gguf(spec.build(), spec, tmp_path / "tiny-gemma.gguf")
    with _quiet(), pytest.raises(TrainingError) as raised:
        load_base(gguf, original_weights=None, dtype=torch.float32, device="cpu")
    assert str(raised.value).startswith("transformers cannot load tiny-gemma.gguf for training:")
    assert "gemma" in str(raised.value).split(":", 1)[1]


def test_the_exported_adapter_in_llama_cpp_matches_peft(judged: Judged) -> None:
    header = read_gguf_header(judged.summary.path)
    assert header.architecture == judged.spec.gguf_architecture
    layers = judged.original.config.num_hidden_layers
    assert judged.summary.tensor_count == layers * len(gguf_export.MODULE_TO_TENSOR)
    assert judged.summary.permuted == (judged.spec.gguf_architecture == "llama")
    assert _gap(judged.peft_adapted, judged.hf_plain) > DIFFERENT  # the adapter matters
    assert _gap(judged.cpp_adapted, judged.cpp_plain) > DIFFERENT
    assert _gap(judged.cpp_adapted, judged.peft_adapted) < SAME


def test_a_flipped_q_k_permutation_is_caught(judged: Judged) -> None:
    assert _gap(judged.cpp_flipped, judged.peft_adapted) > DIFFERENT


def test_every_supported_architecture_is_proven_here() -> None:
    """The exporter accepts exactly the architectures these tests prove against llama.cpp."""
    tested = {spec.gguf_architecture for spec in TINY_ARCHITECTURES.values()}
    assert tested == gguf_export.SUPPORTED_ARCHITECTURES


# --- Llama 3.1 / 3.2: rope frequency factors ------------------------------------------------


@pytest.mark.parametrize("judged", ["llama3"], indirect=True)
def test_the_llama3_gguf_carries_rope_factors_in_all_three_bands(judged: Judged) -> None:
    """As llama.cpp's converter writes it: no scaling keys, a factor per rotary frequency."""
    header = read_gguf_header(judged.gguf)
    tensor = header.find_tensor(ROPE_FREQS_TENSOR)
    assert tensor is not None and tensor.type == "F32" and tensor.shape == (8,)
    assert not any(key.startswith("llama.rope.scaling") for key in header.metadata)
    factors = llama3_rope_factors(judged.original.config)
    assert factors is not None
    # Kept, smoothed and fully scaled frequencies: each branch of the computation is exercised.
    assert factors[0] == 1.0 and factors[-1] == 8.0
    assert any(1.0 < f < 8.0 for f in factors)


@pytest.mark.parametrize("judged", ["llama3"], indirect=True)
def test_without_the_rope_factors_transformers_computes_another_model(judged: Judged) -> None:
    """transformers alone, on the same file, ignores rope_freqs.weight: the probe is long enough
    for that to show far beyond the tolerance, so the llama3 checks above have teeth."""
    from transformers import AutoModelForCausalLM

    with _quiet():
        plain = AutoModelForCausalLM.from_pretrained(
            str(judged.gguf.parent), gguf_file=judged.gguf.name
        )
    assert _gap(torch_logits(plain, judged.tokens), judged.cpp_plain) > DIFFERENT


@pytest.mark.parametrize("judged", ["llama3"], indirect=True)
def test_the_rope_factors_survive_a_bfloat16_load(judged: Judged) -> None:
    """Frequencies stay float32, as transformers keeps them, whatever the weights' dtype."""
    import torch

    from app.training.base_model import load_base

    with _quiet():
        loaded = load_base(judged.gguf, original_weights=None, dtype=torch.bfloat16, device="cpu")
    rotary = loaded.model.model.rotary_emb
    assert loaded.model.model.layers[0].self_attn.q_proj.weight.dtype == torch.bfloat16
    assert rotary.inv_freq.dtype == torch.float32
    expected = judged.original.model.rotary_emb.inv_freq
    torch.testing.assert_close(rotary.inv_freq, expected, rtol=1e-6, atol=0)


@pytest.mark.parametrize("judged", ["llama3"], indirect=True)
def test_original_llama3_weights_load_into_the_same_model(judged: Judged, tmp_path: Path) -> None:
    """The other loading path (a transformers folder with its llama3 config) agrees with both."""
    import torch

    from app.training.base_model import load_base

    folder = tmp_path / "original"
    judged.original.save_pretrained(folder)
    judged.trained_on.tokenizer.save_pretrained(folder)
    with _quiet():
        loaded = load_base(judged.gguf, original_weights=folder, dtype=torch.float32, device="cpu")
    logits = torch_logits(loaded.model, judged.tokens)
    assert _gap(logits, judged.hf_plain) < 1e-4
    assert _gap(logits, judged.cpp_plain) < SAME


def test_inconsistent_rope_factors_are_refused_with_a_clear_error(tmp_path: Path) -> None:
    import gguf

    from app.training.base_model import apply_rope_frequency_factors
    from app.training.errors import TrainingError

    spec = TINY_ARCHITECTURES["llama3"]
    model = spec.build()
    path = tmp_path / "bad-rope.gguf"
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_rope_dimension_count(16)
    writer.add_rope_freq_base(10_000.0)
    writer.add_tensor(ROPE_FREQS_TENSOR, np.ones(5, dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    before = model.model.rotary_emb.inv_freq.clone()
    with pytest.raises(TrainingError) as raised:
        apply_rope_frequency_factors(model, read_gguf_header(path))
    assert str(raised.value).startswith(
        "bad-rope.gguf: rope_freqs.weight has 5 factors for 16 rotary dimensions"
    )
    assert bool((model.model.rotary_emb.inv_freq == before).all())
