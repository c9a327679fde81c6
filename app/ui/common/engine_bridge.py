"""All cross-thread wiring between the InferenceWorker and the GUI, in one place.

The GUI submits through the engine's client (app.engine.client), subscribed to each request's
events: the client calls `deliver` on the worker thread, which only emits one internal signal
connected with Qt.QueuedConnection, so the event arrives in the GUI thread's event loop, where it
is fanned out to typed signals. Widgets never see the worker thread. Background jobs (template
recipes, Adapter Studio) use the client's blocking calls instead and never pass through here.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal

from app.engine.client import BlockingGenerator, EngineClient
from app.engine.errors import EngineError
from app.engine.shared_worker import SharedWorker
from app.engine.types import (
    AdaptersChanged,
    EngineEvent,
    EngineRequest,
    Failed,
    Finished,
    ModelLoaded,
    ModelUnloaded,
    PromptReady,
    TextChunk,
)


class EngineBridge(QObject):
    # (request_id, payload) — consumers compare request ids and drop stale events.
    model_loaded = Signal(int, object)  # LoadedModel
    model_unloaded = Signal(int)
    prompt_ready = Signal(int, int, int)  # request_id, prompt tokens, trimmed turns
    text_received = Signal(int, str)
    finished = Signal(int, object)  # Finished
    failed = Signal(int, str)
    adapters_changed = Signal(int, object)  # tuple[ActiveAdapter, ...]

    _event_from_worker = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client: EngineClient | None = None
        self._event_from_worker.connect(self._dispatch, Qt.ConnectionType.QueuedConnection)

    def attach(self, client: EngineClient) -> None:
        self._client = client

    @property
    def client(self) -> EngineClient | None:
        return self._client

    @property
    def worker(self) -> SharedWorker | None:
        return self._client.worker if self._client is not None else None

    def deliver(self, event: EngineEvent) -> None:
        """A request's event sink. Runs on the worker thread: only emit, touch nothing."""
        self._event_from_worker.emit(event)

    def submit(self, request: EngineRequest) -> int:
        """Queue `request`; its events come back as this bridge's signals."""
        if self._client is None:
            raise RuntimeError("EngineBridge has no worker")
        return self._client.submit(request, self.deliver)

    def text_generator(self) -> BlockingGenerator:
        """A blocking generator for one background job (see EngineClient.generate)."""
        if self._client is None:
            raise EngineError("The inference thread is not running.")
        return self._client.text_generator()

    def cancel(self, request_id: int) -> None:
        if self._client is not None:
            self._client.cancel(request_id)

    def shutdown(self) -> None:
        if self._client is not None:
            self._client.shutdown()
            self._client = None

    def _dispatch(self, event: object) -> None:
        if isinstance(event, TextChunk):
            self.text_received.emit(event.request_id, event.text)
        elif isinstance(event, PromptReady):
            self.prompt_ready.emit(event.request_id, event.prompt_tokens, event.trimmed_turns)
        elif isinstance(event, Finished):
            self.finished.emit(event.request_id, event)
        elif isinstance(event, Failed):
            self.failed.emit(event.request_id, event.message)
        elif isinstance(event, ModelLoaded):
            self.model_loaded.emit(event.request_id, event.model)
        elif isinstance(event, ModelUnloaded):
            self.model_unloaded.emit(event.request_id)
        elif isinstance(event, AdaptersChanged):
            self.adapters_changed.emit(event.request_id, event.active)
