"""What recording each token's log-probability costs the decode (target: under 2%).

One process holds one loaded `LlamaEngine` and alternates generations with the recording on
and off (on, off, off, on, on, off, ...), so each pair shares the machine's state; "off"
swaps `LogprobReader.logprob` for a no-op. Prints the median of the per-pair ratios
on/off of `decode_tokens_per_s`, and the helpers' own cost per token from a tight loop.

    python bench/bench_token_logprobs.py [--rounds N] [--tokens N] [--model FILE.gguf]
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from typing import Any

import numpy as np
from _common import LONG_PROMPT, STARTER_MODEL, SYSTEM_PROMPT

from app.engine.llama_engine import LlamaEngine
from app.engine.token_logprob import LogprobReader, chosen_logprob
from app.engine.types import ChatTurn, LoadOptions, SamplingParams

TURNS = (ChatTurn("system", SYSTEM_PROMPT), ChatTurn("user", LONG_PROMPT))


RECORDING = LogprobReader.logprob


def _no_logprob(_self: Any, _token: int) -> float:
    return 0.0


def decode_rate(engine: LlamaEngine, *, record: bool, tokens: int) -> float:
    LogprobReader.logprob = RECORDING if record else _no_logprob  # type: ignore[method-assign]
    engine.reset_cache()
    sampling = SamplingParams(max_tokens=tokens, seed=42, repetition_guard=False)
    result = engine.generate(TURNS, sampling, on_text=lambda _t: None, stop=threading.Event())
    return result.stats.decode_tokens_per_s


def helper_cost_us(n_vocab: int, repeats: int = 2000) -> float:
    logits = np.random.default_rng(0).standard_normal(n_vocab).astype(np.float32)
    scratch = np.empty_like(logits)
    started = time.perf_counter()
    for i in range(repeats):
        chosen_logprob(logits, i % n_vocab, scratch)
    return (time.perf_counter() - started) / repeats * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--model", default=str(STARTER_MODEL))
    parser.add_argument("--gpu-layers", type=int, default=0)
    args = parser.parse_args()
    engine = LlamaEngine()
    engine.load(args.model, options=LoadOptions(n_gpu_layers=args.gpu_layers))
    decode_rate(engine, record=True, tokens=8)  # warm-up
    ratios: list[float] = []
    on_rates: list[float] = []
    off_rates: list[float] = []
    for round_index in range(args.rounds):
        order = (True, False) if round_index % 2 == 0 else (False, True)
        rates = {record: decode_rate(engine, record=record, tokens=args.tokens) for record in order}
        on_rates.append(rates[True])
        off_rates.append(rates[False])
        ratios.append(rates[True] / rates[False])
        print(f"round {round_index + 1}: on {rates[True]:.1f} tok/s, off {rates[False]:.1f} tok/s")
    llama = engine._llama
    assert llama is not None
    n_vocab = llama.n_vocab()
    median_on = statistics.median(on_rates)
    cost = helper_cost_us(n_vocab)
    print(f"model {args.model} (vocabulary {n_vocab}), {args.tokens} tokens, {args.rounds} pairs")
    print(f"median decode: on {median_on:.1f} tok/s, off {statistics.median(off_rates):.1f} tok/s")
    print(f"median ratio on/off: {statistics.median(ratios):.4f}")
    print(
        f"logprob per token: {cost:.1f} us = {cost / (1e6 / median_on) * 100:.2f}% of a token's "
        "decode time"
    )
    engine.close()


if __name__ == "__main__":
    main()
