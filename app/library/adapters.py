"""LoRA adapter files: what one holds, and whether it fits a base model (Qt-free, no llama.cpp).

A llama.cpp LoRA adapter is a GGUF file with `general.type = "adapter"`, `adapter.type = "lora"`,
`adapter.lora.alpha`, and for every adapted base tensor `W` a pair of tensors `W.lora_a` and
`W.lora_b`. In ggml order (innermost dimension first, as `TensorInfo.shape` reports it), a base
weight of shape `[n_in, n_out]` takes `lora_a` of shape `[n_in, r]` and `lora_b` of shape
`[r, n_out]`; `token_embd.weight` is the exception, with A and B flipped (llama.cpp's
`llama-adapter.cpp` checks exactly this, and so does `check_compatible`).

These checks run before llama.cpp sees the file: llama.cpp only logs why it refused an adapter,
so Hearth says it itself, naming the adapter, the model and the first tensor that does not fit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from app.library.gguf_header import GgufHeader, read_gguf_header

__all__ = [
    "AdapterError",
    "AdapterInfo",
    "AdapterMismatchError",
    "LoraPair",
    "NotAnAdapterError",
    "check_compatible",
    "inspect_adapter",
    "lora_pairs",
]

LORA_A: Final = ".lora_a"
LORA_B: Final = ".lora_b"
ADAPTER_TYPE_KEY: Final = "adapter.type"
LORA_ALPHA_KEY: Final = "adapter.lora.alpha"
# llama.cpp flips A and B for the token embedding (see llm_build_inp_embd).
_TOKEN_EMBD: Final = "token_embd.weight"


class AdapterError(ValueError):
    """An adapter file is unusable; the message names the file and the problem."""


class NotAnAdapterError(AdapterError):
    """A GGUF file that is not a LoRA adapter (a model, a vocabulary, another adapter type)."""


class AdapterMismatchError(AdapterError):
    """The adapter was not made for this base model (architecture or a tensor does not fit).

    `tensor` names the first base tensor that does not fit, None for an architecture mismatch.
    """

    def __init__(self, message: str, *, tensor: str | None = None) -> None:
        super().__init__(message)
        self.tensor = tensor


@dataclass(frozen=True)
class LoraPair:
    """One adapted base tensor: the shapes (ggml order) of its two low-rank factors."""

    base_tensor: str
    a_shape: tuple[int, ...]
    b_shape: tuple[int, ...]

    @property
    def rank(self) -> int:
        # What llama.cpp divides alpha by: lora_b's innermost dimension.
        return _dim(self.b_shape, 0)


@dataclass(frozen=True)
class AdapterInfo:
    path: Path
    name: str
    architecture: str | None
    rank: int  # the largest rank over the adapted tensors (they usually share one)
    alpha: float | None  # None when the file has no adapter.lora.alpha (scale is then used as is)
    base_tensors: tuple[str, ...]  # the adapted base tensors, in file order
    file_size: int
    header: GgufHeader


def _dim(shape: tuple[int, ...], index: int) -> int:
    """ggml pads shapes with 1s up to four dimensions."""
    return shape[index] if index < len(shape) else 1


def _label(header: GgufHeader) -> str:
    return f"'{header.path.name}'"


def _shape_text(shape: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(d) for d in shape) + "]"


def lora_pairs(header: GgufHeader) -> tuple[LoraPair, ...]:
    """The adapter's `lora_a`/`lora_b` pairs, in file order; AdapterError if they do not pair up."""
    a_shapes: dict[str, tuple[int, ...]] = {}
    b_shapes: dict[str, tuple[int, ...]] = {}
    order: list[str] = []
    for tensor in header.tensors:
        if tensor.name.endswith(LORA_A):
            table, base = a_shapes, tensor.name[: -len(LORA_A)]
        elif tensor.name.endswith(LORA_B):
            table, base = b_shapes, tensor.name[: -len(LORA_B)]
        else:
            raise AdapterError(
                f"Adapter {_label(header)} holds tensor '{tensor.name}', which is neither a "
                "LoRA A nor a LoRA B tensor."
            )
        if base not in a_shapes and base not in b_shapes:
            order.append(base)
        table[base] = tensor.shape
    pairs = []
    for base in order:
        if base not in a_shapes or base not in b_shapes:
            missing = LORA_A if base not in a_shapes else LORA_B
            raise AdapterError(
                f"Adapter {_label(header)} has no '{base}{missing}' tensor to pair with the "
                "other half of that tensor's LoRA: the file is incomplete."
            )
        pairs.append(LoraPair(base, a_shapes[base], b_shapes[base]))
    return tuple(pairs)


def _alpha(header: GgufHeader) -> float | None:
    value = header.metadata.get(LORA_ALPHA_KEY)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _require_lora(header: GgufHeader) -> tuple[LoraPair, ...]:
    if header.kind != "adapter":
        raise NotAnAdapterError(
            f"{_label(header)} is not a LoRA adapter: its general.type is '{header.kind}'."
            + (" Load it as a model instead." if header.kind == "model" else "")
        )
    adapter_type = header.metadata.get(ADAPTER_TYPE_KEY)
    if adapter_type != "lora":
        raise NotAnAdapterError(
            f"{_label(header)} is a '{adapter_type}' adapter; Hearth supports LoRA adapters only."
        )
    pairs = lora_pairs(header)
    if not pairs:
        raise AdapterError(f"Adapter {_label(header)} adapts no tensors.")
    return pairs


def inspect_adapter(path: Path) -> AdapterInfo:
    """Read an adapter's header: its architecture, rank, alpha and adapted tensors.

    Raises NotAnAdapterError for a GGUF file that is not a LoRA adapter, AdapterError for one whose
    tensors do not pair up, a GgufError for a file that is not a valid GGUF file, OSError when it
    cannot be read.
    """
    header = read_gguf_header(Path(path))
    pairs = _require_lora(header)
    return AdapterInfo(
        path=header.path,
        name=header.name,
        architecture=header.architecture,
        rank=max(pair.rank for pair in pairs),
        alpha=_alpha(header),
        base_tensors=tuple(pair.base_tensor for pair in pairs),
        file_size=header.file_size,
        header=header,
    )


def _fits(pair: LoraPair, base_shape: tuple[int, ...]) -> bool:
    """llama.cpp's shape rule (llama_adapter_lora_init_impl), over the first two dimensions."""
    a, b = pair.a_shape, pair.b_shape
    if pair.base_tensor == _TOKEN_EMBD:
        return _dim(base_shape, 0) == _dim(b, 1) and _dim(base_shape, 1) == _dim(a, 1)
    return (
        _dim(base_shape, 0) == _dim(a, 0)
        and _dim(base_shape, 1) == _dim(b, 1)
        and _dim(a, 1) == _dim(b, 0)
    )


def check_compatible(adapter: GgufHeader, base: GgufHeader) -> None:
    """Raise AdapterMismatchError unless `adapter` can be applied to the model `base`.

    Compatible means: the same `general.architecture`, and every adapted tensor exists in the base
    with a shape its `lora_a`/`lora_b` pair fits. Raises NotAnAdapterError / AdapterError for an
    adapter file that is not a well-formed LoRA adapter.
    """
    pairs = _require_lora(adapter)
    where = f"Adapter {_label(adapter)} does not fit the model '{base.name}' ({base.path.name})"
    if base.kind != "model":
        raise AdapterMismatchError(f"{where}: {base.path.name} is not a model file.")
    if adapter.architecture != base.architecture:
        raise AdapterMismatchError(
            f"{where}: the adapter was made for the '{adapter.architecture}' architecture, "
            f"the model is '{base.architecture}'."
        )
    shapes = {tensor.name: tensor.shape for tensor in base.tensors}
    for pair in pairs:
        base_shape = shapes.get(pair.base_tensor)
        if base_shape is None:
            raise AdapterMismatchError(
                f"{where}: it adapts tensor '{pair.base_tensor}', which the model does not have.",
                tensor=pair.base_tensor,
            )
        if not _fits(pair, base_shape):
            raise AdapterMismatchError(
                f"{where}: tensor '{pair.base_tensor}' is {_shape_text(base_shape)} in the model, "
                f"but the adapter's lora_a is {_shape_text(pair.a_shape)} and lora_b is "
                f"{_shape_text(pair.b_shape)} (made for a different base model?).",
                tensor=pair.base_tensor,
            )
