"""Reading a PEFT adapter's tensors for conversion: what a LoRA GGUF cannot hold is refused by
name (trained embeddings, whole modules, DoRA), and a config that lies about the rank too."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.training.errors import TrainingError
from app.training.peft_files import open_peft
from app.training.peft_import import adapter_shape, read_lora_pairs
from tests.fixtures.peft_folder import write_peft_folder, write_safetensors


def test_pairs_come_out_in_llama_cpp_names_with_the_shape(tmp_path: Path) -> None:
    folder = open_peft(
        write_peft_folder(tmp_path / "a", hidden=64, layers=3, kv_width=32), tmp_path / "work"
    )
    pairs = read_lora_pairs(folder)
    assert sorted(pairs)[:2] == ["blk.0.attn_q.weight", "blk.0.attn_v.weight"]
    assert pairs["blk.2.attn_v.weight"].b.shape == (32, 4)
    shape = adapter_shape(pairs)
    assert (shape.hidden, shape.layers) == (64, 3)


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("base_model.model.model.embed_tokens.lora_embedding_A", "adapts the token embeddings"),
        ("base_model.model.lm_head.modules_to_save.default.weight", "whole trained modules"),
        ("base_model.model.model.layers.0.self_attn.q_proj.lora_magnitude_vector", "DoRA"),
        ("base_model.model.model.layers.0.self_attn.rotary.lora_A.weight", "other than the q, k"),
    ],
)
def test_tensors_a_lora_gguf_cannot_hold_are_refused(tmp_path: Path, key: str, reason: str) -> None:
    path = write_peft_folder(tmp_path / "a", hidden=64, layers=1, kv_width=32)
    weights = path / "adapter_model.safetensors"
    write_safetensors(weights, {key: np.zeros((4, 64), dtype=np.float32)})
    with pytest.raises(TrainingError) as raised:
        read_lora_pairs(open_peft(path, tmp_path / "work"))
    assert "cannot be converted to a llama.cpp LoRA" in str(raised.value)
    assert reason in str(raised.value) and key in str(raised.value)


def test_keys_with_an_adapter_name_convert_too(tmp_path: Path) -> None:
    """Some trainers save the adapter's name in the keys (lora_A.default.weight)."""
    path = write_peft_folder(tmp_path / "a", hidden=64, layers=1, kv_width=32)
    stem = "base_model.model.model.layers.0.mlp.down_proj"
    write_safetensors(
        path / "adapter_model.safetensors",
        {
            f"{stem}.lora_A.default.weight": np.ones((4, 128)),
            f"{stem}.lora_B.default.weight": np.ones((64, 4)),
        },
    )
    pairs = read_lora_pairs(open_peft(path, tmp_path / "work"))
    assert list(pairs) == ["blk.0.ffn_down.weight"]
    assert adapter_shape(pairs).hidden == 64  # down_proj writes the hidden state


def test_a_config_whose_rank_is_not_the_tensors_is_refused(tmp_path: Path) -> None:
    path = write_peft_folder(tmp_path / "a", hidden=64, layers=1, kv_width=32, rank=4)
    config = path / "adapter_config.json"
    config.write_text(config.read_text().replace('"r": 4', '"r": 8'))
    with pytest.raises(TrainingError, match="config says rank 8 but the tensors"):
        read_lora_pairs(open_peft(path, tmp_path / "work"))
