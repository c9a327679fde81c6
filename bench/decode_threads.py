"""Adaptive threads (Automatic) against a bare loop and fixed counts, in one interleaved run.

    PYTHONPATH=. flock /tmp/hearth-heavy.lock python bench/decode_threads.py [--reps 3]

Issue 21's checks. Quiet: Hearth's default (Settings → Threads "Automatic") against the bare
llama-cpp-python loop with 2 threads (goal >= 0.95x). Busy: with one process busy-looping on a
core, Hearth's default against Hearth fixed at 1 and at 2 threads (goal >= 0.9x the better fixed
choice). Each contender is a fresh process (decode_engine.py / decode_bare.py: warm-up, then
the median of 3 generations of `--tokens` tokens); rounds alternate quiet and busy blocks, so
both see the same drift. The CPU other processes used during each quiet run is printed (the
machine is shared). Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import replace
from typing import Any

from _common import (
    BENCH_DIR,
    REPO_ROOT,
    STARTER_MODEL,
    BenchConfig,
    ForeignLoad,
    median,
    offscreen_env,
    parse_result,
)

RUN_LIMIT_S = 60.0
QUIET = (("default", "decode_engine.py", 0), ("bare 2 threads", "decode_bare.py", 2))
BUSY = (
    ("default", "decode_engine.py", 0),
    ("fixed 1", "decode_engine.py", 1),
    ("fixed 2", "decode_engine.py", 2),
)


def measure(script: str, config: BenchConfig) -> dict[str, Any]:
    """One contender in a fresh process; a run that takes longer than RUN_LIMIT_S (2 threads
    against a busy core can collapse below 1 tok/s) is reported as 0 tok/s, timed out."""
    env = offscreen_env()
    env["PYTHONPATH"] = str(REPO_ROOT)
    load = ForeignLoad()
    load.start()
    try:
        completed = subprocess.run(
            [sys.executable, str(BENCH_DIR / script), "--config", config.to_json()],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=RUN_LIMIT_S,
        )
    except subprocess.TimeoutExpired:
        return {"decode_tps": 0.0, "timed_out": True, "foreign_load": load.stop()}
    foreign = load.stop()
    if completed.returncode != 0:
        raise RuntimeError(f"{script} failed:\n{completed.stderr[-2000:]}")
    result = parse_result(completed.stdout)
    result["foreign_load"] = foreign
    return result


def block(
    contenders: tuple[tuple[str, str, int], ...], base: BenchConfig, into: dict[str, list[Any]]
) -> None:
    for name, script, threads in contenders:
        into.setdefault(name, []).append(measure(script, replace(base, n_threads=threads)))


def rates(runs: list[dict[str, Any]]) -> list[float]:
    return [float(r["decode_tps"]) for r in runs]


def show(title: str, results: dict[str, list[dict[str, Any]]]) -> None:
    print(title)
    for name, runs in results.items():
        values = ", ".join(f"{v:.1f}" for v in rates(runs))
        extra = ""
        counted = [r for r in runs if "n_threads" in r]
        if counted:
            chosen = sorted({n for r in counted for n in r["n_threads"]})
            ends = sorted({n for r in counted for n in r["n_threads_end"]})
            extra = f"  threads {chosen} (ended {ends})"
        timed_out = sum(1 for r in runs if r.get("timed_out"))
        if timed_out:
            extra += f"  {timed_out} run(s) timed out after {RUN_LIMIT_S:.0f} s (shown as 0)"
        load = ", ".join(f"{r['foreign_load']:.2f}" for r in runs)
        print(f"  {name:<16} median {median(rates(runs)):6.1f} tok/s  ({values}){extra}")
        print(f"  {'':<16} other processes' share of the CPUs per run: {load}")


def paired(results: dict[str, list[dict[str, Any]]], a: str, b: str) -> float:
    pairs = zip(rates(results[a]), rates(results[b]), strict=True)
    return median([x / y for x, y in pairs if y > 0])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--tokens", type=int, default=128)
    args = parser.parse_args()
    base = BenchConfig(model=str(STARTER_MODEL), n_threads=0, n_tokens=args.tokens)
    # Under load one timed generation of half the tokens per process: 2 fixed threads may
    # crawl there.
    busy_base = replace(base, n_tokens=max(16, args.tokens // 2), measure_repeats=1)
    quiet: dict[str, list[dict[str, Any]]] = {}
    busy: dict[str, list[dict[str, Any]]] = {}
    for _ in range(args.reps):
        block(QUIET, base, quiet)
        hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        try:
            block(BUSY, busy_base, busy)
        finally:
            hog.kill()
            hog.wait()
    print(
        f"{os.cpu_count()} CPUs, {args.reps} interleaved rounds; quiet: median of 3 generations "
        f"of {base.n_tokens} tokens per process, busy: 1 generation of {busy_base.n_tokens}"
    )
    show("quiet machine:", quiet)
    show("one core kept busy by another process:", busy)
    better = max(("fixed 1", "fixed 2"), key=lambda n: median(rates(busy[n])))
    quiet_ratio = median(rates(quiet["default"])) / median(rates(quiet["bare 2 threads"]))
    busy_ratio = median(rates(busy["default"])) / max(1e-9, median(rates(busy[better])))
    print(
        f"quiet: default / bare 2 threads = {quiet_ratio:.2f}x of medians "
        f"(per round {paired(quiet, 'default', 'bare 2 threads'):.2f}x; goal >= 0.95)"
    )
    print(
        f"busy: default / {better} (the better fixed choice) = {busy_ratio:.2f}x of medians "
        f"(per round {paired(busy, 'default', better):.2f}x; goal >= 0.9)"
    )
    summary = {"quiet": quiet, "busy": busy, "quiet_ratio": quiet_ratio, "busy_ratio": busy_ratio}
    out = BENCH_DIR / "results" / "decode_threads.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(summary, indent=1), "utf-8")


if __name__ == "__main__":
    main()
