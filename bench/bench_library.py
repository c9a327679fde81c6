"""Model and adapter library figures: import hashing speed, model load time, and adapter
attach / detach time against a full model reload.

    python bench/bench_library.py [--hash-mb 512] [--repeat 5] [MODEL.gguf]

The model defaults to the starter model; the adapters are written for it by
tests/fixtures/make_lora.py. Every measurement is repeated and printed as a median with its
spread; the adapter figures are also printed as ratios to the reload measured in the same run
(this machine is noisy: compare ratios, not absolute times). Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.engine.llama_engine import LlamaEngine
from app.engine.types import LoadOptions
from app.library.hashing import sha256_file
from bench._common import STARTER_MODEL
from tests.fixtures.make_lora import write_lora

OPTIONS = LoadOptions(n_ctx=2048, n_gpu_layers=0)


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def describe(label: str, times: list[float], unit: float = 1000.0, suffix: str = "ms") -> float:
    median = statistics.median(times)
    print(
        f"{label:<44} median {median * unit:9.2f} {suffix}   "
        f"min {min(times) * unit:9.2f}   max {max(times) * unit:9.2f}   (n={len(times)})"
    )
    return median


def bench_hashing(folder: Path, megabytes: int, repeat: int) -> None:
    data = folder / "hash-me.bin"
    block = os.urandom(1 << 20)
    with data.open("wb") as out:
        for _ in range(megabytes):
            out.write(block)
    size_mb = data.stat().st_size / 1e6
    sha256_file(data)  # first pass warms the page cache: what follows measures hashing alone
    times = timed(lambda: sha256_file(data), repeat)
    median = statistics.median(times)
    print(
        f"{'import hashing (sha256, page-cached)':<44} {size_mb / median:9.0f} MB/s   "
        f"({size_mb:.0f} MB in {median:.2f} s, best {size_mb / min(times):.0f} MB/s)"
    )


def bench_engine(model: Path, folder: Path, repeat: int) -> None:
    lora_a = write_lora(folder / "a.gguf", model, seed=1)
    lora_b = write_lora(folder / "b.gguf", model, seed=2)
    engine = LlamaEngine()
    try:
        engine.load(str(model), options=OPTIONS)  # warm the file cache and llama.cpp's init

        def reload() -> None:
            engine.unload()
            engine.load(str(model), options=OPTIONS)

        reload_s = describe("model reload (unload + load)", timed(reload, repeat))
        load_s = describe(
            "model load (as the engine reports it)",
            [engine.load(str(model), options=OPTIONS).load_s for _ in range(repeat)],
        )

        def attach_detach_first() -> None:
            engine.set_adapters([(str(lora_a), 1.0)])
            engine.set_adapters([])

        def attach() -> None:
            engine.set_adapters([(str(lora_a), 1.0)])

        def rescale() -> None:
            engine.set_adapters([(str(lora_a), 0.5)])
            engine.set_adapters([(str(lora_a), 1.0)])

        def switch() -> None:
            engine.set_adapters([(str(lora_b), 1.0)])
            engine.set_adapters([(str(lora_a), 1.0)])

        cold = describe("adapter attach from file + detach", timed(attach_detach_first, repeat))
        attach()
        scale = describe("adapter rescale (x2, per change)", timed(rescale, repeat)) / 2
        swap = describe("adapter switch A->B (x2, per switch)", timed(switch, repeat)) / 2
        engine.set_adapters([])
        print()
        print(f"reload / (attach+detach from file)   {reload_s / cold:8.1f}x")
        print(f"reload / rescale                     {reload_s / scale:8.1f}x")
        print(f"reload / switch (loads a new file)   {reload_s / swap:8.1f}x")
        print(f"load_s reported by the engine        {load_s * 1000:8.1f} ms")
    finally:
        engine.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("model", nargs="?", type=Path, default=STARTER_MODEL)
    parser.add_argument("--hash-mb", type=int, default=512)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hearth-bench-") as tmp:
        folder = Path(tmp)
        bench_hashing(folder, args.hash_mb, args.repeat)
        print(f"\nmodel: {args.model.name} ({args.model.stat().st_size / 1e6:.0f} MB)")
        bench_engine(args.model, folder, args.repeat)


if __name__ == "__main__":
    main()
