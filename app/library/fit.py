"""Will this model fit? A RAM and VRAM estimate from the GGUF header, before llama.cpp tries.

The estimate follows how llama.cpp places a model (llama-model.cpp, `load_tensors`):

- `n_gpu_layers = k` offloads the output layer and the last `k - 1` repeating blocks, so there
  are `block_count + 1` offloadable layers; the token embeddings always stay in system RAM.
  When the model ties its output to the token embeddings, the output device gets a copy of them.
- The KV cache (f16 keys and values for every context position) lives with its layer.
- Each device that computes needs a work ("compute") buffer; without flash attention (Hearth
  does not enable it) its size is dominated by the logits of one micro-batch and the attention
  scores, which this module over-estimates rather than under-estimates.

Device memory arrives as plain `DeviceMemory` values (the engine asks llama.cpp's ggml device
API for them), so this module stays free of llama.cpp.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

import psutil

from app.library.gguf_header import GgufHeader

Verdict = Literal["fits", "tight", "won't fit"]

_GIB: Final = 1024**3
F16_BYTES: Final = 2
F32_BYTES: Final = 4
DEFAULT_UBATCH: Final = 512  # llama-cpp-python's n_ubatch default
COMPUTE_PEAK_FACTOR: Final = 1.25
# Free VRAM that is never planned for: the driver, other programs drawing to the screen and
# llama.cpp's own small allocations all take some, and running out fails the whole load.
VRAM_RESERVE_BYTES: Final = 384 * 1024**2
# Using more than this share of the RAM that is free now pushes other programs into swap.
RAM_COMFORT_SHARE: Final = 0.9

_BLOCK_TENSOR = re.compile(r"^blk\.(\d+)\.")


@dataclass(frozen=True)
class DeviceMemory:
    """One device llama.cpp can offload layers to, as its backend reports it."""

    name: str  # "CUDA0", "MTL0", "Vulkan0"...
    free_bytes: int
    total_bytes: int
    unified: bool = False  # shares system RAM (Apple silicon, integrated GPUs)
    description: str = ""  # what the backend calls the card, e.g. "NVIDIA GeForce RTX 3060"


@dataclass(frozen=True)
class SystemMemory:
    available_bytes: int
    total_bytes: int

    @classmethod
    def current(cls) -> SystemMemory:
        memory = psutil.virtual_memory()
        return cls(available_bytes=int(memory.available), total_bytes=int(memory.total))


@dataclass(frozen=True)
class MemorySplit:
    """Bytes needed in system RAM and in device memory for one placement of the layers."""

    ram_bytes: int
    vram_bytes: int
    weights_bytes: int
    kv_cache_bytes: int
    compute_bytes: int
    gpu_layers: int

    @property
    def total_bytes(self) -> int:
        return self.ram_bytes + self.vram_bytes


@dataclass(frozen=True)
class ModelShape:
    """The facts of a header that memory depends on."""

    name: str
    block_count: int
    block_bytes: tuple[int, ...]  # weights of each repeating block
    input_bytes: int  # token embeddings and anything else that stays on the CPU
    output_bytes: int  # output norm and projection
    tied_output_bytes: int  # a GPU copy of the token embeddings when the output is tied to them
    kv_bytes_per_token_per_block: int
    n_vocab: int
    n_embd: int
    n_head: int

    @property
    def offloadable_layers(self) -> int:
        """What llama.cpp counts in "offloaded 31/31 layers": the blocks plus the output."""
        return self.block_count + 1

    @property
    def weights_bytes(self) -> int:
        return sum(self.block_bytes) + self.input_bytes + self.output_bytes

    @classmethod
    def from_header(cls, header: GgufHeader) -> ModelShape:
        arch = header.architecture or ""
        meta = header.metadata

        def number(key: str) -> int | None:
            value = meta.get(f"{arch}.{key}")
            return value if isinstance(value, int) and not isinstance(value, bool) else None

        per_block: dict[int, int] = {}
        input_bytes = output_bytes = embeddings_bytes = 0
        has_output_projection = False
        for tensor in header.tensors:
            match = _BLOCK_TENSOR.match(tensor.name)
            if match:
                index = int(match.group(1))
                per_block[index] = per_block.get(index, 0) + tensor.n_bytes
            elif tensor.name.startswith("output"):
                output_bytes += tensor.n_bytes
                has_output_projection |= tensor.name == "output.weight"
            else:
                input_bytes += tensor.n_bytes
                if tensor.name == "token_embd.weight":
                    embeddings_bytes = tensor.n_bytes
        block_count = number("block_count") or (max(per_block) + 1 if per_block else 0)
        n_embd = number("embedding_length") or 0
        # Head counts may be per-layer arrays (stored as array lengths only): then the largest
        # plausible value is unknown, and the query head count stands in for the KV heads.
        n_head = number("attention.head_count") or 0
        n_head_kv = number("attention.head_count_kv") or n_head
        head_dim = n_embd // n_head if n_head else 0
        key_length = number("attention.key_length") or head_dim
        value_length = number("attention.value_length") or head_dim
        return cls(
            name=header.name,
            block_count=block_count,
            block_bytes=tuple(per_block.get(i, 0) for i in range(block_count)),
            input_bytes=input_bytes,
            output_bytes=output_bytes,
            tied_output_bytes=0 if has_output_projection else embeddings_bytes,
            kv_bytes_per_token_per_block=(key_length + value_length) * n_head_kv * F16_BYTES,
            n_vocab=header.vocab_size or 0,
            n_embd=n_embd,
            n_head=n_head,
        )

    def kv_cache_bytes(self, n_ctx: int, blocks: int | None = None) -> int:
        count = self.block_count if blocks is None else blocks
        return n_ctx * self.kv_bytes_per_token_per_block * count

    def compute_bytes(self, n_ctx: int, n_batch: int) -> int:
        """A device's work buffer. ggml reuses memory between graph steps, so the peak is the
        larger of the micro-batch's logits and its attention scores (f32), plus what else is
        alive then (measured on the starter model: 21% above the larger at most)."""
        n_ubatch = max(1, min(n_batch, n_ctx, DEFAULT_UBATCH)) if n_ctx else 0
        largest = F32_BYTES * n_ubatch * max(self.n_vocab, n_ctx * self.n_head)
        return int(largest * COMPUTE_PEAK_FACTOR)

    def split(self, *, n_ctx: int, n_batch: int, gpu_layers: int) -> MemorySplit:
        """Where the bytes go with `gpu_layers` offloaded (-1: all; clamped to the maximum)."""
        layers = self.offloadable_layers if gpu_layers < 0 else gpu_layers
        layers = max(0, min(layers, self.offloadable_layers))
        gpu_blocks = max(0, layers - 1)
        cpu_blocks = self.block_count - gpu_blocks
        kv_total = self.kv_cache_bytes(n_ctx)
        compute = self.compute_bytes(n_ctx, n_batch)
        vram = 0
        if layers:
            vram = (
                sum(self.block_bytes[cpu_blocks:])
                + self.output_bytes
                + self.tied_output_bytes
                + self.kv_cache_bytes(n_ctx, gpu_blocks)
                + compute
            )
        cpu_weights = self.input_bytes + sum(self.block_bytes[:cpu_blocks])
        if not layers:
            cpu_weights += self.output_bytes
        # With every layer offloaded the CPU only embeds the input tokens: a small buffer.
        cpu_compute = compute if layers < self.offloadable_layers else self._host_buffer(n_batch)
        ram = cpu_weights + self.kv_cache_bytes(n_ctx, cpu_blocks) + cpu_compute
        return MemorySplit(
            ram_bytes=ram,
            vram_bytes=vram,
            weights_bytes=self.weights_bytes,
            kv_cache_bytes=kv_total,
            compute_bytes=compute,
            gpu_layers=layers,
        )

    def _host_buffer(self, n_batch: int) -> int:
        return F32_BYTES * max(1, min(n_batch, DEFAULT_UBATCH)) * self.n_embd * 4


def usable_vram(devices: Sequence[DeviceMemory], compute_bytes: int) -> int:
    """Free device memory that layers may use: each device keeps a reserve, and every device
    beyond the first needs its own work buffer (the first one's is in the layer estimate)."""
    usable = sum(max(0, d.free_bytes - VRAM_RESERVE_BYTES) for d in devices)
    return max(0, usable - compute_bytes * max(0, len(devices) - 1))


def layers_that_fit(
    shape: ModelShape | GgufHeader,
    *,
    n_ctx: int,
    devices: Sequence[DeviceMemory],
    n_batch: int = DEFAULT_UBATCH,
) -> int:
    """The most layers (0 .. block_count + 1) whose weights, KV cache and work buffer fit in
    the devices' free memory. 0 without devices."""
    model = shape if isinstance(shape, ModelShape) else ModelShape.from_header(shape)
    if not devices:
        return 0
    budget = usable_vram(devices, model.compute_bytes(n_ctx, n_batch))
    for layers in range(model.offloadable_layers, 0, -1):
        if model.split(n_ctx=n_ctx, n_batch=n_batch, gpu_layers=layers).vram_bytes <= budget:
            return layers
    return 0


@dataclass(frozen=True)
class Fit:
    verdict: Verdict
    needed_bytes: int
    available_bytes: int
    suggested_gpu_layers: int
    total_layers: int
    explanation: str


def gib(n_bytes: int) -> str:
    return f"{n_bytes / _GIB:.1f} GiB"


def format_bytes(n_bytes: int) -> str:
    """ "812 MiB" below a GiB, "4.1 GiB" from there: small models do not read as "0.0 GiB"."""
    if n_bytes < 1024**2:
        return f"{max(1, round(n_bytes / 1024)):,} KiB" if n_bytes else "0 KiB"
    if n_bytes < _GIB:
        return f"{round(n_bytes / 1024**2):,} MiB"
    return gib(n_bytes)


def assess_fit(
    header: GgufHeader,
    *,
    n_ctx: int,
    system: SystemMemory,
    devices: Sequence[DeviceMemory] = (),
    n_batch: int = DEFAULT_UBATCH,
    gpu_layers: int | Literal["auto"] = "auto",
) -> Fit:
    """Fits / tight / won't fit for this model at `n_ctx` tokens (capped at its trained context,
    as the engine does), with the GPU layers "auto" would choose or the ones given."""
    shape = ModelShape.from_header(header)
    if header.context_length:
        n_ctx = min(n_ctx, header.context_length)
    if not devices:
        layers = 0
    elif gpu_layers == "auto":
        layers = layers_that_fit(shape, n_ctx=n_ctx, n_batch=n_batch, devices=devices)
    else:
        layers = gpu_layers
    split = shape.split(n_ctx=n_ctx, n_batch=n_batch, gpu_layers=layers)
    unified = any(d.unified for d in devices)
    discrete_free = sum(d.free_bytes for d in devices if not d.unified)
    vram_budget = usable_vram(devices, split.compute_bytes)
    # On unified memory the "GPU" part comes out of the same RAM.
    ram_need = split.ram_bytes + (split.vram_bytes if unified else 0)
    size = format_bytes
    summary = (
        f"Needs about {size(split.total_bytes)} at {n_ctx:,} tokens of context (weights "
        f"{size(split.weights_bytes)}, context cache {size(split.kv_cache_bytes)}, work "
        f"buffers about {size(split.compute_bytes)})."
    )
    placement = _placement(shape, split, devices, system)
    verdict: Verdict
    if ram_need > system.total_bytes:
        verdict = "won't fit"
        advice = (
            f"It won't fit: this computer has {format_bytes(system.total_bytes)} of memory. "
            "Choose a smaller model, a smaller quantisation or a smaller context size."
        )
    elif ram_need > system.available_bytes * RAM_COMFORT_SHARE:
        verdict = "tight"
        advice = "It is tight: other programs will be pushed out of memory and it may be slow."
    elif split.vram_bytes > vram_budget:
        verdict = "tight"
        advice = "That many layers may not fit in video memory; Hearth will retry with fewer."
    else:
        verdict = "fits"
        advice = "It fits."
    return Fit(
        verdict=verdict,
        needed_bytes=split.total_bytes,
        available_bytes=system.available_bytes + discrete_free,
        suggested_gpu_layers=split.gpu_layers,
        total_layers=shape.offloadable_layers,
        explanation=" ".join((advice, summary, placement)),
    )


def _placement(
    shape: ModelShape, split: MemorySplit, devices: Sequence[DeviceMemory], system: SystemMemory
) -> str:
    ram = f"{format_bytes(split.ram_bytes)} in RAM ({format_bytes(system.available_bytes)} free)"
    if not devices:
        return f"Runs on the CPU: {ram}."
    names = ", ".join(d.name for d in devices)
    free = format_bytes(sum(d.free_bytes for d in devices))
    if split.gpu_layers == 0:
        return f"No layer fits in the free memory of {names} ({free} free): CPU only, {ram}."
    return (
        f"{split.gpu_layers} of {shape.offloadable_layers} layers on {names} "
        f"({format_bytes(split.vram_bytes)} of {free} free), {ram}."
    )


# Before a download there is no header to read: the context cache and work buffers are taken
# as a share of the file size (measured on the starter model at 4k context they add ~0.7x of
# its 98 MB; 7B models at 4k add well under 0.25x). The verdict is marked as an estimate.
ROUGH_OVERHEAD_SHARE: Final = 0.25
ROUGH_OVERHEAD_MIN: Final = 256 * 1024**2


def rough_fit(file_size: int, *, system: SystemMemory, devices: Sequence[DeviceMemory] = ()) -> Fit:
    """Fits / tight / won't fit from a file's size alone (a catalog entry not yet downloaded)."""
    needed = file_size + max(ROUGH_OVERHEAD_MIN, int(file_size * ROUGH_OVERHEAD_SHARE))
    vram = sum(d.free_bytes for d in devices if not d.unified)
    available = system.available_bytes + vram
    verdict: Verdict
    if needed > system.total_bytes + vram:
        verdict = "won't fit"
    elif needed > system.available_bytes * RAM_COMFORT_SHARE + vram:
        verdict = "tight"
    else:
        verdict = "fits"
    return Fit(
        verdict=verdict,
        needed_bytes=needed,
        available_bytes=available,
        suggested_gpu_layers=0,
        total_layers=0,
        explanation=(
            f"Estimated from the download size: about {format_bytes(needed)} needed, "
            f"{format_bytes(available)} free (memory{' and video memory' if vram else ''})."
        ),
    )
