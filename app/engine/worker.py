"""The InferenceWorker: one long-lived thread that owns the engine (and so the Llama object).

Requests go in through a queue; events come out through one callback, called on the worker
thread. The GUI's bridge turns that callback into queued Qt signals; the CLI and tests can
consume events directly. Text is batched (about 40 ms) so consumers never see per-token traffic.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from typing import Protocol, cast, runtime_checkable

from app.engine.batch_scheduler import BatchRun, batched_road
from app.engine.batched_replies import BatchedReplies
from app.engine.errors import EngineError
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
    LoadedModel,
    LoadModel,
    LoadOptions,
    ModelLoaded,
    ModelUnloaded,
    PromptReady,
    RemoteTarget,
    SamplingParams,
    SetAdapters,
    TextChunk,
    Unload,
)

_log = logging.getLogger(__name__)

EventSink = Callable[[EngineEvent], None]
DEFAULT_BATCH_INTERVAL_S = 0.04


class Engine(Protocol):
    """What the worker needs from an engine (LlamaEngine; tests may script one for layout)."""

    def load(
        self, path: str, *, sha256: str = "", options: LoadOptions | None = None
    ) -> LoadedModel: ...

    def unload(self) -> None: ...

    def reset_cache(self) -> None: ...

    def set_adapters(self, adapters: Sequence[tuple[str, float]]) -> tuple[ActiveAdapter, ...]: ...

    def generate(
        self,
        turns: tuple[ChatTurn, ...],
        sampling: SamplingParams,
        *,
        on_text: Callable[[str], None],
        stop: threading.Event,
        on_prompt: Callable[[int, int], None] | None = None,
        continue_from: str = "",
    ) -> GenerationResult: ...

    def close(self) -> None: ...


@runtime_checkable
class RemoteCapableEngine(Protocol):
    """An engine that can also drive an OpenAI-compatible server (app.engine.router)."""

    def load(
        self,
        path: str,
        *,
        sha256: str = "",
        options: LoadOptions | None = None,
        remote: RemoteTarget | None = None,
    ) -> LoadedModel: ...


class _Shutdown:
    pass


class TextBatcher:
    """Collects streamed text and hands it on at most every `interval_s` (first piece at once)."""

    def __init__(self, emit: Callable[[str], None], interval_s: float) -> None:
        self._emit = emit
        self._interval = interval_s
        self._pending: list[str] = []
        self._last_emit = 0.0

    def add(self, text: str) -> None:
        self._pending.append(text)
        now = time.monotonic()
        if now - self._last_emit >= self._interval:
            self._last_emit = now
            self.flush()

    def flush(self) -> None:
        if self._pending:
            text = "".join(self._pending)
            self._pending.clear()
            self._emit(text)


class InferenceWorker:
    def __init__(
        self,
        engine_factory: Callable[[], Engine],
        sink: EventSink,
        *,
        batch_interval_s: float = DEFAULT_BATCH_INTERVAL_S,
    ) -> None:
        self._engine_factory = engine_factory
        self._sink = sink
        self._batch_interval = batch_interval_s
        self._queue: queue.Queue[EngineRequest | _Shutdown] = queue.Queue()
        self._lock = threading.Lock()
        self._current_id: int | None = None
        self._current_stop = threading.Event()
        self._batch_stops: dict[int, threading.Event] = {}  # replies decoded together
        self._cancelled: set[int] = set()
        self._thread = threading.Thread(target=self._run, name="InferenceWorker", daemon=True)
        self._started = False

    # ---- called from any thread --------------------------------------------------------------

    def start(self) -> InferenceWorker:
        if not self._started:
            self._started = True
            self._thread.start()
        return self

    def submit(self, request: EngineRequest) -> int:
        self._queue.put(request)
        return request.request_id

    def cancel(self, request_id: int) -> None:
        """Stop this request: at the next token if running, before it starts if queued."""
        with self._lock:
            if self._current_id == request_id:
                self._current_stop.set()
            elif request_id in self._batch_stops:
                self._batch_stops[request_id].set()
            else:
                self._cancelled.add(request_id)

    def stop(self) -> None:
        """Stop whatever generation is running now (Esc / the Stop button)."""
        with self._lock:
            self._current_stop.set()
            for stop in self._batch_stops.values():
                stop.set()

    def shutdown(self, timeout_s: float = 10.0) -> None:
        """Drain the queue, stop, join the thread; the engine frees the model on its thread."""
        if not self._started:
            return
        # Drain before stopping: stopping first would let the thread start the next queued
        # request the moment the current one ends.
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        self.stop()
        self._queue.put(_Shutdown())
        self._thread.join(timeout_s)
        if self._thread.is_alive():
            _log.error("inference thread did not stop within %.1f s", timeout_s)

    @property
    def is_alive(self) -> bool:
        return self._thread.is_alive()

    # ---- the worker thread -------------------------------------------------------------------

    def _run(self) -> None:
        engine = self._engine_factory()
        try:
            waiting: EngineRequest | _Shutdown | None = None
            while True:
                request = waiting if waiting is not None else self._queue.get()
                waiting = None
                if isinstance(request, _Shutdown):
                    return
                replies = batched_road(engine, request)
                if replies is not None and isinstance(request, Generate):
                    # Decodes this reply with whatever joins it; hands back the first
                    # request that could not join, to run next.
                    waiting = cast(
                        "EngineRequest | _Shutdown | None", self._batch_run(replies).run(request)
                    )
                else:
                    self._handle(engine, request)
        finally:
            engine.close()

    def _batch_run(self, replies: BatchedReplies) -> BatchRun:
        def text_sinks(rid: int) -> tuple[Callable[[str], None], Callable[[], None]]:
            batcher = TextBatcher(
                lambda text: self._sink(TextChunk(rid, text)), self._batch_interval
            )
            return batcher.add, batcher.flush

        return BatchRun(
            replies,
            self._queue,
            self._sink,
            text_sinks,
            begin=self._begin_batched,
            end=self._end_batched,
        )

    def _begin_batched(self, request_id: int) -> threading.Event | None:
        with self._lock:
            if request_id in self._cancelled:
                self._cancelled.discard(request_id)
                return None
            stop = self._batch_stops[request_id] = threading.Event()
            return stop

    def _end_batched(self, request_id: int) -> None:
        with self._lock:
            self._batch_stops.pop(request_id, None)

    def _handle(self, engine: Engine, request: EngineRequest) -> None:
        with self._lock:
            if request.request_id in self._cancelled:
                self._cancelled.discard(request.request_id)
                skipped = True
            else:
                skipped = False
                self._current_id = request.request_id
                self._current_stop = threading.Event()
            stop = self._current_stop
        if skipped:
            self._sink(Failed(request.request_id, "Cancelled before it started."))
            return
        try:
            self._dispatch(engine, request, stop)
        except EngineError as exc:
            self._sink(Failed(request.request_id, str(exc)))
        except Exception as exc:  # never let the thread die: the app would hang on it
            _log.exception("unexpected engine failure")
            self._sink(Failed(request.request_id, f"Unexpected error: {exc}"))
        finally:
            with self._lock:
                self._current_id = None

    def _dispatch(self, engine: Engine, request: EngineRequest, stop: threading.Event) -> None:
        rid = request.request_id
        if isinstance(request, LoadModel):
            if request.remote is not None:
                if not isinstance(engine, RemoteCapableEngine):
                    raise EngineError("This Hearth was started without remote endpoints.")
                model = engine.load(
                    request.path,
                    sha256=request.sha256,
                    options=request.options,
                    remote=request.remote,
                )
            else:
                model = engine.load(request.path, sha256=request.sha256, options=request.options)
            self._sink(ModelLoaded(rid, model))
        elif isinstance(request, Unload):
            engine.unload()
            self._sink(ModelUnloaded(rid))
        elif isinstance(request, SetAdapters):
            # Runs between generations (the queue is serial), so no reply sees a half-changed set.
            self._sink(AdaptersChanged(rid, engine.set_adapters(request.adapters)))
        elif isinstance(request, Generate):
            if request.fresh_context:
                engine.reset_cache()
            batcher = TextBatcher(
                lambda text: self._sink(TextChunk(rid, text)), self._batch_interval
            )
            result = engine.generate(
                request.turns,
                request.sampling,
                on_text=batcher.add,
                stop=stop,
                on_prompt=lambda tokens, trimmed: self._sink(PromptReady(rid, tokens, trimmed)),
                continue_from=request.continue_from,
            )
            batcher.flush()
            self._sink(Finished(rid, result.text, result.stats))
