"""How good is the first-run screen's speed estimate? Measure memory and llama.cpp's decode.

The estimate (app/library/speed_estimate.py) is: the memory throughput the probe measures
(`measure_memory_throughput`, a multi-threaded copy) x `DECODE_EFFICIENCY` / the model's size.
This script measures, on this machine:

- the probe's throughput (median of several runs of the probe, each the best of its tries);
- llama.cpp's decode speed on the starter model as shipped (Q4_1, 98 MB) and re-encoded as F16
  and F32 (about 270 and 540 MB: the same network, more bytes to read per token, so decoding is
  bound by memory rather than by arithmetic or per-token overhead);
- for each, the bytes llama.cpp reads per second (file size x tokens/s), its share of the
  probe's throughput (what DECODE_EFFICIENCY stands for), and the estimate beside the
  measurement.

    python bench/first_run_speed.py [--tokens 64] [--repeats 3] [--threads N]

It prints figures and asserts nothing. On a shared machine run it under
`flock /tmp/hearth-heavy.lock` and more than once.
"""

from __future__ import annotations

import argparse
import ctypes
import statistics
import sys
import tempfile
import time
from pathlib import Path

import llama_cpp
import psutil
from _common import REPO_ROOT, STARTER_MODEL, emit

sys.path.insert(0, str(REPO_ROOT))

from app.library.machine import Machine
from app.library.speed_estimate import (
    DECODE_EFFICIENCY,
    estimate_speed,
    measure_memory_throughput,
)

PROMPT = "Write a long story about a lighthouse keeper who finds a message in a bottle."


def reencode(source: Path, target: Path, ftype: int) -> Path:
    """The same model with its weights stored as F16 or F32 (llama.cpp's quantize tool)."""
    if target.is_file():
        return target
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = ftype
    params.allow_requantize = True
    status = llama_cpp.llama_model_quantize(
        str(source).encode(), str(target).encode(), ctypes.byref(params)
    )
    if status != 0:
        raise SystemExit(f"re-encoding {source.name} failed ({status})")
    return target


def decode_tokens_per_s(model: Path, threads: int, tokens: int, repeats: int) -> float:
    """Median decode rate over `repeats` generations of `tokens` tokens (after a warm-up)."""
    llama = llama_cpp.Llama(
        model_path=str(model),
        n_ctx=1024,
        n_threads=threads,
        n_threads_batch=threads,
        n_gpu_layers=0,
        seed=1,
        verbose=False,
    )
    prompt = llama.tokenize(PROMPT.encode(), add_bos=True)
    rates = []
    for attempt in range(repeats + 1):
        llama.reset()
        stamps = []
        for _token in llama.generate(prompt, temp=0.0):
            stamps.append(time.perf_counter())
            if len(stamps) >= tokens:
                break
        if attempt:  # the first pass pages the weights in
            rates.append((len(stamps) - 1) / (stamps[-1] - stamps[0]))
    del llama
    return statistics.median(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=psutil.cpu_count(logical=False) or 1)
    args = parser.parse_args()
    threads = args.threads
    probes = [measure_memory_throughput(threads=min(8, threads)) for _ in range(5)]
    probe = statistics.median(probes)
    print(
        f"threads {threads}; probe {probe / 1e9:.2f} GB/s (runs: "
        + ", ".join(f"{p / 1e9:.2f}" for p in probes)
        + ")"
    )
    machine = Machine.current((), "CPU")
    figures = []
    with tempfile.TemporaryDirectory() as scratch:
        models = [
            ("Q4_1", STARTER_MODEL),
            ("F16", reencode(STARTER_MODEL, Path(scratch) / "starter-f16.gguf", 1)),
            ("F32", reencode(STARTER_MODEL, Path(scratch) / "starter-f32.gguf", 0)),
        ]
        for label, path in models:
            size = path.stat().st_size
            measured = decode_tokens_per_s(path, threads, args.tokens, args.repeats)
            estimated = estimate_speed(size, machine, probe).tokens_per_s
            share = measured * size / probe
            figures.append(
                {
                    "model": label,
                    "size_mb": round(size / 1e6, 1),
                    "decode_tokens_per_s": round(measured, 2),
                    "read_gb_per_s": round(measured * size / 1e9, 2),
                    "share_of_probe": round(share, 3),
                    "estimated_tokens_per_s": round(estimated, 2),
                }
            )
            print(
                f"{label:5} {size / 1e6:7.1f} MB  decode {measured:7.2f} tok/s  reads "
                f"{measured * size / 1e9:5.2f} GB/s = {share:.2f} x probe  "
                f"(estimate with DECODE_EFFICIENCY {DECODE_EFFICIENCY}: {estimated:.2f} tok/s)"
            )
    emit({"probe_gb_per_s": round(probe / 1e9, 2), "threads": threads, "models": figures})


if __name__ == "__main__":
    main()
