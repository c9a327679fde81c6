"""Time to first token on turn 1 vs turn 8 of one conversation with short turns.

Through LlamaEngine directly, one engine for the whole conversation, so the KV cache of the
shared prefix is reused from turn to turn (as the worker does). Each turn's reply (at most
`short_reply_tokens` tokens) becomes an assistant turn of the next prompt. A warm-up reply to an
unrelated prompt first pages the weights in without leaving a useful prefix in the cache.

    python bench/ttft_turns.py --config JSON
"""

from __future__ import annotations

import threading

from _common import SHORT_TURNS, config_from_argv, emit
from decode_engine import load_engine, sampling_of

from app.engine.types import ChatTurn


def main() -> None:
    config, _ = config_from_argv()
    engine = load_engine(config)
    stop = threading.Event()
    engine.generate(
        (ChatTurn("user", "Count from one to five."),),
        sampling_of(config, config.warmup_tokens),
        on_text=lambda _t: None,
        stop=stop,
    )
    sampling = sampling_of(config, config.short_reply_tokens)
    turns: list[ChatTurn] = [ChatTurn("system", config.system_prompt)]
    per_turn: list[dict[str, float | int]] = []
    for text in SHORT_TURNS:
        turns.append(ChatTurn("user", text))
        result = engine.generate(tuple(turns), sampling, on_text=lambda _t: None, stop=stop)
        turns.append(ChatTurn("assistant", result.text))
        stats = result.stats
        per_turn.append(
            {
                "ttft_s": stats.ttft_s,
                "prompt_tokens": stats.prompt_tokens,
                "evaluated": stats.prompt_tokens_evaluated,
            }
        )
    emit({"turns": per_turn})
    engine.close()


if __name__ == "__main__":
    main()
