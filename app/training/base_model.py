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
    import torch

    if wanted == "auto":
        if torch.cuda.is_available():
            return "cuda"
        mps = getattr(torch.backends, "mps", None)
        return "mps" if mps is not None and mps.is_available() else "cpu"
    if wanted == "cuda" and not torch.cuda.is_available():
        raise TrainingError(
            "CUDA was chosen but torch sees no CUDA GPU (is a CUDA build of torch installed?)"
        )
    if wanted == "mps":
        mps = getattr(torch.backends, "mps", None)
        if mps is None or not mps.is_available():
            raise TrainingError("Apple MPS was chosen but it is not available on this machine")
    return wanted


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
    loaded: Any = model.to(device)  # type: ignore[arg-type]  # transformers' stub is too narrow
    loaded.config.use_cache = False
    return LoadedBase(model=loaded, tokenizer=tokenizer, header=header)


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
