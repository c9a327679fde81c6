"""GPU layers "auto" and the retry with fewer layers, on the real starter model.

This machine has no GPU, so "auto" must resolve to 0 layers. The retry path is exercised by
reporting a GPU (the device list, as `backends.gpu_memory` would on a CUDA machine) and making
every construction with layers on that GPU fail the way llama.cpp does when video memory runs
out: its log says "unable to allocate CUDA0 buffer" and llama-cpp-python raises
"Failed to load model from file". The final load (0 layers) is real llama.cpp.
"""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path
from typing import Any

import llama_cpp
import pytest

from app.engine import backends, llama_engine
from app.engine.errors import ModelLoadError
from app.engine.gpu_offload import LLAMA_CPP_LOGGER
from app.engine.llama_engine import LlamaEngine
from app.engine.types import ChatTurn, LoadOptions, SamplingParams
from app.library.fit import DeviceMemory, ModelShape, layers_that_fit
from app.library.gguf_header import read_gguf_header
from tests.unit.test_gguf_header import write_tiny_model

FAKE_GPU = (DeviceMemory("CUDA0", 8 * 1024**3, 8 * 1024**3),)
REAL_LLAMA = llama_cpp.Llama


def test_auto_uses_the_layers_that_fit_and_none_without_a_gpu(starter_model: Path) -> None:
    devices = backends.gpu_memory()
    shape = ModelShape.from_header(read_gguf_header(starter_model))
    expected = layers_that_fit(shape, n_ctx=1024, devices=devices)
    if not devices:  # this build and machine: CPU only
        assert expected == 0
    engine = LlamaEngine()
    try:
        loaded = engine.load(str(starter_model), options=LoadOptions(n_ctx=1024))
        assert (loaded.n_gpu_layers, loaded.gpu_layers_total) == (expected, 31)
        assert loaded.backend == ("CPU" if expected == 0 else backends.backend_label(expected))
        assert (loaded.offload_note is None) == (not devices or expected == 31)
    finally:
        engine.close()


def _out_of_vram_on_gpu_layers(attempts: list[int]) -> Any:
    def construct(*args: Any, **kwargs: Any) -> llama_cpp.Llama:
        layers = int(kwargs["n_gpu_layers"])
        attempts.append(layers)
        if layers > 0:
            log = logging.getLogger(LLAMA_CPP_LOGGER)
            log.error(
                "ggml_backend_cuda_buffer_type_alloc_buffer: allocating 92.10 MiB on device 0: "
                "cudaMalloc failed: out of memory"
            )
            log.error("llama_model_load: error loading model: unable to allocate CUDA0 buffer")
            raise ValueError(f"Failed to load model from file: {kwargs['model_path']}")
        return REAL_LLAMA(*args, **kwargs)

    return construct


def test_out_of_video_memory_retries_with_fewer_layers_then_cpu(
    starter_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[int] = []
    monkeypatch.setattr(llama_engine, "gpu_memory", lambda: FAKE_GPU)
    monkeypatch.setattr(llama_cpp, "Llama", _out_of_vram_on_gpu_layers(attempts))
    engine = LlamaEngine()
    try:
        loaded = engine.load(str(starter_model), options=LoadOptions(n_ctx=1024))
        assert attempts == [31, 15, 7, 0]
        assert (loaded.n_gpu_layers, loaded.backend) == (0, "CPU")
        assert loaded.offload_note == (
            "Loading with 31 of 31 layers on CUDA0 failed (out of video memory); "
            "loaded on the CPU only instead."
        )
        # The model that finally loaded is real: it answers.
        result = engine.generate(
            [ChatTurn("user", "Say hello.")],
            SamplingParams(max_tokens=8, temperature=0.0),
            on_text=lambda _text: None,
            stop=threading.Event(),
        )
        assert result.stats.completion_tokens > 0
    finally:
        engine.close()


def test_a_file_llama_cpp_refuses_fails_after_the_retries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A header-valid file llama.cpp cannot load (no hyperparameters) is not an out-of-memory
    case: every attempt fails for real and the last (CPU) failure is reported."""
    monkeypatch.setattr(llama_engine, "gpu_memory", lambda: FAKE_GPU)
    odd = write_tiny_model(tmp_path / "odd.gguf")
    with pytest.raises(ModelLoadError, match=r"llama\.cpp could not load odd\.gguf"):
        LlamaEngine().load(str(odd), options=LoadOptions(n_ctx=256, n_gpu_layers=-1))


def _buffer_sizes(records: list[str]) -> dict[str, float]:
    sizes: dict[str, float] = {}
    for line in records:
        for kind in ("model", "KV", "compute"):
            match = re.search(rf"CPU(?:_Mapped)?\s+{kind} buffer size =\s+([\d.]+) MiB", line)
            if match:
                sizes[kind] = float(match.group(1))
    return sizes


# parallel: replies decoded together, each with a context cache of n_ctx cells.
@pytest.mark.parametrize(("n_ctx", "parallel"), [(1024, 1), (4096, 1), (8192, 1), (1024, 4)])
def test_estimate_covers_what_llama_cpp_allocates(
    starter_model: Path, n_ctx: int, parallel: int, caplog: pytest.LogCaptureFixture
) -> None:
    shape = ModelShape.from_header(read_gguf_header(starter_model))
    engine = LlamaEngine()
    try:
        with caplog.at_level(logging.INFO, logger=LLAMA_CPP_LOGGER):
            options = LoadOptions(n_ctx=n_ctx, n_gpu_layers=0, n_parallel=parallel)
            engine.load(str(starter_model), options=options)
    finally:
        engine.close()
    real = _buffer_sizes([r.getMessage() for r in caplog.records])
    mib = 1024**2
    assert real["model"] == pytest.approx(shape.weights_bytes / mib, abs=0.01)
    assert real["KV"] == pytest.approx(parallel * shape.kv_cache_bytes(n_ctx) / mib, abs=0.01)
    estimate = shape.compute_bytes(n_ctx, 512) / mib
    assert real["compute"] <= estimate <= 1.5 * real["compute"]
