"""Contender (b): Hearth's LlamaEngine.generate, called directly (no worker thread, no Qt).

    python bench/decode_engine.py --config JSON [--no-threadpool]

`--no-threadpool` patches `CpuThreadPool.attach` to return None, so llama.cpp keeps its default
threading: the persistent-pool comparison. The decode rate is the engine's own
GenerationStats.decode_tokens_per_s (same definition as the bare loop's), the median of
`measure_repeats` generations after a warm-up.
"""

from __future__ import annotations

import hashlib
import threading
from typing import Any

from _common import BenchConfig, config_from_argv, emit, median

from app.engine import cpu_threads
from app.engine.llama_engine import LlamaEngine
from app.engine.types import ChatTurn, LoadOptions, SamplingParams


def sampling_of(config: BenchConfig, max_tokens: int) -> SamplingParams:
    return SamplingParams(
        temperature=config.temperature,
        top_p=config.top_p,
        top_k=config.top_k,
        min_p=config.min_p,
        repeat_penalty=config.repeat_penalty,
        max_tokens=max_tokens,
        seed=config.seed,
    )


def load_engine(config: BenchConfig) -> LlamaEngine:
    engine = LlamaEngine()
    engine.load(
        config.model,
        options=LoadOptions(
            n_ctx=config.n_ctx,
            n_threads=config.n_threads,
            n_gpu_layers=0,
            n_batch=config.n_batch,
        ),
    )
    return engine


def disable_threadpool() -> None:
    def no_pool(cls: type[cpu_threads.CpuThreadPool], ctx: int, n_threads: int) -> None:
        return None

    no_pool_method: Any = classmethod(no_pool)
    cpu_threads.CpuThreadPool.attach = no_pool_method  # type: ignore[method-assign]


def main() -> None:
    config, flags = config_from_argv()
    threadpool = "--no-threadpool" not in flags
    if not threadpool:
        disable_threadpool()
    engine = load_engine(config)
    turns = (ChatTurn("system", config.system_prompt), ChatTurn("user", config.prompt))
    stop = threading.Event()
    engine.generate(
        turns, sampling_of(config, config.warmup_tokens), on_text=lambda _t: None, stop=stop
    )
    results = [
        engine.generate(
            turns, sampling_of(config, config.n_tokens), on_text=lambda _t: None, stop=stop
        )
        for _ in range(config.measure_repeats)
    ]
    rates = [r.stats.decode_tokens_per_s for r in results]
    stats = results[-1].stats
    emit(
        {
            "contender": "engine" if threadpool else "engine_no_pool",
            "threadpool_attached": engine._threadpool is not None,
            "decode_tps": median(rates),
            "decode_tps_all": rates,
            "completion_tokens": stats.completion_tokens,
            "prompt_tokens": stats.prompt_tokens,
            "ttft_s": stats.ttft_s,
            "finish_reason": stats.finish_reason,
            "n_threads": [r.stats.n_threads for r in results],
            "n_threads_end": [r.stats.n_threads_end for r in results],
            "text_sha": sorted({hashlib.sha256(r.text.encode()).hexdigest()[:16] for r in results}),
        }
    )
    engine.close()


if __name__ == "__main__":
    main()
