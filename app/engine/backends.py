"""Which compute devices this llama.cpp build has (CPU, CUDA, Metal, Vulkan...) and their memory.

llama.cpp registers its backends as devices in ggml; their names ("CUDA0", "MTL0", "Vulkan0")
are what users know, so Hearth reports those rather than guessing from the platform. Free device
memory comes from the same API (`ggml_backend_dev_memory`), asked afresh each time: it changes
as other programs use the GPU.
"""

from __future__ import annotations

import ctypes
import functools
import re
from dataclasses import dataclass
from typing import Any

import llama_cpp
import psutil
from llama_cpp import _ggml

from app.library.fit import DeviceMemory

# enum ggml_backend_dev_type (ggml-backend.h): CPU=0, GPU=1 (dedicated memory), IGPU=2
# (integrated, host memory), ACCEL=3 (BLAS, AMX: used with the CPU), META=4.
_GPU = 1
_IGPU = 2
# Backends whose GPU memory is the system RAM even though they report a discrete GPU type.
_UNIFIED_MEMORY_BACKENDS = {"MTL", "Metal"}
# Remote devices: llama.cpp offloads to them, but their memory is not this computer's.
_REMOTE_BACKENDS = {"RPC"}


@dataclass(frozen=True)
class _Bindings:
    count: Any
    get: Any
    name: Any
    kind: Any
    memory: Any
    backend_reg: Any
    reg_name: Any
    description: Any


@functools.cache
def _bindings() -> _Bindings | None:
    lib = _ggml.libggml
    try:
        binding = _Bindings(
            count=lib.ggml_backend_dev_count,
            get=lib.ggml_backend_dev_get,
            name=lib.ggml_backend_dev_name,
            kind=lib.ggml_backend_dev_type,
            memory=lib.ggml_backend_dev_memory,
            backend_reg=lib.ggml_backend_dev_backend_reg,
            reg_name=lib.ggml_backend_reg_name,
            description=lib.ggml_backend_dev_description,
        )
    except AttributeError:  # a llama.cpp older than the device API
        return None
    pointer, size_p = ctypes.c_void_p, ctypes.POINTER(ctypes.c_size_t)
    binding.count.restype, binding.count.argtypes = ctypes.c_size_t, []
    binding.get.restype, binding.get.argtypes = pointer, [ctypes.c_size_t]
    binding.name.restype, binding.name.argtypes = ctypes.c_char_p, [pointer]
    binding.kind.restype, binding.kind.argtypes = ctypes.c_int, [pointer]
    binding.memory.restype, binding.memory.argtypes = None, [pointer, size_p, size_p]
    binding.backend_reg.restype, binding.backend_reg.argtypes = pointer, [pointer]
    binding.reg_name.restype, binding.reg_name.argtypes = ctypes.c_char_p, [pointer]
    binding.description.restype, binding.description.argtypes = ctypes.c_char_p, [pointer]
    return binding


def _text(raw: bytes | None, fallback: str) -> str:
    return raw.decode("utf-8", errors="replace") if raw else fallback


@dataclass(frozen=True)
class _Device:
    handle: int
    name: str
    kind: int
    backend: str
    description: str


def _devices() -> list[_Device]:
    llama_cpp.llama_backend_init()
    bindings = _bindings()
    if bindings is None:
        return []
    devices: list[_Device] = []
    for index in range(int(bindings.count())):
        handle = bindings.get(index)
        if not handle:
            continue
        reg = bindings.backend_reg(handle)
        devices.append(
            _Device(
                handle=handle,
                name=_text(bindings.name(handle), f"GPU{index}"),
                kind=int(bindings.kind(handle)),
                backend=_text(bindings.reg_name(reg), "") if reg else "",
                description=_text(bindings.description(handle), ""),
            )
        )
    return devices


def _offload_targets(devices: list[_Device]) -> list[_Device]:
    """The devices llama.cpp offloads layers to (llama.cpp's `llama_model_load_from_file`):
    every discrete GPU, and integrated GPUs only when there is no discrete one."""
    local = [d for d in devices if d.backend not in _REMOTE_BACKENDS]
    discrete = [d for d in local if d.kind == _GPU]
    return discrete or [d for d in local if d.kind == _IGPU]


@functools.cache
def gpu_devices() -> tuple[str, ...]:
    """Names of the GPU devices llama.cpp can offload to, e.g. ("CUDA0",). Empty on CPU builds."""
    return tuple(d.name for d in _offload_targets(_devices()))


def gpu_memory() -> tuple[DeviceMemory, ...]:
    """Free and total memory of each device llama.cpp would offload to, now. Empty without a GPU
    backend. A device that reports no memory at all is given the system's, as llama.cpp does."""
    bindings = _bindings()
    targets = _offload_targets(_devices())
    if bindings is None or not targets:
        return ()
    result: list[DeviceMemory] = []
    for device in targets:
        free, total = ctypes.c_size_t(0), ctypes.c_size_t(0)
        bindings.memory(device.handle, ctypes.byref(free), ctypes.byref(total))
        free_bytes, total_bytes = int(free.value), int(total.value)
        unified = device.kind == _IGPU or device.backend in _UNIFIED_MEMORY_BACKENDS
        if free_bytes == 0 and total_bytes == 0:
            host = psutil.virtual_memory()
            free_bytes, total_bytes, unified = int(host.available), int(host.total), True
        result.append(
            DeviceMemory(device.name, free_bytes, total_bytes, unified, device.description)
        )
    return tuple(result)


def supports_gpu_offload() -> bool:
    return bool(llama_cpp.llama_supports_gpu_offload()) and bool(gpu_devices())


def backend_label(n_gpu_layers: int) -> str:
    """What the status bar shows: the GPU family when layers are offloaded, else CPU."""
    devices = gpu_devices()
    if n_gpu_layers == 0 or not devices:
        return "CPU"
    family = re.sub(r"\d+$", "", devices[0]) or devices[0]
    return "Metal" if family == "MTL" else family
