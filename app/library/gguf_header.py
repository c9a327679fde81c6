"""A fast GGUF header scan: what a model file is, without parsing its vocabulary or its weights.

`read_gguf_header` memory-maps the file and walks the header (`gguf_scanner`): metadata arrays
(the vocabulary, merges, token types) are skipped without building Python objects, only their
lengths are kept, and every tensor's data is checked to lie inside the file, which catches an
incomplete download before llama.cpp tries to load it. The result is interpreted here into the
facts Hearth shows and stores: architecture, size, quantisation, context length, chat template.
"""

from __future__ import annotations

import math
import mmap
import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

from app.library.ggml_types import file_type_name
from app.library.gguf_errors import NotGgufError
from app.library.gguf_scanner import GgufLayout, MetadataValue, TensorInfo, scan_gguf

__all__ = ["GgufHeader", "MetadataValue", "TensorInfo", "read_gguf_header"]

CHAT_TEMPLATE_KEY: Final = "tokenizer.chat_template"
TOKENS_KEY: Final = "tokenizer.ggml.tokens"


@dataclass(frozen=True)
class GgufHeader:
    """What a GGUF file says about itself (see `read_gguf_header`)."""

    path: Path
    version: int
    file_size: int
    architecture: str | None
    name: str  # general.name, else the file name without its extension
    parameter_count: int  # sum of the tensors' element counts
    quantization: str | None  # llama.cpp ftype name ("Q4_K_M"), else the dominant tensor type
    context_length: int | None  # {architecture}.context_length: what the model was trained for
    has_chat_template: bool
    chat_template: str | None
    license: str | None
    vocab_size: int | None
    tensor_count: int
    kv_count: int
    alignment: int
    data_offset: int  # where the tensor data section starts
    big_endian: bool
    metadata: Mapping[str, MetadataValue]  # scalar and string entries only
    array_lengths: Mapping[str, int]  # array entries: their element counts
    tensors: tuple[TensorInfo, ...]

    @property
    def kind(self) -> str:
        """`general.type`: "model" (also when absent), "adapter", "vocab"..."""
        value = self.metadata.get("general.type")
        return value if isinstance(value, str) and value else "model"

    def find_tensor(self, name: str) -> TensorInfo | None:
        return next((t for t in self.tensors if t.name == name), None)

    def describe(self) -> dict[str, Any]:
        """A JSON-ready summary: no tensor list, no chat template text (only its length)."""
        metadata: dict[str, Any] = {}
        for key, value in self.metadata.items():
            if key.startswith(CHAT_TEMPLATE_KEY):
                continue
            metadata[key] = None if isinstance(value, float) and not math.isfinite(value) else value
        return {
            "path": str(self.path),
            "file_size": self.file_size,
            "gguf_version": self.version,
            "kind": self.kind,
            "architecture": self.architecture,
            "name": self.name,
            "parameter_count": self.parameter_count,
            "quantization": self.quantization,
            "context_length": self.context_length,
            "has_chat_template": self.has_chat_template,
            "chat_template_chars": len(self.chat_template) if self.chat_template else 0,
            "license": self.license,
            "vocab_size": self.vocab_size,
            "tensor_count": self.tensor_count,
            "kv_count": self.kv_count,
            "alignment": self.alignment,
            "data_offset": self.data_offset,
            "array_lengths": dict(self.array_lengths),
            "metadata": metadata,
        }


def read_gguf_header(path: Path) -> GgufHeader:
    """Scan a GGUF file's header and check that all tensor data lies inside the file.

    Raises a `GgufError` subclass for a file that is not a (complete, valid) GGUF file, and
    `OSError` when the file cannot be opened or read.
    """
    path = Path(path)
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size == 0:
            raise NotGgufError(path, "the file is empty, not a GGUF model file")
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as buf:
            layout = scan_gguf(path, buf, size)
    return _build_header(path, layout)


def _as_int(value: MetadataValue | None) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _as_str(value: MetadataValue | None) -> str | None:
    return value if isinstance(value, str) else None


def _dominant_type(tensors: tuple[TensorInfo, ...]) -> str | None:
    """The tensor type that holds the most weights (for files without general.file_type)."""
    weights: Counter[str] = Counter()
    for tensor in tensors:
        weights[tensor.type] += tensor.n_elements
    return weights.most_common(1)[0][0] if weights else None


def _build_header(path: Path, layout: GgufLayout) -> GgufHeader:
    metadata, arrays, tensors = layout.metadata, layout.arrays, layout.tensors
    architecture = _as_str(metadata.get("general.architecture")) or None
    name = (_as_str(metadata.get("general.name")) or "").strip() or path.stem
    file_type = _as_int(metadata.get("general.file_type"))
    quantization = file_type_name(file_type) if file_type is not None else None
    context_length = vocab_size = None
    if architecture is not None:
        context_length = _as_int(metadata.get(f"{architecture}.context_length"))
        vocab_size = _as_int(metadata.get(f"{architecture}.vocab_size"))
    chat_template = _as_str(metadata.get(CHAT_TEMPLATE_KEY))
    return GgufHeader(
        path=path,
        version=layout.version,
        file_size=layout.file_size,
        architecture=architecture,
        name=name,
        parameter_count=sum(t.n_elements for t in tensors),
        quantization=quantization or _dominant_type(tensors),
        context_length=context_length,
        has_chat_template=chat_template is not None,
        chat_template=chat_template,
        license=_as_str(metadata.get("general.license")),
        vocab_size=arrays.get(TOKENS_KEY, vocab_size),
        tensor_count=len(tensors),
        kv_count=layout.kv_count,
        alignment=layout.alignment,
        data_offset=layout.data_offset,
        big_endian=layout.big_endian,
        metadata=MappingProxyType(metadata),
        array_lengths=MappingProxyType(arrays),
        tensors=tensors,
    )
