"""The LoRA GGUF exporter without torch: names, ggml shapes, alpha, the llama q/k permutation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.library.adapters import inspect_adapter
from app.library.gguf_header import read_gguf_header
from app.training.errors import TrainingError
from app.training.gguf_export import (
    AttentionShape,
    LoraPair,
    export_lora_gguf,
    llama_permute,
    pairs_from_peft_state,
)

ATTENTION = AttentionShape(n_head=4, n_head_kv=2)
RANK, HIDDEN, KV = 2, 32, 16


def reverse_permute(rows: np.ndarray, n_head: int, n_head_kv: int) -> np.ndarray:
    """transformers' GGUF loader (LlamaTensorProcessor._reverse_permute_weights), verbatim."""
    if n_head_kv is not None and n_head != n_head_kv:
        n_head = n_head_kv
    dim = rows.shape[0] // n_head // 2
    w = rows.reshape(n_head, dim, 2, *rows.shape[1:])
    return w.swapaxes(2, 1).reshape(rows.shape)


def peft_state(seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    state: dict[str, np.ndarray] = {}
    prefix = "base_model.model.model.layers"
    for layer in (0, 1):
        for module, n_out in (
            ("self_attn.q_proj", HIDDEN),
            ("self_attn.k_proj", KV),
            ("mlp.up_proj", 48),
        ):
            key = f"{prefix}.{layer}.{module}"
            state[f"{key}.lora_A.weight"] = rng.normal(size=(RANK, HIDDEN)).astype(np.float32)
            state[f"{key}.lora_B.weight"] = rng.normal(size=(n_out, RANK)).astype(np.float32)
    return state


def test_permutation_is_the_inverse_of_what_transformers_undoes() -> None:
    rows = np.arange(HIDDEN * 3, dtype=np.float32).reshape(HIDDEN, 3)
    assert not np.array_equal(llama_permute(rows, 4, 4), rows)
    assert np.array_equal(reverse_permute(llama_permute(rows, 4, 4), 4, 4), rows)
    kv_rows = rows[:KV]
    assert np.array_equal(reverse_permute(llama_permute(kv_rows, 4, 2), 4, 2), kv_rows)
    with pytest.raises(TrainingError, match="rotary heads"):
        llama_permute(rows[:6], 4, 4)


def test_peft_keys_map_to_llama_cpp_tensor_names() -> None:
    pairs = pairs_from_peft_state(peft_state())
    assert sorted(pairs) == [
        "blk.0.attn_k.weight",
        "blk.0.attn_q.weight",
        "blk.0.ffn_up.weight",
        "blk.1.attn_k.weight",
        "blk.1.attn_q.weight",
        "blk.1.ffn_up.weight",
    ]
    broken = peft_state()
    del broken["base_model.model.model.layers.0.mlp.up_proj.lora_B.weight"]
    with pytest.raises(TrainingError, match=r"only half of the LoRA pair for blk\.0\.ffn_up"):
        pairs_from_peft_state(broken)
    with pytest.raises(TrainingError, match=r"unexpected tensor .lm_head\.weight."):
        pairs_from_peft_state({"lm_head.weight": np.zeros((2, 2), np.float32)})


@pytest.mark.parametrize("architecture", ["llama", "qwen2"])
def test_export_writes_llama_cpp_lora_format(tmp_path: Path, architecture: str) -> None:
    state = peft_state()
    pairs = pairs_from_peft_state(state)
    summary = export_lora_gguf(
        tmp_path / "a.gguf",
        pairs,
        architecture=architecture,
        alpha=4.0,
        attention=ATTENTION,
        name="Unit LoRA",
        metadata={"hearth.base_name": "tiny"},
    )
    assert (summary.tensor_count, summary.rank, summary.permuted) == (
        6,
        RANK,
        architecture == "llama",
    )
    header = read_gguf_header(summary.path)
    assert header.kind == "adapter" and header.architecture == architecture
    assert header.metadata["adapter.lora.alpha"] == 4.0
    assert header.metadata["hearth.base_name"] == "tiny"
    shapes = {t.name: t.shape for t in header.tensors}
    assert shapes["blk.1.attn_q.weight.lora_a"] == (HIDDEN, RANK)  # ggml order [n_in, r]
    assert shapes["blk.1.attn_k.weight.lora_b"] == (RANK, KV)  # ggml order [r, n_out]
    assert shapes["blk.0.ffn_up.weight.lora_b"] == (RANK, 48)
    info = inspect_adapter(summary.path)
    assert info.rank == RANK and info.alpha == 4.0

    import gguf

    reader = gguf.GGUFReader(str(summary.path))
    stored = {t.name: np.array(t.data) for t in reader.tensors}
    q_b = state["base_model.model.model.layers.1.self_attn.q_proj.lora_B.weight"]
    k_b = state["base_model.model.model.layers.1.self_attn.k_proj.lora_B.weight"]
    up_b = state["base_model.model.model.layers.0.mlp.up_proj.lora_B.weight"]
    if architecture == "llama":
        assert np.array_equal(stored["blk.1.attn_q.weight.lora_b"], llama_permute(q_b, 4, 4))
        assert np.array_equal(stored["blk.1.attn_k.weight.lora_b"], llama_permute(k_b, 4, 2))
    else:
        assert np.array_equal(stored["blk.1.attn_q.weight.lora_b"], q_b)
        assert np.array_equal(stored["blk.1.attn_k.weight.lora_b"], k_b)
    assert np.array_equal(stored["blk.0.ffn_up.weight.lora_b"], up_b)  # never permuted


def test_export_refusals(tmp_path: Path) -> None:
    pairs = pairs_from_peft_state(peft_state())
    with pytest.raises(TrainingError, match="'gpt2' models is not supported"):
        export_lora_gguf(
            tmp_path / "x.gguf", pairs, architecture="gpt2", alpha=1, attention=ATTENTION, name="x"
        )
    with pytest.raises(TrainingError, match="holds no LoRA tensors"):
        export_lora_gguf(
            tmp_path / "x.gguf", {}, architecture="llama", alpha=1, attention=ATTENTION, name="x"
        )
    mixed = dict(pairs)
    mixed["blk.5.attn_v.weight"] = LoraPair(
        np.zeros((3, HIDDEN), np.float32), np.zeros((KV, 3), np.float32)
    )
    with pytest.raises(TrainingError, match="disagree on the rank"):
        export_lora_gguf(
            tmp_path / "x.gguf", mixed, architecture="llama", alpha=1, attention=ATTENTION, name="x"
        )
    assert not (tmp_path / "x.gguf").exists()
