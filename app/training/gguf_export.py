"""Write a trained LoRA adapter as a llama.cpp LoRA GGUF (numpy and gguf only, no torch).

llama.cpp's format (what its convert_lora_to_gguf.py writes and llama_adapter_lora_init reads):
`general.type = "adapter"`, `adapter.type = "lora"`, `adapter.lora.alpha`, the base's
`general.architecture`, and per adapted base tensor `<name>.lora_a` (ggml shape [n_in, r], numpy
(r, n_in): PEFT's lora_A as it is) and `<name>.lora_b` (ggml [r, n_out], numpy (n_out, r):
PEFT's lora_B). llama.cpp then adds scale · alpha / r · B·A·x, which is PEFT's alpha / r scaling.

The llama family needs one more step. llama.cpp's converter permutes the rows of the q and k
projections of llama models (its rotary embedding pairs neighbouring rows, transformers' pairs
the two halves of each head); transformers undoes that permutation when it loads a GGUF. A LoRA
trained in transformers' order must therefore get the same row permutation on lora_b (the rows
are the output features) of q (n_head groups) and k (n_head_kv groups). Without it the adapter
loads fine but garbles q·k, which quick tests on adapters over every projection can hide.
Mistral GGUFs say "llama" and get the same treatment. qwen2, qwen3, gemma, gemma2 and gemma3
use the "neox" rotary layout in both libraries: no permutation (gemma's "+1" on its norm
weights does not touch the projections an adapter changes).

tests/integration/test_export_architectures.py proves each supported architecture against
llama.cpp itself, on tiny random models written the way llama.cpp's converter writes them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import gguf
import numpy as np
import numpy.typing as npt

from app.training.errors import TrainingError

FloatArray = npt.NDArray[np.float32]

# transformers projection module -> llama.cpp tensor, the same for every supported architecture.
MODULE_TO_TENSOR: Final[dict[str, str]] = {
    "self_attn.q_proj": "attn_q",
    "self_attn.k_proj": "attn_k",
    "self_attn.v_proj": "attn_v",
    "self_attn.o_proj": "attn_output",
    "mlp.gate_proj": "ffn_gate",
    "mlp.up_proj": "ffn_up",
    "mlp.down_proj": "ffn_down",
}
# GGUF architectures whose q/k rows llama.cpp's converter permutes (Mistral GGUFs say "llama").
PERMUTED_ARCHITECTURES: Final = frozenset({"llama"})
SUPPORTED_ARCHITECTURES: Final = frozenset({"llama", "qwen2", "qwen3", "gemma", "gemma2", "gemma3"})

_PEFT_KEY = re.compile(
    r"layers\.(?P<layer>\d+)\.(?P<module>(?:self_attn|mlp)\.\w+_proj)\.lora_(?P<part>[AB])"
    r"(?:\.[^.]+)?\.weight$"
)


@dataclass(frozen=True)
class LoraPair:
    a: FloatArray  # (r, n_in), PEFT lora_A.weight
    b: FloatArray  # (n_out, r), PEFT lora_B.weight, in transformers' row order


@dataclass(frozen=True)
class AttentionShape:
    n_head: int
    n_head_kv: int

    @classmethod
    def of(cls, config: Any) -> AttentionShape:
        """The head counts of a transformers model config (no key/value count: one per head)."""
        n_head = int(config.num_attention_heads)
        n_head_kv = getattr(config, "num_key_value_heads", None)
        return cls(n_head, int(n_head_kv) if n_head_kv else n_head)


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    architecture: str
    tensor_count: int  # adapted base tensors (each has a lora_a and a lora_b)
    rank: int
    alpha: float
    permuted: bool


def gguf_tensor_name(layer: int, module: str) -> str:
    try:
        return f"blk.{layer}.{MODULE_TO_TENSOR[module]}.weight"
    except KeyError:
        raise TrainingError(
            f"cannot export a LoRA on '{module}': llama.cpp has no such tensor"
        ) from None


def pairs_from_peft_state(state: Mapping[str, FloatArray]) -> dict[str, LoraPair]:
    """PEFT's adapter state dict (numpy arrays) -> {llama.cpp base tensor name: LoraPair}."""
    parts: dict[str, dict[str, FloatArray]] = {}
    for key, value in state.items():
        match = _PEFT_KEY.search(key)
        if match is None:
            raise TrainingError(f"unexpected tensor '{key}' in the trained adapter")
        name = gguf_tensor_name(int(match["layer"]), match["module"])
        parts.setdefault(name, {})[match["part"]] = np.asarray(value, dtype=np.float32)
    pairs: dict[str, LoraPair] = {}
    for name, found in parts.items():
        if set(found) != {"A", "B"}:
            raise TrainingError(f"the trained adapter has only half of the LoRA pair for {name}")
        pairs[name] = LoraPair(a=found["A"], b=found["B"])
    return pairs


def llama_permute(rows: FloatArray, n_head: int, n_head_kv: int | None = None) -> FloatArray:
    """llama.cpp convert_hf_to_gguf's LlamaModel.permute, applied to the rows of `rows`."""
    if n_head_kv is not None and n_head != n_head_kv:
        n_head = n_head_kv
    if rows.shape[0] % (n_head * 2):
        raise TrainingError(f"{rows.shape[0]} rows cannot be split into {n_head} rotary heads")
    return (
        rows.reshape(n_head, 2, rows.shape[0] // n_head // 2, *rows.shape[1:])
        .swapaxes(1, 2)
        .reshape(rows.shape)
    )


def to_llama_cpp_order(
    name: str, pair: LoraPair, architecture: str, attention: AttentionShape
) -> LoraPair:
    if architecture not in PERMUTED_ARCHITECTURES:
        return pair
    if ".attn_q." in name:
        return LoraPair(pair.a, llama_permute(pair.b, attention.n_head, attention.n_head))
    if ".attn_k." in name:
        return LoraPair(pair.a, llama_permute(pair.b, attention.n_head, attention.n_head_kv))
    return pair


def export_lora_gguf(
    path: Path,
    pairs: Mapping[str, LoraPair],
    *,
    architecture: str,
    alpha: float,
    attention: AttentionShape,
    name: str,
    metadata: Mapping[str, str] | None = None,
) -> ExportSummary:
    """Write `pairs` (in transformers' order) as a llama.cpp LoRA GGUF at `path`."""
    if architecture not in SUPPORTED_ARCHITECTURES:
        raise TrainingError(
            f"exporting adapters for '{architecture}' models is not supported yet (supported: "
            f"{', '.join(sorted(SUPPORTED_ARCHITECTURES))})"
        )
    if not pairs:
        raise TrainingError("the trained adapter holds no LoRA tensors")
    ranks = {p.a.shape[0] for p in pairs.values()} | {p.b.shape[1] for p in pairs.values()}
    if len(ranks) != 1:
        raise TrainingError(f"the LoRA tensors disagree on the rank: {sorted(ranks)}")
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    writer = gguf.GGUFWriter(str(partial), architecture)
    writer.add_type(gguf.GGUFType.ADAPTER)
    writer.add_name(name)
    writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
    writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, float(alpha))
    for key, value in (metadata or {}).items():
        writer.add_string(key, value)
    for tensor_name in sorted(pairs, key=_tensor_order):
        pair = to_llama_cpp_order(tensor_name, pairs[tensor_name], architecture, attention)
        writer.add_tensor(f"{tensor_name}.lora_a", np.ascontiguousarray(pair.a, dtype=np.float32))
        writer.add_tensor(f"{tensor_name}.lora_b", np.ascontiguousarray(pair.b, dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    partial.replace(path)
    return ExportSummary(
        path=path,
        architecture=architecture,
        tensor_count=len(pairs),
        rank=ranks.pop(),
        alpha=float(alpha),
        permuted=architecture in PERMUTED_ARCHITECTURES,
    )


def _tensor_order(name: str) -> tuple[int, str]:
    parts = name.split(".")
    return (int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else -1, name)
