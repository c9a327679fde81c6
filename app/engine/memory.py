"""Refuse a model that cannot fit in this machine's memory before llama.cpp tries.

llama.cpp memory-maps the weights, so an oversized model does not fail cleanly: it thrashes the
disk or gets the process killed. A clear message up front is better.
"""

from __future__ import annotations

import psutil

from app.engine.errors import ModelLoadError
from app.library.gguf_header import GgufHeader

_GIB = 1024**3


def check_fits_in_memory(
    header: GgufHeader, *, n_gpu_layers: int, total_memory: int | None = None
) -> None:
    """Raise ModelLoadError when the weights alone exceed the machine's physical memory.

    With GPU offload the weights live in video memory instead, which llama.cpp checks itself.
    """
    if n_gpu_layers != 0:
        return
    total = total_memory if total_memory is not None else psutil.virtual_memory().total
    if header.file_size > total:
        raise ModelLoadError(
            f"{header.name} needs about {header.file_size / _GIB:.1f} GiB of memory for its "
            f"weights, but this computer has {total / _GIB:.1f} GiB. Choose a smaller model or "
            f"a smaller quantisation (for example Q4_K_M)."
        )
