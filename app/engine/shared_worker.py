"""One InferenceWorker shared by every front end in a process (the chat, templates, Adapter
Studio, the local API server; the CLI's commands).

The worker has one event sink and one FIFO queue. This wrapper fans its events out (to
listeners that see everything, like the GUI's bridge, and to per-request subscribers, like an
API request waiting for its reply), and watches what goes into the queue so that a front end
can tell which model will be loaded when its request runs. The queue itself stays FIFO: an API
request and a GUI request start in the order they arrived, and replies run together (the
worker's batched road, app/engine/batch_scheduler.py) up to the model's parallel slots.

A lease (`lease()`) lends the worker to one job that needs its own model or adapters for a
while (Adapter Studio drafting and evaluation): while it is held, everyone else's requests wait
in order, and when it ends the model and adapters queued before it are put back first. So
nothing else ever runs on the lent model, and no second copy of a model is loaded.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from app.engine.types import (
    EngineEvent,
    EngineRequest,
    Failed,
    LoadModel,
    ModelLoaded,
    ModelUnloaded,
    SetAdapters,
    Unload,
    next_request_id,
)
from app.engine.worker import Engine, InferenceWorker

Listener = Callable[[EngineEvent], None]


@dataclass(frozen=True)
class QueuedState:
    """What will be loaded once everything submitted so far has run."""

    model_path: str | None  # LoadModel.path of the last load (None: nothing, or unknown)
    adapters: tuple[tuple[str, float], ...] = ()
    remote: bool = False
    load: LoadModel | None = None  # the request that loads it (to put it back after a lease)


class Lease:
    """A hold on the worker (see `SharedWorker.lease`); requests submitted with it run at once."""

    def __init__(self, start: QueuedState) -> None:
        self.start = start  # what was queued when the lease began


class SharedWorker:
    """Has the methods the GUI's EngineBridge uses on an InferenceWorker (submit, cancel,
    stop, shutdown), so it can stand in for one."""

    def __init__(self, engine_factory: Callable[[], Engine]) -> None:
        self._lock = threading.RLock()
        self._listeners: list[Listener] = []
        self._subscribers: dict[int, Listener] = {}
        self._loads: dict[int, QueuedState] = {}
        self._queued = QueuedState(None)
        self._loaded: ModelLoaded | None = None
        # While a lease is held: its holder, the state it must put back, what waits behind it
        # and the state others see (what will be loaded once their requests run).
        self._lease: Lease | None = None
        self._lease_turn = threading.Lock()  # one lease at a time; the next borrower waits
        self._restore = QueuedState(None)
        self._held: list[EngineRequest] = []
        self._outside = QueuedState(None)
        self.worker = InferenceWorker(engine_factory, self._deliver)

    def start(self) -> SharedWorker:
        self.worker.start()
        return self

    # ---- listeners -------------------------------------------------------------------------

    def add_listener(self, listener: Listener) -> None:
        """`listener` sees every event, on the worker thread (it must only hand it on)."""
        with self._lock:
            self._listeners.append(listener)

    def subscribe(self, request_id: int, listener: Listener) -> None:
        with self._lock:
            self._subscribers[request_id] = listener

    def unsubscribe(self, request_id: int) -> None:
        with self._lock:
            self._subscribers.pop(request_id, None)

    # ---- the worker's interface ------------------------------------------------------------

    @property
    def lock(self) -> threading.RLock:
        """Hold it to submit several requests with nothing else queued in between."""
        return self._lock

    @property
    def queued_state(self) -> QueuedState:
        """What the next request submitted (without a lease) will run on."""
        with self._lock:
            return self._outside if self._lease is not None else self._queued

    @property
    def loaded(self) -> ModelLoaded | None:
        """The last model the worker reported loaded (None after an unload or a failed load)."""
        with self._lock:
            return self._loaded

    def submit(self, request: EngineRequest, *, lease: Lease | None = None) -> int:
        """Queue `request`. While a lease is held, only its holder's requests (`lease=`) go
        to the worker at once; the others wait, in order, until it ends."""
        with self._lock:
            if lease is not None and lease is not self._lease:
                raise RuntimeError("this lease has ended")
            if self._lease is not None and lease is None:
                self._held.append(request)
                self._outside = _after(self._outside, request)
                return request.request_id
            return self._submit_now(request)

    def _submit_now(self, request: EngineRequest) -> int:
        self._queued = _after(self._queued, request)
        if isinstance(request, LoadModel):
            self._loads[request.request_id] = self._queued
        return self.worker.submit(request)

    @contextlib.contextmanager
    def lease(self) -> Iterator[Lease]:
        """Hold the worker for a job that changes its model or adapters. Never on the GUI
        thread: it waits for an earlier lease to end."""
        with self._lease_turn:
            with self._lock:
                held = Lease(self._queued)
                self._lease = held
                self._restore = self._outside = self._queued
            try:
                yield held
            finally:
                self._end_lease()

    def _end_lease(self) -> None:
        with self._lock:
            restore, now = self._restore, self._queued
            if now.load is not restore.load:  # the lease loaded another model
                if restore.load is None:
                    self._submit_now(Unload())
                else:
                    self._submit_now(replace(restore.load, request_id=next_request_id()))
                if restore.adapters:
                    self._submit_now(SetAdapters(restore.adapters))
            elif now.adapters != restore.adapters:
                self._submit_now(SetAdapters(restore.adapters))
            held, self._held = self._held, []
            self._lease = None
            for request in held:
                self._submit_now(request)

    def cancel(self, request_id: int) -> None:
        self.worker.cancel(request_id)

    def stop(self) -> None:
        self.worker.stop()

    def shutdown(self, timeout_s: float = 10.0) -> None:
        self.worker.shutdown(timeout_s)

    @property
    def is_alive(self) -> bool:
        return self.worker.is_alive

    # ---- the worker thread -----------------------------------------------------------------

    def _deliver(self, event: EngineEvent) -> None:
        with self._lock:
            self._track(event)
            listeners = list(self._listeners)
            subscriber = self._subscribers.get(event.request_id)
        for listener in listeners:
            listener(event)
        if subscriber is not None:
            subscriber(event)

    def _track(self, event: EngineEvent) -> None:
        if isinstance(event, ModelLoaded):
            self._loads.pop(event.request_id, None)
            self._loaded = event
        elif isinstance(event, ModelUnloaded):
            self._loaded = None
        elif isinstance(event, Failed) and event.request_id in self._loads:
            # A failed load may have unloaded the previous model first: assume nothing is
            # loaded, so the next request that needs a model loads it again.
            failed = self._loads.pop(event.request_id)
            self._loaded = None
            if self._queued == failed:
                self._queued = QueuedState(None)


def _after(state: QueuedState, request: EngineRequest) -> QueuedState:
    """The queued state once `request` has run."""
    if isinstance(request, LoadModel):
        return QueuedState(request.path, (), request.remote is not None, request)
    if isinstance(request, Unload):
        return QueuedState(None)
    if isinstance(request, SetAdapters):
        return replace(state, adapters=request.adapters)
    return state
