"""Paired A/B: the bare loop (a) against Hearth, alternating generation by generation.

On a machine whose speed drifts (a shared or virtual machine: ±10% from minute to minute is
common), processes run a few seconds apart cannot resolve a 3% difference. Here the bare loop
waits, loaded and warm, in its own process (`decode_bare.py --serve`) while this process holds
Hearth, and the two take turns (a, x, x, a, a, x, ...), one generation each, so each pair shares
the machine's state; the figure is the median of the per-pair ratios x/a.

The bare loop stays in its own process because llama.cpp's OpenMP build gives every thread that
calls it its own thread team: with two callers in one process (the bare loop on the GUI thread,
Hearth on its worker thread) both ran at about half speed on two cores.

    python bench/decode_paired.py --config JSON --against engine [--no-threadpool]   # (b)
    HEARTH_HOME=... python bench/decode_paired.py --config JSON --against gui   # (c)

With `--against gui` the real MainWindow runs offscreen and Hearth's replies go through
`controller.send`, the worker thread and the bridge (the rate from the Finished stats).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from _common import RESULT_PREFIX, BenchConfig, config_from_argv, emit, median


class BareServer:
    """The bare loop in its own process, one timed generation per request."""

    def __init__(self, config: BenchConfig) -> None:
        script = Path(__file__).with_name("decode_bare.py")
        self._process = subprocess.Popen(
            [sys.executable, str(script), "--config", config.to_json(), "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        if self._readline() != "ready":
            raise RuntimeError("decode_bare.py --serve did not start")

    def _readline(self) -> str:
        assert self._process.stdout is not None
        while True:
            line = self._process.stdout.readline()
            if not line:
                raise RuntimeError("decode_bare.py --serve ended early")
            line = line.strip()
            if line == "ready" or line.startswith(RESULT_PREFIX):
                return line

    def measure(self) -> dict[str, float]:
        assert self._process.stdin is not None
        self._process.stdin.write("measure\n")
        self._process.stdin.flush()
        result: dict[str, float] = json.loads(self._readline()[len(RESULT_PREFIX) :])
        return result

    def close(self) -> None:
        assert self._process.stdin is not None
        self._process.stdin.close()
        self._process.wait(timeout=60)


def engine_contender(config: BenchConfig) -> tuple[Callable[[], float], Callable[[], None]]:
    from decode_engine import load_engine, sampling_of

    from app.engine.types import ChatTurn

    engine = load_engine(config)
    turns = (ChatTurn("system", config.system_prompt), ChatTurn("user", config.prompt))
    stop = threading.Event()
    engine.generate(
        turns, sampling_of(config, config.warmup_tokens), on_text=lambda _t: None, stop=stop
    )

    def measure() -> float:
        result = engine.generate(
            turns, sampling_of(config, config.n_tokens), on_text=lambda _t: None, stop=stop
        )
        if result.stats.completion_tokens != config.n_tokens:
            raise RuntimeError(f"engine generated {result.stats.completion_tokens} tokens")
        return result.stats.decode_tokens_per_s

    return measure, engine.close


def gui_contender(config: BenchConfig) -> tuple[Callable[[], float], Callable[[], None]]:
    from _gui import load_default_model, open_window, send_and_wait, warm_up

    gui = open_window()
    load_default_model(gui)
    warm_up(gui, config.prompt, config.warmup_tokens)

    def measure() -> float:
        gui.window.controller.new_conversation()  # the same two turns every time
        stats = send_and_wait(gui, config.prompt).stats
        if stats.completion_tokens != config.n_tokens:
            raise RuntimeError(f"the window's reply had {stats.completion_tokens} tokens")
        return stats.decode_tokens_per_s

    return measure, gui.close


def main() -> None:
    config, flags = config_from_argv()
    against = flags[flags.index("--against") + 1] if "--against" in flags else "engine"
    pairs = int(flags[flags.index("--pairs") + 1]) if "--pairs" in flags else 12
    contender = gui_contender if against == "gui" else engine_contender
    if "--no-threadpool" in flags:
        from decode_engine import disable_threadpool

        disable_threadpool()
    bare = BareServer(config)
    bare_rates: list[float] = []
    other_rates: list[float] = []
    try:
        measure_other, close_other = contender(config)
        try:
            for pair in range(pairs):
                # a, x, then x, a: a steady drift in speed favours neither side.
                if pair % 2 == 0:
                    bare_rates.append(bare.measure()["decode_tps"])
                    other_rates.append(measure_other())
                else:
                    other_rates.append(measure_other())
                    bare_rates.append(bare.measure()["decode_tps"])
        finally:
            close_other()
    finally:
        bare.close()
    ratios = [x / a for x, a in zip(other_rates, bare_rates, strict=True)]
    emit(
        {
            "against": against,
            "threadpool": "--no-threadpool" not in flags,
            "pairs": pairs,
            "bare_tps": median(bare_rates),
            "other_tps": median(other_rates),
            "paired_ratio": median(ratios),
            "ratios": ratios,
            "bare_all": bare_rates,
            "other_all": other_rates,
        }
    )


if __name__ == "__main__":
    main()
