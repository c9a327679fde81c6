"""A blocking `generate()` for Qt-free services (the templates service) that runs on a plain
background thread, while the one InferenceWorker keeps owning llama.cpp.

The service calls `generate(turns, sampling, on_text=, stop=)` and waits for the result, like it
does with a LlamaEngine in the CLI. Here each call becomes a `Generate` request submitted to the
worker; the bridge delivers the worker's events as signals on the GUI thread, where a slot puts
the ones for a request this adapter is waiting for on that request's queue; the background
thread takes them off and returns when the request finishes. The GUI thread never blocks, and
no second Llama object exists.

Never call `generate()` on the GUI thread: it would wait for events only the GUI thread's event
loop can deliver.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Sequence
from typing import Final

from PySide6.QtCore import QObject

from app.engine.errors import EngineError
from app.engine.types import (
    ChatTurn,
    Finished,
    Generate,
    GenerationResult,
    GenerationStats,
    SamplingParams,
)
from app.ui.common.engine_bridge import EngineBridge

POLL_S: Final = 0.05  # how often a waiting generation looks at its stop event
# After Stop, how long to wait for the worker's answer before giving up on it (a worker that
# was shut down never answers; the background thread must not wait for ever).
STOP_GRACE_S: Final = 15.0
_CANCELLED_BEFORE_START: Final = "Cancelled before it started."


class _Text:
    def __init__(self, text: str) -> None:
        self.text = text


class _Failure:
    def __init__(self, message: str) -> None:
        self.message = message


_Event = _Text | Finished | _Failure


def cancelled_result(text: str, sampling: SamplingParams) -> GenerationResult:
    """What a request stopped before it produced anything returns (its stats are empty)."""
    stats = GenerationStats(
        prompt_tokens=0,
        prompt_tokens_evaluated=0,
        completion_tokens=0,
        ttft_s=0.0,
        decode_tokens_per_s=0.0,
        total_s=0.0,
        finish_reason="cancelled",
        seed=sampling.seed,
        trimmed_turns=0,
        context_used=0,
        n_ctx=0,
    )
    return GenerationResult(text=text, stats=stats)


class WorkerEngine(QObject):
    """The templates service's TextGenerator in the GUI. Create it on the GUI thread."""

    def __init__(self, bridge: EngineBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._lock = threading.Lock()
        self._waiting: dict[int, queue.Queue[_Event]] = {}
        self._fresh_next = False
        bridge.text_received.connect(self._on_text)
        bridge.finished.connect(self._on_finished)
        bridge.failed.connect(self._on_failed)

    # ---- called on the background thread ---------------------------------------------------

    def reset_cache(self) -> None:
        """Evaluate the next prompt from an empty KV cache (the service asks before each one,
        so a recipe replays exactly). The reset travels with the next Generate request rather
        than as a request of its own: a chat reply queued in between would fill the cache
        again."""
        self._fresh_next = True

    def generate(
        self,
        turns: Sequence[ChatTurn],
        sampling: SamplingParams,
        *,
        on_text: Callable[[str], None],
        stop: threading.Event,
        continue_from: str = "",
    ) -> GenerationResult:
        """`continue_from`: the text so far that the model goes on with (see Generate)."""
        request = Generate(
            tuple(turns), sampling, fresh_context=self._fresh_next, continue_from=continue_from
        )
        self._fresh_next = False
        events: queue.Queue[_Event] = queue.Queue()
        with self._lock:
            self._waiting[request.request_id] = events
        try:
            self._bridge.submit(request)
            return self._wait(request.request_id, events, sampling, on_text, stop)
        finally:
            with self._lock:
                self._waiting.pop(request.request_id, None)

    def _wait(
        self,
        request_id: int,
        events: queue.Queue[_Event],
        sampling: SamplingParams,
        on_text: Callable[[str], None],
        stop: threading.Event,
    ) -> GenerationResult:
        streamed: list[str] = []
        cancel_sent = False
        give_up_at = 0.0
        while True:
            if stop.is_set() and not cancel_sent:
                self._bridge.cancel(request_id)  # thread-safe: the worker takes a lock
                cancel_sent = True
                give_up_at = time.monotonic() + STOP_GRACE_S
            try:
                event = events.get(timeout=POLL_S)
            except queue.Empty:
                if cancel_sent and time.monotonic() > give_up_at:
                    return cancelled_result("".join(streamed), sampling)
                continue
            if isinstance(event, _Text):
                streamed.append(event.text)
                on_text(event.text)
            elif isinstance(event, Finished):
                return GenerationResult(text=event.text, stats=event.stats)
            elif cancel_sent and event.message == _CANCELLED_BEFORE_START:
                return cancelled_result("".join(streamed), sampling)
            else:
                raise EngineError(event.message)

    # ---- slots on the GUI thread -------------------------------------------------------------

    def _queue_for(self, request_id: int) -> queue.Queue[_Event] | None:
        with self._lock:
            return self._waiting.get(request_id)

    def _on_text(self, request_id: int, text: str) -> None:
        events = self._queue_for(request_id)
        if events is not None:
            events.put(_Text(text))

    def _on_finished(self, request_id: int, event: Finished) -> None:
        events = self._queue_for(request_id)
        if events is not None:
            events.put(event)

    def _on_failed(self, request_id: int, message: str) -> None:
        events = self._queue_for(request_id)
        if events is not None:
            events.put(_Failure(message))
