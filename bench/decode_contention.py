"""Decode speed while another program keeps one CPU core busy (a user's browser, a training run).

    python bench/decode_contention.py [--reps 3] [--tokens 64]

Each configuration runs in its own process (OpenMP reads its settings once, at load), with one
busy-looping process started beside it, interleaved over `--reps` rounds; medians are printed.
Configurations: 2 threads with llama.cpp's default OpenMP spinning, GOMP_SPINCOUNT=1000,
OMP_WAIT_POLICY=PASSIVE, and 1 thread (Hearth's default on machines with up to 4 cores, see
app/engine/cpu_threads.py). `--quiet` runs the same without the busy process. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / ".cache" / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf"
CONFIGS = {
    "2 threads, default spin": ({"GOMP_SPINCOUNT": ""}, 2),
    "2 threads, GOMP_SPINCOUNT=1000": ({"GOMP_SPINCOUNT": "1000"}, 2),
    "2 threads, OMP_WAIT_POLICY=PASSIVE": ({"GOMP_SPINCOUNT": "", "OMP_WAIT_POLICY": "PASSIVE"}, 2),
    "1 thread": ({"GOMP_SPINCOUNT": ""}, 1),
}
CHILD = """
import json, sys, threading
from app.engine.llama_engine import LlamaEngine
from app.engine.types import ChatTurn, LoadOptions, SamplingParams
engine = LlamaEngine()
options = LoadOptions(n_ctx=1024, n_threads=int(sys.argv[2]), n_gpu_layers=0)
engine.load(sys.argv[1], options=options)
result = engine.generate(
    (ChatTurn("user", "Write a long story about a lighthouse keeper."),),
    SamplingParams(max_tokens=int(sys.argv[3]), seed=1, temperature=0.0),
    on_text=lambda _t: None, stop=threading.Event())
print(json.dumps({"tok_s": result.stats.decode_tokens_per_s}))
engine.close()
"""


def run(env_changes: dict[str, str], threads: int, tokens: int) -> float:
    env = dict(os.environ)
    for key, value in env_changes.items():
        if value:
            env[key] = value
        else:
            env.pop(key, None)
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(MODEL), str(threads), str(tokens)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(json.loads(out.stdout.strip().splitlines()[-1])["tok_s"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--quiet", action="store_true", help="no busy process: the baseline")
    args = parser.parse_args()
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass" if not args.quiet else ""])
    results: dict[str, list[float]] = {name: [] for name in CONFIGS}
    try:
        for _ in range(args.reps):
            for name, (env, threads) in CONFIGS.items():
                results[name].append(run(env, threads, args.tokens))
    finally:
        hog.kill()
    what = "no other load" if args.quiet else "one core kept busy by another process"
    print(f"decode tok/s with {what} ({os.cpu_count()} CPUs)")
    for name, values in results.items():
        spread = ", ".join(f"{v:.1f}" for v in values)
        print(f"  {name:<36} median {statistics.median(values):7.1f}   ({spread})")


if __name__ == "__main__":
    main()
