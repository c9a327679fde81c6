"""A persistent CPU thread pool for llama.cpp.

Without one, ggml builds a throw-away pool for every graph it computes. In a build without
OpenMP that means each generated token starts and joins its worker threads, so llama.cpp's own
tools attach a pool that lives as long as the context; llama-cpp-python does not bind that call
yet, so Hearth does it here through ctypes. If this build lacks the symbols (e.g. a dynamically
loaded CPU backend), Hearth simply keeps llama.cpp's default behaviour.

In an OpenMP build (llama-cpp-python's default where the compiler has OpenMP, e.g. Linux with
libgomp) ggml computes every graph on OpenMP's own long-lived thread team whether or not a pool is
attached, and the pool's `poll` setting is not used: attaching one then changes nothing
measurable (bench/run.py, "thread pool: b/b0").
"""

from __future__ import annotations

import ctypes
import functools
import logging
import os
from pathlib import Path
from typing import Any

import llama_cpp

_log = logging.getLogger(__name__)

_GGML_MAX_N_THREADS = 512


class _ThreadpoolParams(ctypes.Structure):
    # struct ggml_threadpool_params (ggml.h)
    _fields_ = [
        ("cpumask", ctypes.c_bool * _GGML_MAX_N_THREADS),
        ("n_threads", ctypes.c_int),
        ("prio", ctypes.c_int),
        ("poll", ctypes.c_uint32),
        ("strict_cpu", ctypes.c_bool),
        ("paused", ctypes.c_bool),
    ]


# With every core in llama.cpp's team, one busy program elsewhere (a browser tab, an indexing
# child, a training run) makes the team's barriers wait on a descheduled thread: measured on a
# 2-core machine with one core kept busy (bench/decode_contention.py), 2 threads decoded at
# 0.3 tok/s (median of 3) against 36 tok/s for 1 thread. Small machines leave one core free.
SMALL_MACHINE_CORES = 4


def default_thread_count() -> int:
    """Physical cores (hyper-threads share a core's vector units and slow decoding down), less
    one on machines with at most four, so other programs cannot stall generation."""
    try:
        import psutil

        physical = psutil.cpu_count(logical=False)
    except ImportError:  # pragma: no cover - psutil is a dependency; be safe when frozen
        physical = None
    cores = max(1, physical or os.cpu_count() or 1)
    return cores - 1 if 2 <= cores <= SMALL_MACHINE_CORES else cores


def set_thread_count(ctx: int, n_threads: int) -> None:
    """Decode and evaluate prompts with `n_threads` from the next llama_decode on (cheap: it
    only sets the context's parameters). Prompt evaluation too: its threads meet at the same
    barriers as decoding's."""
    llama_cpp.llama_set_n_threads(ctx, n_threads, n_threads)


@functools.cache
def _functions() -> dict[str, Any] | None:
    lib_dir = Path(llama_cpp.__file__).parent / "lib"
    try:
        ggml_base = _open(lib_dir, "ggml-base")
        ggml_cpu = _open(lib_dir, "ggml-cpu")
        init = ggml_base.ggml_threadpool_params_init
        new = ggml_cpu.ggml_threadpool_new
        free = ggml_cpu.ggml_threadpool_free
        attach = llama_cpp.llama_cpp._lib.llama_attach_threadpool
    except (OSError, AttributeError) as exc:
        _log.info("no persistent CPU thread pool (%s); using llama.cpp's default", exc)
        return None
    init.argtypes, init.restype = [ctypes.POINTER(_ThreadpoolParams), ctypes.c_int], None
    new.argtypes, new.restype = [ctypes.POINTER(_ThreadpoolParams)], ctypes.c_void_p
    free.argtypes, free.restype = [ctypes.c_void_p], None
    attach.argtypes, attach.restype = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p], None
    return {"init": init, "new": new, "free": free, "attach": attach}


def _open(lib_dir: Path, stem: str) -> ctypes.CDLL:
    for name in (f"lib{stem}.so", f"lib{stem}.dylib", f"{stem}.dll"):
        candidate = lib_dir / name
        if candidate.exists():
            return ctypes.CDLL(str(candidate))
    raise OSError(f"{stem} library not found in {lib_dir}")


class CpuThreadPool:
    def __init__(self, handle: int, functions: dict[str, Any]) -> None:
        self._handle: int | None = handle
        self._free = functions["free"]

    @classmethod
    def attach(cls, ctx: int, n_threads: int) -> CpuThreadPool | None:
        functions = _functions()
        if functions is None or n_threads <= 1:
            return None  # one thread needs no pool
        params = _ThreadpoolParams()
        functions["init"](ctypes.byref(params), n_threads)
        handle = functions["new"](ctypes.byref(params))
        if not handle:
            return None
        functions["attach"](ctx, handle, handle)
        return cls(handle, functions)

    def free(self) -> None:
        """Call only after the context that uses the pool is freed."""
        handle, self._handle = self._handle, None
        if handle:
            self._free(handle)
