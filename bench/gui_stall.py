"""How long the GUI thread's event loop stalls while a reply streams into the real window.

A 5 ms precise QTimer beats in the GUI thread of the real MainWindow (offscreen) while replies of
`stall_tokens` tokens stream through the InferenceWorker and the EngineBridge into the chat view
(sent with MainWindow.controller.send, after the model is loaded). A stall is a gap between
beats minus the 5 ms interval. Reports the longest stall and the 99th percentile, over all
replies, and the longest per reply (the first reply also pays for first-use costs in Qt), each
split by phase: the synchronous `controller.send` call, the streaming, the Finished handling.

    HEARTH_HOME=... python bench/gui_stall.py --config JSON [--replies N]
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from _common import config_from_argv, emit, percentile
from _gui import load_default_model, open_window, send_and_wait
from PySide6.QtCore import Qt, QTimer

HEARTBEAT_MS = 5


@dataclass(frozen=True)
class Gap:
    start: float  # perf_counter seconds
    end: float

    @property
    def stall_ms(self) -> float:
        return (self.end - self.start) * 1000.0 - HEARTBEAT_MS


class Heartbeat:
    def __init__(self, interval_ms: int) -> None:
        self.gaps: list[Gap] = []
        self._last: float | None = None
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._beat)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> list[Gap]:
        self._timer.stop()
        self._beat()  # the tail after the last beat counts too
        gaps, self.gaps = self.gaps, []
        return gaps

    def _beat(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            self.gaps.append(Gap(self._last, now))
        self._last = now


def phase_of(gap: Gap, marks: dict[str, float]) -> str:
    """Which part of the turn a stall belongs to: the synchronous `controller.send` call, the
    handling of the Finished event (saving, final render), or the streaming in between."""
    if gap.start < marks["send_end"] and gap.end > marks["send_start"]:
        return "send"
    if gap.start <= marks["finished"] <= gap.end:
        return "finish"
    return "stream"


def summary(gaps: list[Gap]) -> dict[str, float]:
    stalls = [g.stall_ms for g in gaps]
    return {
        "max_stall_ms": max(stalls),
        "p99_stall_ms": percentile(stalls, 0.99),
        "beats": len(stalls),
    }


def main() -> None:
    config, flags = config_from_argv()
    replies = int(flags[flags.index("--replies") + 1]) if "--replies" in flags else 3
    gui = open_window()
    try:
        load_default_model(gui)
        heartbeat = Heartbeat(HEARTBEAT_MS)
        phases: dict[str, list[Gap]] = {"send": [], "stream": [], "finish": []}
        per_reply: list[dict[str, Any]] = []
        tokens: list[int] = []
        for _ in range(replies):
            gui.window.controller.new_conversation()
            marks: dict[str, float] = {}
            heartbeat.start()
            finished = send_and_wait(gui, config.prompt, marks=marks)
            gaps = heartbeat.stop()
            for gap in gaps:
                phases[phase_of(gap, marks)].append(gap)
            worst = max(gaps, key=lambda g: g.stall_ms)
            tokens.append(finished.stats.completion_tokens)
            per_reply.append({**summary(gaps), "worst_phase": phase_of(worst, marks)})
        every = [gap for gaps in phases.values() for gap in gaps]
        emit(
            {
                **summary(every),
                "median_gap_ms": percentile([g.stall_ms for g in every], 0.5) + HEARTBEAT_MS,
                "phases": {name: summary(gaps) for name, gaps in phases.items() if gaps},
                "replies": per_reply,
                "completion_tokens": tokens,
            }
        )
    finally:
        gui.close()


if __name__ == "__main__":
    main()
