"""Memory estimates and the GPU-layer choice, from real headers (the starter model and small
files written by llama.cpp's `gguf` writer) and device memory given as plain values."""

from __future__ import annotations

from pathlib import Path

import gguf
import numpy as np
import pytest

from app.engine.errors import ModelLoadError
from app.engine.gpu_offload import looks_out_of_memory, offload_note, plan_offload
from app.engine.memory import check_fits_in_memory
from app.library.fit import (
    VRAM_RESERVE_BYTES,
    DeviceMemory,
    ModelShape,
    SystemMemory,
    assess_fit,
    layers_that_fit,
)
from app.library.gguf_header import read_gguf_header

MIB = 1024**2
GIB = 1024**3
PLENTY = SystemMemory(available_bytes=64 * GIB, total_bytes=64 * GIB)


def write_blocks_model(
    path: Path, *, blocks: int = 4, tied: bool = False, n_embd: int = 64, head_kv: int = 2
) -> Path:
    """A small llama-shaped GGUF: `blocks` repeating blocks of f32 weights, 4 heads."""
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_block_count(blocks)
    writer.add_embedding_length(n_embd)
    writer.add_head_count(4)
    writer.add_head_count_kv(head_kv)
    writer.add_context_length(4096)
    writer.add_token_list([f"t{i}" for i in range(100)])
    writer.add_tensor("token_embd.weight", np.zeros((100, n_embd), dtype=np.float32))
    for block in range(blocks):
        writer.add_tensor(f"blk.{block}.attn_q.weight", np.zeros((n_embd, n_embd), np.float32))
        writer.add_tensor(f"blk.{block}.ffn_up.weight", np.zeros((n_embd, n_embd), np.float32))
    writer.add_tensor("output_norm.weight", np.ones(n_embd, dtype=np.float32))
    if not tied:
        writer.add_tensor("output.weight", np.zeros((100, n_embd), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def test_starter_model_weights_and_kv_cache_match_llama_cpp(starter_model: Path) -> None:
    shape = ModelShape.from_header(read_gguf_header(starter_model))
    # llama.cpp itself logs for this file: "CPU_Mapped model buffer size = 92.10 MiB",
    # "CPU KV buffer size = 45.00 MiB" at n_ctx 2048 (and 180.00 MiB at 8192).
    assert shape.block_count == 30 and shape.offloadable_layers == 31
    assert round(shape.weights_bytes / MIB, 2) == 92.10
    assert shape.kv_cache_bytes(2048) == 45 * MIB
    assert shape.kv_cache_bytes(8192) == 180 * MIB
    assert shape.tied_output_bytes > 0  # SmolLM2 ties its output to the token embeddings


def test_split_places_output_first_then_the_last_blocks(tmp_path: Path) -> None:
    shape = ModelShape.from_header(read_gguf_header(write_blocks_model(tmp_path / "m.gguf")))
    block = 2 * 64 * 64 * 4
    assert shape.block_bytes == (block,) * 4
    output = 64 * 4 + 100 * 64 * 4
    assert shape.output_bytes == output and shape.tied_output_bytes == 0
    kv_per_block = 1000 * (16 + 16) * 2 * 2  # n_ctx * (k + v head dim) * kv heads * f16
    none = shape.split(n_ctx=1000, n_batch=512, gpu_layers=0)
    assert none.vram_bytes == 0
    assert none.ram_bytes == shape.weights_bytes + 4 * kv_per_block + none.compute_bytes
    one = shape.split(n_ctx=1000, n_batch=512, gpu_layers=1)  # the output layer only
    assert one.vram_bytes == output + one.compute_bytes
    three = shape.split(n_ctx=1000, n_batch=512, gpu_layers=3)
    assert three.vram_bytes == output + 2 * (block + kv_per_block) + three.compute_bytes
    everything = shape.split(n_ctx=1000, n_batch=512, gpu_layers=-1)
    assert everything.gpu_layers == 5
    assert everything == shape.split(n_ctx=1000, n_batch=512, gpu_layers=99)
    assert everything.ram_bytes < 100 * 64 * 4 + MIB  # the embeddings and a small buffer


def test_tied_output_puts_a_copy_of_the_embeddings_on_the_gpu(tmp_path: Path) -> None:
    tied = ModelShape.from_header(
        read_gguf_header(write_blocks_model(tmp_path / "t.gguf", tied=True))
    )
    assert tied.tied_output_bytes == 100 * 64 * 4
    split = tied.split(n_ctx=512, n_batch=512, gpu_layers=1)
    assert split.vram_bytes == 64 * 4 + 100 * 64 * 4 + split.compute_bytes


def test_layers_that_fit_is_the_largest_count_within_free_memory(tmp_path: Path) -> None:
    header = read_gguf_header(write_blocks_model(tmp_path / "m.gguf", blocks=8))
    shape = ModelShape.from_header(header)
    assert layers_that_fit(shape, n_ctx=2048, devices=[]) == 0
    roomy = [DeviceMemory("CUDA0", 8 * GIB, 8 * GIB)]
    assert layers_that_fit(header, n_ctx=2048, devices=roomy) == 9
    for layers in range(1, 10):
        need = shape.split(n_ctx=2048, n_batch=512, gpu_layers=layers).vram_bytes
        exact = [DeviceMemory("CUDA0", need + VRAM_RESERVE_BYTES, 8 * GIB)]
        assert layers_that_fit(shape, n_ctx=2048, devices=exact) == layers
        short = [DeviceMemory("CUDA0", need + VRAM_RESERVE_BYTES - 1, 8 * GIB)]
        assert layers_that_fit(shape, n_ctx=2048, devices=short) == layers - 1
    assert layers_that_fit(shape, n_ctx=2048, devices=[DeviceMemory("CUDA0", 100 * MIB, GIB)]) == 0


def test_two_gpus_pool_their_memory_but_each_needs_a_work_buffer(tmp_path: Path) -> None:
    path = write_blocks_model(tmp_path / "m.gguf", blocks=8, n_embd=256)
    shape = ModelShape.from_header(read_gguf_header(path))
    need_all = shape.split(n_ctx=256, n_batch=512, gpu_layers=-1).vram_bytes
    half = need_all // 2 + VRAM_RESERVE_BYTES
    two = [DeviceMemory("CUDA0", half, 4 * GIB), DeviceMemory("CUDA1", half, 4 * GIB)]
    # Together they hold the layers, but the second device's work buffer is not free.
    assert 0 < layers_that_fit(shape, n_ctx=256, devices=two) < shape.offloadable_layers
    extra = shape.compute_bytes(256, 512) // 2 + 1
    two_more = [DeviceMemory(d.name, d.free_bytes + extra, d.total_bytes) for d in two]
    assert layers_that_fit(shape, n_ctx=256, devices=two_more) == shape.offloadable_layers


def test_verdicts(starter_model: Path) -> None:
    header = read_gguf_header(starter_model)
    cpu = assess_fit(header, n_ctx=4096, system=PLENTY)
    assert (cpu.verdict, cpu.suggested_gpu_layers, cpu.total_layers) == ("fits", 0, 31)
    assert cpu.needed_bytes > header.file_size
    assert "Runs on the CPU" in cpu.explanation and "4,096 tokens" in cpu.explanation

    busy = SystemMemory(available_bytes=cpu.needed_bytes, total_bytes=16 * GIB)
    tight = assess_fit(header, n_ctx=4096, system=busy)
    assert tight.verdict == "tight" and "pushed out of memory" in tight.explanation

    small = SystemMemory(available_bytes=100 * MIB, total_bytes=cpu.needed_bytes - 1)
    wont = assess_fit(header, n_ctx=4096, system=small)
    assert wont.verdict == "won't fit" and "smaller context size" in wont.explanation

    # The context is capped at what the model was trained for (8192), as the engine does.
    capped = assess_fit(header, n_ctx=1_000_000, system=PLENTY)
    assert capped.needed_bytes == assess_fit(header, n_ctx=8192, system=PLENTY).needed_bytes


def test_gpu_moves_memory_out_of_ram_unless_it_is_unified(starter_model: Path) -> None:
    header = read_gguf_header(starter_model)
    cpu_need = assess_fit(header, n_ctx=4096, system=PLENTY).needed_bytes
    ram = SystemMemory(available_bytes=int(cpu_need * 0.5), total_bytes=16 * GIB)
    gpu = [DeviceMemory("CUDA0", 8 * GIB, 8 * GIB)]
    on_gpu = assess_fit(header, n_ctx=4096, system=ram, devices=gpu)
    assert on_gpu.verdict == "fits" and on_gpu.suggested_gpu_layers == 31
    assert "31 of 31 layers on CUDA0" in on_gpu.explanation
    metal = [DeviceMemory("MTL0", 8 * GIB, 8 * GIB, unified=True)]
    assert assess_fit(header, n_ctx=4096, system=ram, devices=metal).verdict == "tight"
    too_many = assess_fit(
        header, n_ctx=4096, system=PLENTY, devices=[DeviceMemory("CUDA0", 0, GIB)], gpu_layers=-1
    )
    assert too_many.verdict == "tight" and "retry with fewer" in too_many.explanation


def test_refusal_counts_the_context_cache(starter_model: Path) -> None:
    header = read_gguf_header(starter_model)
    shape = ModelShape.from_header(header)
    at_8k = shape.split(n_ctx=8192, n_batch=512, gpu_layers=0).ram_bytes
    # Enough for the weights (the old check) but not for the 8k context on top.
    check_fits_in_memory(header, n_gpu_layers=0, total_memory=at_8k)
    with pytest.raises(ModelLoadError, match=r"context size of 8,192 tokens.*smaller context"):
        check_fits_in_memory(header, n_gpu_layers=0, total_memory=at_8k - 1, n_ctx=8192)
    check_fits_in_memory(header, n_gpu_layers=0, total_memory=at_8k, n_ctx=8192)
    # With every layer on a discrete GPU little stays in RAM; on unified memory all of it does.
    check_fits_in_memory(header, n_gpu_layers=-1, total_memory=at_8k // 4, n_ctx=8192)
    with pytest.raises(ModelLoadError):
        check_fits_in_memory(
            header, n_gpu_layers=-1, total_memory=at_8k // 4, n_ctx=8192, unified_memory=True
        )


def test_offload_plan_attempts_and_notes(starter_model: Path) -> None:
    shape = ModelShape.from_header(read_gguf_header(starter_model))
    gpu = (DeviceMemory("CUDA0", 8 * GIB, 8 * GIB),)
    args = {"n_ctx": 4096, "n_batch": 512}
    assert plan_offload(shape, setting="auto", devices=(), **args).attempts() == [0]
    assert plan_offload(shape, setting=20, devices=(), **args).layers == 0  # no GPU: CPU only
    auto = plan_offload(shape, setting="auto", devices=gpu, **args)
    assert (auto.layers, auto.total_layers, auto.auto_limited) == (31, 31, False)
    assert auto.attempts() == [31, 15, 7, 0]
    assert plan_offload(shape, setting=-1, devices=gpu, **args).layers == 31
    assert plan_offload(shape, setting=500, devices=gpu, **args).layers == 31
    assert plan_offload(shape, setting=2, devices=gpu, **args).attempts() == [2, 1, 0]
    assert offload_note(auto, 31, []) is None
    assert offload_note(plan_offload(shape, setting="auto", devices=(), **args), 0, []) is None
    note = offload_note(auto, 15, [(31, "out of video memory")])
    assert note == (
        "Loading with 31 of 31 layers on CUDA0 failed (out of video memory); "
        "loaded with 15 of 31 layers on CUDA0 instead."
    )
    small = (DeviceMemory("CUDA0", 250 * MIB + VRAM_RESERVE_BYTES, GIB),)
    limited = plan_offload(shape, setting="auto", devices=small, **args)
    assert limited.auto_limited and 0 < limited.layers < 31
    assert "not enough free video memory" in (offload_note(limited, limited.layers, []) or "")


def test_out_of_memory_is_recognised_in_llama_cpp_log_lines() -> None:
    assert looks_out_of_memory(
        [
            "ggml_backend_cuda_buffer_type_alloc_buffer: allocating 4096.00 MiB on device 0: "
            "cudaMalloc failed: out of memory",
            "llama_model_load: error loading model: unable to allocate CUDA0 buffer",
        ]
    )
    assert looks_out_of_memory(["llama_init_from_model: failed to allocate buffer for kv cache"])
    assert not looks_out_of_memory(["llama_model_load: error loading model: unknown architecture"])


def test_rough_fit_from_the_download_size() -> None:
    from app.library.fit import SystemMemory, rough_fit

    gib = 1024**3
    system = SystemMemory(available_bytes=8 * gib, total_bytes=16 * gib)
    assert rough_fit(2 * gib, system=system).verdict == "fits"
    assert rough_fit(9 * gib, system=system).verdict == "tight"
    assert rough_fit(15 * gib, system=system).verdict == "won't fit"
    assert "download size" in rough_fit(2 * gib, system=system).explanation
