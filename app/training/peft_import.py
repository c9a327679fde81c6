"""Convert a PEFT LoRA adapter (from PEFT, TRL, Axolotl, Unsloth...) into a llama.cpp LoRA GGUF
for a base model in the library, and register it (numpy and gguf only: runs in the installed
app, which bundles no torch).

The conversion is the one Adapter Studio's own training uses (`gguf_export.export_lora_gguf`:
the same key mapping, the same q/k row permutation for llama models), fed from a safetensors
file instead of a live PEFT model. Before writing anything the adapter is checked against the
base: its architecture must be one the exporter supports, its hidden size and layer count those
of the base, and every adapted projection the base's shape; afterwards the written GGUF goes
through the library's own compatibility check, like any imported adapter.

PEFT's scale is alpha / r (alpha / sqrt(r) with rsLoRA); llama.cpp's is alpha / r, so the GGUF
gets alpha = scale · r. `fan_in_fan_out` only says how the *base* layer stores its weight
(GPT-2's Conv1D); PEFT keeps lora_A as (r, in) and lora_B as (out, r) either way, so the tensors
convert unchanged and the shape check against the base decides.
"""

from __future__ import annotations

import re
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from app.library.adapter_library import AdapterLibrary
from app.library.adapters import AdapterError, check_compatible, inspect_adapter
from app.library.gguf_errors import GgufError
from app.library.gguf_header import GgufHeader, read_gguf_header
from app.library.model_library import LibraryError
from app.storage.records import AdapterRecord
from app.training.config import file_stem
from app.training.errors import TrainingError
from app.training.gguf_export import (
    SUPPORTED_ARCHITECTURES,
    AttentionShape,
    ExportSummary,
    LoraPair,
    export_lora_gguf,
    pairs_from_peft_state,
)
from app.training.peft_files import PeftFolder, open_peft
from app.training.safetensors_reader import SafetensorsFile

Report = Callable[[int, int], None]  # (tensors read, tensors in all)

_LORA_KEY: Final = re.compile(
    r"layers\.(?P<layer>\d+)\.(?P<module>(?:self_attn|mlp)\.(?:q|k|v|o|gate|up|down)_proj)"
    r"\.lora_(?P<part>[AB])(?:\.[^.]+)?\.weight$"  # an adapter name may sit before .weight
)
# Modules whose input is the hidden state (the others: o_proj, down_proj, output it).
_READS_HIDDEN: Final = ("q_proj", "k_proj", "v_proj", "gate_proj", "up_proj")


@dataclass(frozen=True)
class BaseModel:
    """A model in the library an adapter may be for."""

    name: str
    path: Path


@dataclass(frozen=True)
class AdapterShape:
    hidden: int
    layers: int  # the highest adapted layer + 1


@dataclass(frozen=True)
class Converted:
    summary: ExportSummary
    base: BaseModel
    source: PeftFolder


def read_lora_pairs(
    folder: PeftFolder, *, progress: Report | None = None, cancel: threading.Event | None = None
) -> dict[str, LoraPair]:
    """The adapter's tensors as the exporter's {llama.cpp tensor: LoraPair}, checked for rank."""
    weights = SafetensorsFile(folder.weights)
    names = sorted(weights.entries)
    for name in names:
        _refuse_unconvertible(folder.name, name)
    state = {}
    for done, name in enumerate(names, 1):
        if cancel is not None and cancel.is_set():
            raise TrainingError("the import was cancelled")
        state[name] = weights.read(name)
        if progress is not None:
            progress(done, len(names))
    if not state:
        raise TrainingError(f"{folder.name} holds no LoRA tensors")
    pairs = pairs_from_peft_state(state)
    rank = folder.config.rank
    for tensor, pair in pairs.items():
        if pair.a.ndim != 2 or pair.b.ndim != 2 or pair.a.shape[0] != pair.b.shape[1]:
            raise TrainingError(
                f"{folder.name}: the LoRA pair for {tensor} has shapes {list(pair.a.shape)} and "
                f"{list(pair.b.shape)}, which do not multiply"
            )
        if pair.a.shape[0] != rank:
            raise TrainingError(
                f"{folder.name}: its config says rank {rank} but the tensors for {tensor} have "
                f"rank {pair.a.shape[0]}"
            )
    return pairs


def _refuse_unconvertible(where: str, key: str) -> None:
    if _LORA_KEY.search(key):
        return
    if "lora_embedding_" in key or "embed_tokens" in key:
        reason = "it adapts the token embeddings"
    elif "modules_to_save" in key or "lm_head" in key:
        reason = "it carries whole trained modules (modules_to_save)"
    elif "lora_magnitude_vector" in key:
        reason = "it is a DoRA adapter"
    elif ".bias" in key:
        reason = "it trains LoRA biases"
    else:
        reason = "it adapts a module other than the q, k, v, o, gate, up and down projections"
    raise TrainingError(
        f"{where} cannot be converted to a llama.cpp LoRA: {reason} (tensor '{key}')"
    )


def adapter_shape(pairs: dict[str, LoraPair]) -> AdapterShape:
    hidden, layers = 0, 0
    for tensor, pair in pairs.items():
        layers = max(layers, int(tensor.split(".")[1]) + 1)
        reads_hidden = any(f".{m}" in _module_of(tensor) for m in _READS_HIDDEN)
        hidden = hidden or (pair.a.shape[1] if reads_hidden else pair.b.shape[0])
    return AdapterShape(hidden=hidden, layers=layers)


def _module_of(tensor: str) -> str:
    """blk.N.attn_q.weight -> the transformers module (.q_proj), for the hidden-size rule."""
    part = tensor.split(".")[2]
    return {
        "attn_q": ".q_proj",
        "attn_k": ".k_proj",
        "attn_v": ".v_proj",
        "attn_output": ".o_proj",
        "ffn_gate": ".gate_proj",
        "ffn_up": ".up_proj",
        "ffn_down": ".down_proj",
    }.get(part, part)


def check_fits(
    folder: PeftFolder, pairs: dict[str, LoraPair], base: GgufHeader, label: str
) -> None:
    """Raise TrainingError saying why the adapter is for another base, if it is."""
    arch = base.architecture or "?"
    if arch not in SUPPORTED_ARCHITECTURES:
        raise TrainingError(
            f"{label} is a '{arch}' model; Hearth converts adapters for "
            f"{', '.join(sorted(SUPPORTED_ARCHITECTURES))} models"
        )
    hidden = base.metadata.get(f"{arch}.embedding_length")
    layers = base.metadata.get(f"{arch}.block_count")
    shape = adapter_shape(pairs)
    named = (
        f" (it names {folder.config.base_model} as its base)" if folder.config.base_model else ""
    )
    full = folder.config.layers_to_transform is None
    if hidden != shape.hidden or (
        isinstance(layers, int) and (shape.layers > layers or (full and shape.layers != layers))
    ):
        raise TrainingError(
            f"{folder.name} is an adapter for another base: it was made for a model with hidden "
            f"size {shape.hidden} and {shape.layers} layers{named}; {label} has {hidden} and "
            f"{layers}"
        )
    shapes = {t.name: t.shape for t in base.tensors}
    for tensor, pair in pairs.items():
        wanted = shapes.get(tensor)
        found = (pair.a.shape[1], pair.b.shape[0])
        if wanted is None or tuple(wanted[:2]) != found:
            raise TrainingError(
                f"{folder.name} is an adapter for another base{named}: it changes {tensor} as a "
                f"projection from {found[0]} to {found[1]} features, but in {label} it is "
                + ("missing" if wanted is None else f"from {wanted[0]} to {wanted[1]}")
            )


def base_header(base: BaseModel) -> GgufHeader:
    try:
        return read_gguf_header(base.path)
    except (GgufError, OSError) as exc:
        raise TrainingError(f"cannot read the base model {base.name}: {exc}") from exc


def attention_of(header: GgufHeader) -> AttentionShape:
    arch = header.architecture or ""
    heads = header.metadata.get(f"{arch}.attention.head_count")
    kv_heads = header.metadata.get(f"{arch}.attention.head_count_kv", heads)
    if not isinstance(heads, int) or not isinstance(kv_heads, int):
        raise TrainingError(f"{header.path.name} does not say how many attention heads it has")
    return AttentionShape(heads, kv_heads)


def choose_base(
    folder: PeftFolder, pairs: dict[str, LoraPair], candidates: Sequence[BaseModel]
) -> BaseModel:
    """The first candidate the adapter fits (put the default model first); else say why not."""
    if not candidates:
        raise TrainingError("there is no model in the library to convert the adapter for")
    reasons = []
    for base in candidates:
        try:
            check_fits(folder, pairs, base_header(base), base.name)
            return base
        except TrainingError as exc:
            reasons.append(str(exc))
    more = f" (and {len(candidates) - 1} other models do not fit either)" if reasons[1:] else ""
    raise TrainingError(reasons[0] + more)


def convert_peft(
    folder: PeftFolder,
    pairs: dict[str, LoraPair],
    base: BaseModel,
    out: Path,
    *,
    name: str,
) -> Converted:
    header = base_header(base)
    check_fits(folder, pairs, header, base.name)
    summary = export_lora_gguf(
        out,
        pairs,
        architecture=header.architecture or "",
        alpha=folder.config.gguf_alpha,
        attention=attention_of(header),
        name=name,
        metadata={"hearth.base_name": header.name, "hearth.converted_from": "peft"},
    )
    try:  # the library's own check, as for every imported adapter
        check_compatible(inspect_adapter(summary.path).header, header)
    except (AdapterError, GgufError, OSError) as exc:
        raise TrainingError(f"the converted adapter does not fit {base.name}: {exc}") from exc
    return Converted(summary, base, folder)


def import_peft_adapter(
    adapters: AdapterLibrary,
    source: Path,
    candidates: Sequence[BaseModel],
    *,
    name: str | None = None,
    progress: Report | None = None,
    cancel: threading.Event | None = None,
) -> tuple[AdapterRecord, Converted]:
    """Convert the PEFT folder/zip `source` for the first fitting candidate and register it
    (copied into the adapters folder, encrypted there on an encrypted profile)."""
    with tempfile.TemporaryDirectory(prefix="hearth-peft-") as work:
        folder = open_peft(Path(source), Path(work) / "unzipped")
        pairs = read_lora_pairs(folder, progress=progress, cancel=cancel)
        base = choose_base(folder, pairs, candidates)
        title = name or folder.name
        out = Path(work) / f"{file_stem(title)}.gguf"
        converted = convert_peft(folder, pairs, base, out, name=title)
        try:
            record = adapters.import_adapter(out, copy=True, cancel=cancel)
        except LibraryError as exc:
            raise TrainingError(f"the adapter was converted but not registered: {exc}") from exc
    return record, converted
