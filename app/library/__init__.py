"""Model and adapter files: GGUF header scan, hashing, import, the starter model (Qt-free)."""

from app.library.gguf_errors import (
    GgufCorruptError,
    GgufError,
    GgufTensorDataError,
    GgufTruncatedError,
    NotGgufError,
    UnknownTensorTypeError,
    UnsupportedGgufVersionError,
)
from app.library.gguf_header import GgufHeader, TensorInfo, read_gguf_header
from app.library.hashing import HashCancelled, Sha256Cache, sha256_file
from app.library.model_library import LibraryError, ModelLibrary, ModelStore
from app.library.starter import StarterModelError, fetch_starter_model

__all__ = [
    "GgufCorruptError",
    "GgufError",
    "GgufHeader",
    "GgufTensorDataError",
    "GgufTruncatedError",
    "HashCancelled",
    "LibraryError",
    "ModelLibrary",
    "ModelStore",
    "NotGgufError",
    "Sha256Cache",
    "StarterModelError",
    "TensorInfo",
    "UnknownTensorTypeError",
    "UnsupportedGgufVersionError",
    "fetch_starter_model",
    "read_gguf_header",
    "sha256_file",
]
