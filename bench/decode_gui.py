"""Contender (c): Hearth end to end: InferenceWorker thread -> EngineBridge -> the real
MainWindow (offscreen), the reply sent with `MainWindow.controller.send` and rendered into the
chat view as the user would see it.

Two figures: `decode_tps` is the engine's own GenerationStats carried by the Finished event
(timestamps taken on the worker thread, so it includes every effect the GUI thread has on the
worker: CPU, the GIL); `gui_decode_tps` is what the GUI thread observes, (tokens - 1) over the
time from the first TextChunk's arrival to the Finished event's arrival (coarser: text arrives
in ~40 ms batches). After a warm-up, `measure_repeats` replies (each in a new chat, so the same
two turns) are timed and the medians reported.

    HEARTH_HOME=... python bench/decode_gui.py --config JSON
"""

from __future__ import annotations

import hashlib
import time

from _common import config_from_argv, decode_rate, emit, median
from _gui import load_default_model, open_window, send_and_wait, warm_up


def main() -> None:
    config, _ = config_from_argv()
    gui = open_window()
    try:
        load_default_model(gui)
        warm_up(gui, config.prompt, config.warmup_tokens)
        rates: list[float] = []
        gui_rates: list[float] = []
        shas: set[str] = set()
        shown_all = True
        for repeat in range(config.measure_repeats):
            if repeat:
                gui.window.controller.new_conversation()  # the same two turns again
            arrivals: list[float] = []

            def on_text(_request_id: int, _text: str, arrivals: list[float] = arrivals) -> None:
                arrivals.append(time.perf_counter())

            gui.bridge.text_received.connect(on_text)
            finished = send_and_wait(gui, config.prompt)
            finished_at = time.perf_counter()
            gui.bridge.text_received.disconnect(on_text)
            stats = finished.stats
            rates.append(stats.decode_tokens_per_s)
            gui_rates.append(
                decode_rate(stats.completion_tokens, arrivals[0] if arrivals else None, finished_at)
            )
            shas.add(hashlib.sha256(finished.text.encode()).hexdigest()[:16])
            shown = gui.window.chat_view.last_assistant_widget()
            shown_all = shown_all and shown is not None and shown.text() == finished.text
        emit(
            {
                "contender": "gui",
                "decode_tps": median(rates),
                "decode_tps_all": rates,
                "gui_decode_tps": median(gui_rates),
                "completion_tokens": stats.completion_tokens,
                "prompt_tokens": stats.prompt_tokens,
                "ttft_s": stats.ttft_s,
                "finish_reason": stats.finish_reason,
                "shown_in_view": shown_all,
                "text_sha": sorted(shas),
            }
        )
    finally:
        gui.close()


if __name__ == "__main__":
    main()
