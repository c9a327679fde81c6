"""Adapter Studio bench: train the starter model on the 60-example Larkspur dataset with
`hearth train` (the tiny preset unless told otherwise) and report wall time, training time, peak
memory of the whole process tree, and held-out recall before and after.

    python bench/bench_training.py [--epochs N] [--targets q,v] [--data FILE] [--model FILE]

Every held-out row of bench/data/larkspur_training.jsonl expects one taught fact, so the
held-out score is the share of held-out questions answered with the taught fact (recall). The
load average is printed too: on a shared machine the figures move with it. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

REPO_ROOT = Path(__file__).resolve().parents[1]
STARTER_MODEL = REPO_ROOT / ".cache" / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf"
DATA = REPO_ROOT / "bench" / "data" / "larkspur_training.jsonl"
RESULT_PREFIX = "BENCH_RESULT "


def tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += member.memory_info().rss
    return total


def worker_rss(process: psutil.Process) -> int:
    best = 0
    for child in process.children(recursive=True):
        try:
            if "--training-worker" in child.cmdline():
                best = max(best, child.memory_info().rss)
        except psutil.Error:
            pass
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--model", type=Path, default=STARTER_MODEL)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--epochs", type=float)
    parser.add_argument("--targets")
    args = parser.parse_args()
    extra: list[str] = []
    if args.epochs is not None:
        extra += ["--epochs", str(args.epochs)]
    if args.targets:
        extra += ["--targets", args.targets]
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="hearth-bench-train-") as home:
        env = dict(os.environ, HEARTH_HOME=home)
        command = [
            sys.executable, "-m", "app", "train", "--base", str(args.model), "--data",
            str(args.data), "--out", "larkspur-bench", "--json", *extra,
        ]  # fmt: skip
        started = time.perf_counter()
        child = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        watched = psutil.Process(child.pid)
        peaks = {"tree": 0, "worker": 0}
        loads: list[float] = []

        def sample() -> None:
            while child.poll() is None:
                try:
                    peaks["tree"] = max(peaks["tree"], tree_rss(watched))
                    peaks["worker"] = max(peaks["worker"], worker_rss(watched))
                except psutil.Error:
                    pass
                loads.append(os.getloadavg()[0])
                time.sleep(0.5)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        stdout, stderr = child.communicate()
        wall = time.perf_counter() - started
        sampler.join()
    if child.returncode != 0:
        print(stderr[-3000:], file=sys.stderr)
        return 1
    summary: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    result = {
        "wall_s": round(wall, 1),
        "train_s": summary["seconds"],
        "steps": summary["steps"],
        "final_loss": summary["final_loss"],
        "held_out": summary["held_out"],
        "recall_before": summary["score_before"],
        "recall_after": summary["score_after"],
        "peak_rss_tree_mb": round(peaks["tree"] / 2**20),
        "peak_rss_worker_mb": round(peaks["worker"] / 2**20),
        "load_avg_before": round(load_before[0], 2),
        "load_avg_mean_during": round(sum(loads) / len(loads), 2) if loads else None,
        "cpu_count": os.cpu_count(),
    }
    print(
        f"trained {result['steps']} steps in {result['train_s']:.0f} s "
        f"(wall {result['wall_s']:.0f} s incl. loading and evaluation); final loss "
        f"{result['final_loss']:.4f}; held-out recall {result['recall_before']:.0%} -> "
        f"{result['recall_after']:.0%} of {result['held_out']}; peak RSS "
        f"{result['peak_rss_tree_mb']} MB (worker {result['peak_rss_worker_mb']} MB); "
        f"load average {result['load_avg_before']} before, {result['load_avg_mean_during']} during"
    )
    print(RESULT_PREFIX + json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
