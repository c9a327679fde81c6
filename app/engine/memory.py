"""Refuse a model that cannot fit in this machine's memory before llama.cpp tries.

llama.cpp memory-maps the weights, so an oversized model does not fail cleanly: it thrashes the
disk or gets the process killed. The same goes for a context cache larger than the memory (it is
allocated up front for the whole context size). A clear message up front is better.
"""

from __future__ import annotations

import psutil

from app.engine.errors import ModelLoadError
from app.library.fit import DEFAULT_UBATCH, ModelShape, gib
from app.library.gguf_header import GgufHeader


def check_fits_in_memory(
    header: GgufHeader,
    *,
    n_gpu_layers: int,
    total_memory: int | None = None,
    n_ctx: int = 0,
    n_batch: int = DEFAULT_UBATCH,
    unified_memory: bool = False,
) -> None:
    """Raise ModelLoadError when what stays in system RAM exceeds the machine's physical memory.

    With `n_gpu_layers` offloaded, those layers' weights and cache live in video memory instead
    (llama.cpp checks that itself, and the engine retries with fewer layers), except with
    `unified_memory`, where video memory is the system RAM. `n_ctx` 0 checks the weights alone.
    """
    total = total_memory if total_memory is not None else psutil.virtual_memory().total
    shape = ModelShape.from_header(header)
    split = shape.split(n_ctx=n_ctx, n_batch=n_batch, gpu_layers=n_gpu_layers)
    needed = split.ram_bytes + (split.vram_bytes if unified_memory else 0)
    if n_ctx == 0:
        # Without a context size the weights are all that is known: the file is their size.
        needed = max(needed, header.file_size if n_gpu_layers == 0 or unified_memory else 0)
    if needed <= total:
        return
    if n_ctx == 0:
        raise ModelLoadError(
            f"{header.name} needs about {gib(needed)} of memory for its weights, but this "
            f"computer has {gib(total)}. Choose a smaller model or a smaller quantisation "
            f"(for example Q4_K_M)."
        )
    raise ModelLoadError(
        f"{header.name} needs about {gib(needed)} of memory at a context size of {n_ctx:,} "
        f"tokens (weights {gib(split.weights_bytes)}, context cache {gib(split.kv_cache_bytes)}, "
        f"work buffers about {gib(split.compute_bytes)}), but this computer has {gib(total)}. "
        f"Choose a smaller context size in Settings, a smaller model or a smaller quantisation "
        f"(for example Q4_K_M)."
    )
