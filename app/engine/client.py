"""The one way to use the inference thread: every front end that generates goes through here.

- `submit(request, on_event=)`: streaming. `on_event` sees that request's events (text batches,
  the prompt size, then exactly one end event) on the worker thread, so it must only hand them
  on: the GUI's bridge re-emits them as queued signals, the local API puts them on its asyncio
  loop.
- `generate(turns, sampling, on_text=, stop=)`: blocking, for plain background threads (a
  template's recipe, the CLI). It waits for the result on the calling thread and calls
  `on_text` there. Never call it on the GUI thread: the window would freeze until it ends.
- `cancel(request_id)`: stop one request, running or still queued.
- `lease(load)`: the worker lent to a job that needs its own model or adapters (Adapter Studio);
  everyone else's requests wait until it ends, then the previous model comes back.

Only the worker thread touches llama.cpp; this module only queues requests and waits for events.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Final

from app.engine.errors import EngineError
from app.engine.shared_worker import Lease, Listener, SharedWorker
from app.engine.types import (
    ActiveAdapter,
    AdaptersChanged,
    ChatTurn,
    EngineEvent,
    EngineRequest,
    Failed,
    Finished,
    Generate,
    GenerationResult,
    GenerationStats,
    LoadedModel,
    LoadModel,
    ModelLoaded,
    ModelUnloaded,
    SamplingParams,
    SetAdapters,
    TextChunk,
)

POLL_S: Final = 0.05  # how often a blocking wait looks at its stop event and the worker
# After Stop, how long to wait for the worker's answer before giving up on it.
STOP_GRACE_S: Final = 15.0
CANCELLED_BEFORE_START: Final = "Cancelled before it started."
_END_EVENTS: Final = (Finished, Failed, ModelLoaded, ModelUnloaded, AdaptersChanged)


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


class EngineClient:
    """Create one per worker (the composition roots do) and pass it to everything."""

    def __init__(self, worker: SharedWorker) -> None:
        self.worker = worker

    # ---- streaming ---------------------------------------------------------------------------

    def submit(
        self,
        request: EngineRequest,
        on_event: Listener | None = None,
        *,
        lease: Lease | None = None,
    ) -> int:
        """Queue `request`; `on_event` (on the worker thread) sees its events up to its end."""
        if on_event is None:
            return self.worker.submit(request, lease=lease)
        rid = request.request_id

        def deliver(event: EngineEvent) -> None:
            if isinstance(event, _END_EVENTS):
                self.worker.unsubscribe(rid)
            on_event(event)

        with self.worker.lock:
            self.worker.subscribe(rid, deliver)
            try:
                return self.worker.submit(request, lease=lease)
            except BaseException:
                self.worker.unsubscribe(rid)
                raise

    def cancel(self, request_id: int) -> None:
        """Stop this request: at the next token if running, before it starts if queued."""
        self.worker.cancel(request_id)

    def drop(self, request_id: int) -> None:
        """Cancel a request whose events nobody waits for any more (a client that went away)."""
        self.worker.unsubscribe(request_id)
        self.worker.cancel(request_id)

    def shutdown(self) -> None:
        self.worker.shutdown()

    # ---- blocking ----------------------------------------------------------------------------

    def generate(
        self,
        turns: Sequence[ChatTurn],
        sampling: SamplingParams,
        *,
        on_text: Callable[[str], None],
        stop: threading.Event,
        continue_from: str = "",
        fresh_context: bool = False,
        lease: Lease | None = None,
    ) -> GenerationResult:
        """Generate and wait for the result (on a plain background thread). Stop returns what
        was written so far with finish_reason "cancelled"; a failure raises EngineError."""
        request = Generate(
            tuple(turns), sampling, fresh_context=fresh_context, continue_from=continue_from
        )
        events: queue.Queue[EngineEvent] = queue.Queue()
        self.submit(request, events.put, lease=lease)
        streamed: list[str] = []
        cancel_sent = False
        give_up_at = 0.0
        while True:
            if stop.is_set() and not cancel_sent:
                self.cancel(request.request_id)
                cancel_sent = True
                give_up_at = time.monotonic() + STOP_GRACE_S
            try:
                event = events.get(timeout=POLL_S)
            except queue.Empty:
                if cancel_sent and time.monotonic() > give_up_at:
                    self.worker.unsubscribe(request.request_id)
                    return cancelled_result("".join(streamed), sampling)
                self._check_alive(request.request_id)
                continue
            if isinstance(event, TextChunk):
                streamed.append(event.text)
                on_text(event.text)
            elif isinstance(event, Finished):
                return GenerationResult(text=event.text, stats=event.stats)
            elif isinstance(event, Failed):
                if cancel_sent and event.message == CANCELLED_BEFORE_START:
                    return cancelled_result("".join(streamed), sampling)
                raise EngineError(event.message)

    def run(
        self, request: EngineRequest, *, lease: Lease | None = None, timeout_s: float | None = None
    ) -> EngineEvent:
        """Submit a request and wait for its end event (a load, adapters, an unload). A
        failure raises EngineError; no answer within `timeout_s` raises TimeoutError."""
        events: queue.Queue[EngineEvent] = queue.Queue()
        self.submit(request, events.put, lease=lease)
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        while True:
            try:
                event = events.get(timeout=POLL_S)
            except queue.Empty:
                self._check_alive(request.request_id)
                if deadline is not None and time.monotonic() > deadline:
                    self.worker.unsubscribe(request.request_id)
                    raise TimeoutError(f"request {request.request_id} had no answer") from None
                continue
            if isinstance(event, Failed):
                raise EngineError(event.message)
            if isinstance(event, _END_EVENTS):
                return event

    def load(self, request: LoadModel) -> LoadedModel:
        """Load and wait (a CLI command before it generates); a failure raises EngineError."""
        event = self.run(request)
        assert isinstance(event, ModelLoaded)
        return event.model

    def _check_alive(self, request_id: int) -> None:
        # A worker that was shut down never answers: the waiting thread must not wait for ever.
        if not self.worker.is_alive:
            self.worker.unsubscribe(request_id)
            raise EngineError("The inference thread has stopped.")

    def text_generator(self) -> BlockingGenerator:
        """A TextGenerator (app.templates.generator) for one job on a background thread."""
        return BlockingGenerator(self)

    # ---- lent to a job -------------------------------------------------------------------------

    @contextlib.contextmanager
    def lease(self, load: LoadModel | None = None) -> Iterator[LeasedEngine]:
        """Lend the worker to the calling (background) thread: `load`'s model (unless that model
        is what is queued already), without adapters. Meanwhile other requests wait; afterwards
        the model and adapters from before come back."""
        with self.worker.lease() as held:
            start = held.start
            if load is not None and (start.model_path != load.path or start.remote):
                self.run(load, lease=held)
            elif start.adapters:
                self.run(SetAdapters(()), lease=held)
            yield LeasedEngine(self, held)


class BlockingGenerator:
    """`generate` plus `reset_cache` (the templates service asks for one before each recipe).

    The reset travels with the next Generate request rather than as a request of its own: a
    chat reply queued in between would fill the cache again.
    """

    def __init__(self, client: EngineClient, lease: Lease | None = None) -> None:
        self._client = client
        self._lease = lease
        self._fresh_next = False

    def reset_cache(self) -> None:
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
        fresh, self._fresh_next = self._fresh_next, False
        return self._client.generate(
            turns,
            sampling,
            on_text=on_text,
            stop=stop,
            continue_from=continue_from,
            fresh_context=fresh,
            lease=self._lease,
        )


class LeasedEngine(BlockingGenerator):
    """The worker while lent: blocking generate and set_adapters (Studio drafting, evaluation)."""

    def __init__(self, client: EngineClient, lease: Lease) -> None:
        super().__init__(client, lease)
        self.lease = lease

    def set_adapters(self, adapters: Sequence[tuple[str, float]]) -> tuple[ActiveAdapter, ...]:
        event = self._client.run(SetAdapters(tuple(adapters)), lease=self.lease)
        assert isinstance(event, AdaptersChanged)
        return event.active
