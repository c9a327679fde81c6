"""Which compute backends this llama.cpp build has (CPU, CUDA, Metal, Vulkan...).

llama.cpp registers its backends as devices in ggml; their names ("CUDA0", "Metal", "Vulkan0")
are what users know, so Hearth reports those rather than guessing from the platform.
"""

from __future__ import annotations

import ctypes
import functools
import re
from typing import Any

import llama_cpp
from llama_cpp import _ggml

# enum ggml_backend_dev_type: CPU=0, GPU=1, ACCEL=2 (e.g. BLAS), IGPU=3
_GPU_TYPES = {1, 3}


@functools.cache
def _bindings() -> tuple[Any, ...] | None:
    lib = _ggml.libggml
    try:
        count = lib.ggml_backend_dev_count
        get = lib.ggml_backend_dev_get
        name = lib.ggml_backend_dev_name
        kind = lib.ggml_backend_dev_type
    except AttributeError:
        return None
    count.restype, count.argtypes = ctypes.c_size_t, []
    get.restype, get.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
    name.restype, name.argtypes = ctypes.c_char_p, [ctypes.c_void_p]
    kind.restype, kind.argtypes = ctypes.c_int, [ctypes.c_void_p]
    return count, get, name, kind


@functools.cache
def gpu_devices() -> tuple[str, ...]:
    """Names of the GPU devices llama.cpp can offload to, e.g. ("CUDA0",). Empty on CPU builds."""
    llama_cpp.llama_backend_init()
    bindings = _bindings()
    if bindings is None:
        return ()
    count, get, name, kind = bindings
    devices: list[str] = []
    for index in range(int(count())):
        device = get(index)
        if device and int(kind(device)) in _GPU_TYPES:
            raw = name(device)
            devices.append(raw.decode("utf-8", errors="replace") if raw else f"GPU{index}")
    return tuple(devices)


def supports_gpu_offload() -> bool:
    return bool(llama_cpp.llama_supports_gpu_offload()) and bool(gpu_devices())


def backend_label(n_gpu_layers: int) -> str:
    """What the status bar shows: the GPU family when layers are offloaded, else CPU."""
    devices = gpu_devices()
    if n_gpu_layers == 0 or not devices:
        return "CPU"
    family = re.sub(r"\d+$", "", devices[0]) or devices[0]
    return family


def resolve_gpu_layers(setting: int | str) -> int:
    """ "auto" offloads every layer when llama.cpp was built with a GPU backend, else none.
    Without a GPU backend any request is CPU only."""
    if not supports_gpu_offload():
        return 0
    if setting == "auto":
        return -1
    return int(setting)
