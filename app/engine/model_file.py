"""The checks a model file passes before llama.cpp is asked to load it."""

from __future__ import annotations

import os
from pathlib import Path

from app.engine.errors import ModelLoadError
from app.library.gguf_errors import GgufError
from app.library.gguf_header import GgufHeader, read_gguf_header


def validated_header(path: str) -> GgufHeader:
    """The GGUF header of `path`; a ModelLoadError that says what is wrong otherwise."""
    if not os.path.exists(path):
        raise ModelLoadError(f"Model file not found: {path}")
    if not os.path.isfile(path):
        raise ModelLoadError(f"Not a file: {path}")
    try:
        return read_gguf_header(Path(path))
    except GgufError as exc:
        raise ModelLoadError(str(exc)) from exc
    except OSError as exc:
        raise ModelLoadError(f"Cannot read {path}: {exc.strerror or exc}") from exc
