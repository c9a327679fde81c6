"""Contender (a): a bare llama-cpp-python loop, the reference for Hearth's decode speed.

`llama_cpp.Llama(...)` + `Llama.generate()` + `detokenize`, nothing else: llama-cpp-python's
default threading (no attached thread pool), no abort callback, no log callback. The prompt is
rendered with the model's own chat template (llama-cpp-python's Jinja2ChatFormatter), outside
the timed part. EOS is ignored so exactly `n_tokens` tokens are generated; whether one was seen
is reported. After a warm-up, the same generation is timed `measure_repeats` times (same seed,
so the same tokens) and the median rate reported.

    python bench/decode_bare.py --config JSON [--serve]
"""

from __future__ import annotations

import hashlib
import sys
import time
from dataclasses import asdict, dataclass

import llama_cpp
from _common import BenchConfig, config_from_argv, decode_rate, emit, median
from llama_cpp.llama_chat_format import Jinja2ChatFormatter


@dataclass(frozen=True)
class Generation:
    decode_tps: float
    completion_tokens: int
    ttft_s: float
    eos_seen: bool
    text_sha: str


class BareLoop:
    """The reference loop, loaded and ready; `measure()` times one generation."""

    def __init__(self, config: BenchConfig) -> None:
        self.config = config
        self.llama = llama_cpp.Llama(
            model_path=config.model,
            n_ctx=config.n_ctx,
            n_batch=config.n_batch,
            n_threads=config.n_threads,
            n_threads_batch=config.n_threads,
            n_gpu_layers=0,
            seed=config.seed,
            verbose=False,
        )
        llama = self.llama
        self.eos_id = llama.token_eos()
        formatter = Jinja2ChatFormatter(
            template=str(llama.metadata["tokenizer.chat_template"]),
            eos_token=llama.detokenize([self.eos_id], special=True).decode(),
            bos_token=llama.detokenize([llama.token_bos()], special=True).decode(),
        )
        messages: list[llama_cpp.ChatCompletionRequestMessage] = [
            {"role": "system", "content": config.system_prompt},
            {"role": "user", "content": config.prompt},
        ]
        prompt_text = formatter(messages=messages).prompt
        self.prompt = llama.tokenize(prompt_text.encode(), add_bos=False, special=True)
        self.sampling = {
            "top_k": config.top_k,
            "top_p": config.top_p,
            "min_p": config.min_p,
            "temp": config.temperature,
            "repeat_penalty": config.repeat_penalty,
        }

    def warm_up(self) -> None:
        """Pages the weights in; leaves the prompt in the KV cache, as in every contender."""
        self.llama.set_seed(self.config.seed)
        warmup = self.llama.generate(self.prompt, **self.sampling)  # type: ignore[arg-type]
        for count, _token in enumerate(warmup, start=1):
            if count >= self.config.warmup_tokens:
                break
        warmup.close()

    def measure(self) -> Generation:
        """The timed loop: generate() and detokenize, nothing else; exactly n_tokens tokens."""
        llama = self.llama
        llama.set_seed(self.config.seed)
        pieces: list[bytes] = []
        eos_seen = False
        first_at: float | None = None
        last_at: float | None = None
        started = time.perf_counter()
        tokens = llama.generate(self.prompt, **self.sampling)  # type: ignore[arg-type]
        for token in tokens:
            now = time.perf_counter()
            if first_at is None:
                first_at = now
            last_at = now
            eos_seen = eos_seen or token == self.eos_id
            pieces.append(llama.detokenize([token]))
            if len(pieces) >= self.config.n_tokens:
                break
        tokens.close()
        text = b"".join(pieces).decode("utf-8", errors="replace")
        return Generation(
            decode_tps=decode_rate(len(pieces), first_at, last_at),
            completion_tokens=len(pieces),
            ttft_s=(first_at or time.perf_counter()) - started,
            eos_seen=eos_seen,
            text_sha=hashlib.sha256(text.encode()).hexdigest()[:16],
        )

    def close(self) -> None:
        self.llama.close()


def serve(bare: BareLoop) -> None:
    """`--serve`: for decode_paired.py. Each "measure" line on stdin times one generation and
    answers with one result line; end of input ends the process."""
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() != "measure":
            break
        emit(asdict(bare.measure()))


def main() -> None:
    config, flags = config_from_argv()
    bare = BareLoop(config)
    bare.warm_up()
    if "--serve" in flags:
        serve(bare)
        bare.close()
        return
    measured = [bare.measure() for _ in range(config.measure_repeats)]
    rates = [g.decode_tps for g in measured]
    emit(
        {
            "contender": "bare",
            "decode_tps": median(rates),
            "decode_tps_all": rates,
            "completion_tokens": measured[-1].completion_tokens,
            "prompt_tokens": len(bare.prompt),
            "ttft_s": measured[-1].ttft_s,
            "eos_seen": any(g.eos_seen for g in measured),
            "text_sha": sorted({g.text_sha for g in measured}),
        }
    )
    bare.close()


if __name__ == "__main__":
    main()
