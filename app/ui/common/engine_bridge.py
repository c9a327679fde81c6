"""All cross-thread wiring between the InferenceWorker and the GUI, in one place.

The worker calls `_deliver` on its own thread. `_deliver` only emits one internal signal that is
connected with Qt.QueuedConnection, so the event arrives in the GUI thread's event loop, where it
is fanned out to typed signals. Widgets never see the worker thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal

from app.api.shared_worker import SharedWorker
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
from app.engine.worker import InferenceWorker


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
        self._worker: InferenceWorker | SharedWorker | None = None
        self._event_from_worker.connect(self._dispatch, Qt.ConnectionType.QueuedConnection)

    def attach(self, worker: InferenceWorker | SharedWorker) -> None:
        self._worker = worker

    @property
    def worker(self) -> InferenceWorker | SharedWorker | None:
        return self._worker

    def deliver(self, event: EngineEvent) -> None:
        """The worker's event sink. Runs on the worker thread: only emit, touch nothing."""
        self._event_from_worker.emit(event)

    def submit(self, request: EngineRequest) -> int:
        if self._worker is None:
            raise RuntimeError("EngineBridge has no worker")
        return self._worker.submit(request)

    def stop(self) -> None:
        if self._worker is not None:
            self._worker.stop()

    def cancel(self, request_id: int) -> None:
        if self._worker is not None:
            self._worker.cancel(request_id)

    def shutdown(self) -> None:
        if self._worker is not None:
            self._worker.shutdown()
            self._worker = None

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
