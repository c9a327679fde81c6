"""One InferenceWorker shared by several front ends (the GUI and the local API server).

The worker has one event sink and one FIFO queue. This wrapper fans its events out (to
listeners that see everything, like the GUI's bridge, and to per-request subscribers, like an
API request waiting for its reply), and watches what goes into the queue so that a front end
can tell which model will be loaded when its request runs. The queue itself stays FIFO: an API
request and a GUI request are served in the order they arrived.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from app.engine.types import (
    EngineEvent,
    EngineRequest,
    Failed,
    LoadModel,
    ModelLoaded,
    ModelUnloaded,
    SetAdapters,
    Unload,
)
from app.engine.worker import Engine, InferenceWorker

Listener = Callable[[EngineEvent], None]


@dataclass(frozen=True)
class QueuedState:
    """What will be loaded once everything submitted so far has run."""

    model_path: str | None  # LoadModel.path of the last load (None: nothing, or unknown)
    adapters: tuple[tuple[str, float], ...] = ()
    remote: bool = False


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
        with self._lock:
            return self._queued

    @property
    def loaded(self) -> ModelLoaded | None:
        """The last model the worker reported loaded (None after an unload or a failed load)."""
        with self._lock:
            return self._loaded

    def submit(self, request: EngineRequest) -> int:
        with self._lock:
            if isinstance(request, LoadModel):
                self._queued = QueuedState(request.path, (), request.remote is not None)
                self._loads[request.request_id] = self._queued
            elif isinstance(request, Unload):
                self._queued = QueuedState(None)
            elif isinstance(request, SetAdapters):
                self._queued = QueuedState(
                    self._queued.model_path, request.adapters, self._queued.remote
                )
            return self.worker.submit(request)

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
