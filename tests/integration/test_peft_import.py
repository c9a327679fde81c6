"""`hearth adapters import` of a PEFT adapter folder or zip, judged by llama.cpp.

A LoRA is trained with real `peft` on a tiny random llama model (the family whose q/k rows
llama.cpp permutes), saved with save_pretrained, imported through the CLI for the same model's
GGUF, attached in llama.cpp, and compared with transformers+PEFT. rsLoRA with an alpha that is
not twice the rank makes the scale conversion show. An adapter trained for a model of another
size is refused with the reason, and nothing is registered.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import pytest

from app.engine.llama_engine import LlamaEngine
from app.engine.types import LoadOptions
from app.training.availability import missing_training_modules
from tests.fixtures.llama_logits import Logits, llama_cpp_logits
from tests.fixtures.tiny_architectures import (
    TINY_ARCHITECTURES,
    probe_tokens,
    write_tiny_gguf,
)
from tests.integration.test_cli import hearth, ok_json, one_json_object

pytestmark = [
    pytest.mark.model,  # real llama.cpp on a tiny model written here
    pytest.mark.skipif(bool(missing_training_modules()), reason="training extra not installed"),
    pytest.mark.filterwarnings("ignore:Could not find a config file"),
]

TARGETS: Final = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
RANK, ALPHA = 4, 6.0
SAME: Final = 0.05  # the tolerance of tests/integration/test_export_architectures.py
DIFFERENT: Final = 1.0
QUIET_CPU: Final = LoadOptions(n_ctx=64, n_gpu_layers=0, n_threads=1)


@dataclass
class Trained:
    gguf: Path
    folder: Path
    tokens: list[int]
    peft_logits: Logits
    plain_logits: Logits


def _logits(model: Any, tokens: list[int]) -> Logits:
    import torch

    with torch.no_grad():
        return np.asarray(model(torch.tensor([tokens])).logits[0].numpy(), dtype=np.float32)


def train_peft(model: Any, tokens: list[int], folder: Path, *, rslora: bool) -> Any:
    """A few real optimiser steps of a PEFT LoRA on every projection, saved as PEFT saves it."""
    import torch
    from peft import LoraConfig, get_peft_model

    config = LoraConfig(
        r=RANK,
        lora_alpha=ALPHA,  # type: ignore[arg-type]
        use_rslora=rslora,
        target_modules=TARGETS,
        lora_dropout=0.0,
        task_type="CAUSAL_LM",
    )
    peft_model = get_peft_model(model, config)
    optimizer = torch.optim.AdamW([p for p in peft_model.parameters() if p.requires_grad], lr=0.05)
    batch = torch.tensor([tokens])
    torch.manual_seed(5)
    for _ in range(12):
        loss = peft_model(input_ids=batch, labels=batch).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    peft_model.eval()
    peft_model.save_pretrained(str(folder))
    return peft_model


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Trained:
    spec = TINY_ARCHITECTURES["llama"]
    work = tmp_path_factory.mktemp("peft")
    model = spec.build()
    gguf = write_tiny_gguf(model, spec, work / "tiny-llama.gguf")
    tokens = probe_tokens(spec)
    plain = _logits(model, tokens)
    peft_model = train_peft(model, tokens, work / "shop-lora", rslora=True)
    return Trained(gguf, work / "shop-lora", tokens, _logits(peft_model, tokens), plain)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, trained: Trained) -> Path:
    home = tmp_path_factory.mktemp("peft-home")
    ok_json(home, "models", "import", str(trained.gguf))
    return home


def _gap(a: Logits, b: Logits) -> float:
    return float(np.abs(a - b).max())


def _cpp_logits(gguf: Path, adapter: Path, tokens: list[int]) -> Logits:
    engine = LlamaEngine()
    try:
        engine.load(str(gguf), options=QUIET_CPU)
        engine.set_adapters([(str(adapter), 1.0)])
        return llama_cpp_logits(engine, tokens)
    finally:
        engine.close()


def test_a_peft_folder_imports_and_matches_peft_in_llama_cpp(home: Path, trained: Trained) -> None:
    assert (trained.folder / "adapter_model.safetensors").is_file()
    payload = ok_json(home, "adapters", "import", str(trained.folder))
    adapter = payload["adapter"]
    assert payload["converted_from"] == "peft"
    assert payload["base"] == "Tiny Llama"
    assert (adapter["architecture"], adapter["rank"], adapter["tensor_count"]) == ("llama", 4, 14)
    assert payload["permuted"] is True
    # rsLoRA: PEFT scales by alpha / sqrt(r); llama.cpp by alpha / r, so alpha · sqrt(r).
    assert adapter["alpha"] == pytest.approx(ALPHA * RANK**0.5)
    assert adapter["name"] == "shop-lora"
    cpp = _cpp_logits(trained.gguf, Path(adapter["path"]), trained.tokens)
    print(  # the figures, for `pytest -s`
        f"\nPEFT import: adapter effect {_gap(trained.peft_logits, trained.plain_logits):.2f}, "
        f"|llama.cpp - PEFT| {_gap(cpp, trained.peft_logits):.2e}"
    )
    assert _gap(trained.peft_logits, trained.plain_logits) > DIFFERENT  # the adapter matters
    assert _gap(cpp, trained.peft_logits) < SAME
    listed = ok_json(home, "adapters", "list")["adapters"]
    assert adapter["id"] in [a["id"] for a in listed]


def test_a_zip_of_the_folder_imports_under_the_given_name(
    home: Path, trained: Trained, tmp_path: Path
) -> None:
    archive = shutil.make_archive(
        str(tmp_path / "shared"), "zip", trained.folder.parent, trained.folder.name
    )
    payload = ok_json(home, "adapters", "import", archive, "--name", "From a zip", "--base", "1")
    assert payload["adapter"]["name"] == "From a zip"
    cpp = _cpp_logits(trained.gguf, Path(payload["adapter"]["path"]), trained.tokens)
    assert _gap(cpp, trained.peft_logits) < SAME


def test_the_scale_matters_so_the_comparison_has_teeth(
    home: Path, trained: Trained, tmp_path: Path
) -> None:
    """The same tensors read as plain LoRA (alpha / r instead of alpha / sqrt(r)) no longer
    match PEFT: the tolerance above catches a wrong scale."""
    folder = tmp_path / "plain-scale"
    shutil.copytree(trained.folder, folder)
    config = json.loads((folder / "adapter_config.json").read_text(encoding="utf-8"))
    config["use_rslora"] = False
    (folder / "adapter_config.json").write_text(json.dumps(config), encoding="utf-8")
    adapter = ok_json(home, "adapters", "import", str(folder))["adapter"]
    assert adapter["alpha"] == pytest.approx(ALPHA)
    cpp = _cpp_logits(trained.gguf, Path(adapter["path"]), trained.tokens)
    print(f"\nwrong scale: |llama.cpp - PEFT| {_gap(cpp, trained.peft_logits):.2f}")
    assert _gap(cpp, trained.peft_logits) > 4 * SAME


def test_an_adapter_for_another_base_is_refused_with_the_reason(home: Path, tmp_path: Path) -> None:
    from transformers import LlamaConfig, LlamaForCausalLM

    narrow = LlamaForCausalLM(
        LlamaConfig(
            vocab_size=300,
            hidden_size=32,
            intermediate_size=64,
            num_hidden_layers=3,
            num_attention_heads=4,
            num_key_value_heads=2,
        )
    )
    train_peft(narrow, [0, 5, 9, 14], tmp_path / "narrow", rslora=False)
    before = ok_json(home, "adapters", "list")["adapters"]
    run = hearth(home, "adapters", "import", str(tmp_path / "narrow"), "--json")
    assert run.returncode == 1, run.describe()
    error = one_json_object(run)["error"]
    assert "narrow is an adapter for another base" in error
    assert "hidden size 32 and 3 layers" in error
    assert "Tiny Llama has 64 and 2" in error
    assert ok_json(home, "adapters", "list")["adapters"] == before


def test_pickled_weights_are_refused(home: Path, trained: Trained, tmp_path: Path) -> None:
    folder = tmp_path / "pickled"
    folder.mkdir()
    shutil.copy(trained.folder / "adapter_config.json", folder)
    (folder / "adapter_model.bin").write_bytes(b"\x80\x04not really a pickle")
    run = hearth(home, "adapters", "import", str(folder), "--json")
    assert run.returncode == 1
    assert "a Python pickle" in one_json_object(run)["error"]
