"""Load the base model for training: dequantised from the GGUF itself, or from original weights
(a transformers model folder) the user points to. Worker only: imports torch and transformers."""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from app.library.gguf_errors import GgufError
from app.library.gguf_header import GgufHeader, read_gguf_header
from app.training.errors import TrainingError

log = logging.getLogger(__name__)


@dataclass
class LoadedBase:
    model: Any  # transformers PreTrainedModel
    tokenizer: Any
    header: GgufHeader  # of the GGUF the adapter is for

    @property
    def architecture(self) -> str:
        return self.header.architecture or "llama"


def resolve_device(wanted: str) -> str:
    """`devices.choose_device` with what this torch build sees."""
    import torch

    from app.training.devices import choose_device

    def mps_available() -> bool:
        mps = getattr(torch.backends, "mps", None)
        return mps is not None and bool(mps.is_available())

    return choose_device(
        wanted, cuda_available=torch.cuda.is_available, mps_available=mps_available
    )


def resolve_dtype(precision: str, device: str) -> Any:
    import torch

    if precision == "bfloat16":
        return torch.bfloat16
    if precision == "float32":
        return torch.float32
    if device == "cuda" and torch.cuda.is_bf16_supported():
        return torch.bfloat16
    return torch.float32


def load_base(
    gguf_path: Path, *, original_weights: Path | None, dtype: Any, device: str
) -> LoadedBase:
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    try:
        header = read_gguf_header(Path(gguf_path))
    except (GgufError, OSError) as exc:
        raise TrainingError(f"cannot read the base model {gguf_path}: {exc}") from exc
    # transformers prints progress and notices on stdout; the protocol owns stdout.
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            if original_weights is not None:
                tokenizer = AutoTokenizer.from_pretrained(str(original_weights))
                model = AutoModelForCausalLM.from_pretrained(str(original_weights), dtype=dtype)
            else:
                folder, name = str(Path(gguf_path).parent), Path(gguf_path).name
                tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
                config = AutoConfig.from_pretrained(folder, gguf_file=name)
                align_config_with_llama_cpp(config, header)
                model = AutoModelForCausalLM.from_pretrained(
                    folder, gguf_file=name, config=config, dtype=dtype
                )
        except (OSError, ValueError, KeyError, RuntimeError, NotImplementedError) as exc:
            source = original_weights or gguf_path
            raise TrainingError(
                f"transformers cannot load {Path(source).name} for training: {exc}"
            ) from exc
    _check_same_model(model, header, original_weights)
    apply_rope_frequency_factors(model, header)
    loaded: Any = model.to(device)  # type: ignore[arg-type]  # transformers' stub is too narrow
    loaded.config.use_cache = False
    return LoadedBase(model=loaded, tokenizer=tokenizer, header=header)


# What llama.cpp's converter writes for a "llama3" rope scaling (Llama 3.1 / 3.2 and their
# fine-tunes): one factor per rotary frequency, which llama.cpp divides the frequency by.
ROPE_FREQS_TENSOR: Final = "rope_freqs.weight"
_FACTOR_DTYPES: Final = {"F32": "f4", "F16": "f2"}


def apply_rope_frequency_factors(model: Any, header: GgufHeader) -> None:
    """Give the model the rotary frequencies llama.cpp uses when the GGUF has `rope_freqs.weight`.

    The converter turns a "llama3" rope scaling into that tensor and writes no scaling keys, and
    transformers' GGUF loader ignores the tensor: loaded from the GGUF, the model would turn the
    low-frequency dimensions eight times faster than llama.cpp does. So the frequencies are set
    here as llama.cpp computes them, base ** (-2i / dim) / factor[i], from the file itself: the
    same on both loading paths (original weights with a llama3 config already agree). They live
    in the rotary embedding's `inv_freq` buffer, set after loading (transformers' weight
    initialisation recomputes it from the config), which moves with `.to()` and which PEFT
    leaves alone.
    """
    factors = _read_rope_factors(header)
    if factors is None:
        return
    import torch

    arch = header.architecture or ""
    meta = header.metadata
    dims = meta.get(f"{arch}.rope.dimension_count") or meta.get(f"{arch}.attention.key_length")
    if not isinstance(dims, int):
        dims = 2 * len(factors)
    base = meta.get(f"{arch}.rope.freq_base", 10_000.0)
    if len(factors) != dims // 2 or not isinstance(base, int | float):
        raise TrainingError(
            f"{header.path.name}: {ROPE_FREQS_TENSOR} has {len(factors)} factors for "
            f"{dims} rotary dimensions; the file is inconsistent"
        )
    # Computed as transformers computes its default frequencies, then divided as llama.cpp does.
    exponents = torch.arange(0, dims, 2, dtype=torch.int64).to(torch.float) / dims
    inv_freq = 1.0 / (float(base) ** exponents) / torch.from_numpy(factors)
    rotaries = [
        m for m in model.modules() if isinstance(getattr(m, "inv_freq", None), torch.Tensor)
    ]
    if not rotaries or any(m.inv_freq.shape != inv_freq.shape for m in rotaries):
        raise TrainingError(
            f"{header.path.name} scales its rotary frequencies ({ROPE_FREQS_TENSOR}) but "
            f"transformers' {arch} model has no rotary embedding of {len(factors)} frequencies "
            "to apply them to"
        )
    for rotary in rotaries:
        # float32 whatever the weights' dtype, as transformers keeps it.
        rotary.inv_freq = inv_freq.to(rotary.inv_freq.device)
        if isinstance(getattr(rotary, "original_inv_freq", None), torch.Tensor):
            rotary.original_inv_freq = rotary.inv_freq.clone()


def _read_rope_factors(header: GgufHeader) -> Any:
    """The `rope_freqs.weight` factors as a float32 numpy vector, or None without that tensor."""
    import numpy as np

    tensor = header.find_tensor(ROPE_FREQS_TENSOR)
    if tensor is None:
        return None
    kind = _FACTOR_DTYPES.get(tensor.type)
    if kind is None or len(tensor.shape) != 1:
        raise TrainingError(
            f"{header.path.name}: {ROPE_FREQS_TENSOR} is a {tensor.type} tensor of shape "
            f"{list(tensor.shape)}; Hearth reads only a vector of F32 or F16 factors"
        )
    dtype = np.dtype((">" if header.big_endian else "<") + kind)
    try:
        values = np.fromfile(header.path, dtype=dtype, count=tensor.shape[0], offset=tensor.offset)
    except OSError as exc:
        raise TrainingError(f"cannot read {ROPE_FREQS_TENSOR} from {header.path}: {exc}") from exc
    if len(values) != tensor.shape[0] or not np.all(np.isfinite(values)) or np.any(values <= 0):
        raise TrainingError(
            f"{header.path.name}: {ROPE_FREQS_TENSOR} holds missing, non-finite or non-positive "
            "factors; the file is damaged"
        )
    return values.astype(np.float32)


# llama.cpp's layer counts of the 27B Gemma models, the only ones that scale queries by
# hidden / heads rather than by the head width (llama_model_gemma2/3::load_arch_hparams).
_GEMMA_27B_LAYERS: Final = {"gemma2": 46, "gemma3": 62}


def align_config_with_llama_cpp(config: Any, header: GgufHeader) -> None:
    """Set what transformers' GGUF loader leaves at its defaults to what llama.cpp will use.

    transformers reads only some of a GGUF's keys; the rest come from the config class's
    defaults, which fit the flagship checkpoints but not every model. An adapter trained on a
    model that computes something else than llama.cpp does would not fit, so the values llama.cpp
    uses win: the head width (Qwen3's config defaults to 128), Gemma's query scale, soft-capping,
    local rope base and linear rope scaling of the global layers.
    """
    arch = header.architecture or ""
    meta = header.metadata

    def number(key: str) -> float | None:
        value = meta.get(f"{arch}.{key}")
        return float(value) if isinstance(value, int | float) else None

    head_dim = number("attention.key_length")
    if head_dim is not None and hasattr(config, "head_dim"):
        config.head_dim = int(head_dim)
    if arch not in _GEMMA_27B_LAYERS:
        return
    if number("block_count") == _GEMMA_27B_LAYERS[arch]:
        config.query_pre_attn_scalar = config.hidden_size // config.num_attention_heads
    else:
        config.query_pre_attn_scalar = config.head_dim
    for softcapping in ("attn_logit_softcapping", "final_logit_softcapping"):
        value = number(softcapping)
        if value is not None and hasattr(config, softcapping):
            setattr(config, softcapping, value)
    if arch == "gemma3":
        _align_gemma3_rope(config, number("rope.freq_base_swa"), meta, arch)


def _align_gemma3_rope(
    config: Any, local_base: float | None, meta: Mapping[str, Any], arch: str
) -> None:
    rope = getattr(config, "rope_parameters", None)
    if not isinstance(rope, dict) or "sliding_attention" not in rope:
        return
    if local_base is not None:
        rope["sliding_attention"]["rope_theta"] = local_base
    factor = meta.get(f"{arch}.rope.scaling.factor")
    if meta.get(f"{arch}.rope.scaling.type") == "linear" and isinstance(factor, int | float):
        rope["full_attention"].update({"rope_type": "linear", "factor": float(factor)})


def _check_same_model(model: Any, header: GgufHeader, original: Path | None) -> None:
    """Original weights must be the model the GGUF was made from, or the adapter will not fit."""
    if original is None:
        return
    config = model.config
    arch = header.architecture or ""
    expected = {
        "layers": (getattr(config, "num_hidden_layers", None), f"{arch}.block_count"),
        "hidden size": (getattr(config, "hidden_size", None), f"{arch}.embedding_length"),
    }
    for what, (found, key) in expected.items():
        wanted = header.metadata.get(key)
        if isinstance(wanted, int) and isinstance(found, int) and found != wanted:
            raise TrainingError(
                f"the original weights in {original} do not match the GGUF ({what} {found} vs "
                f"{wanted}); point to the weights the GGUF was converted from"
            )
