"""The inference thread's loop while replies are decoded together.

`BatchRun` takes over from the worker's one-request-at-a-time loop when a Generate can go on
the batched road, and hands back when nothing is left running. Between decode steps it takes
more Generate requests off the worker's queue while there are free slots; the first request
that cannot join (a model load, adapters, a grammar-bound or exact-replay reply) stops the
intake: the running replies finish, then that request runs on its own, so the queue's order
still decides what every request runs on.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

from app.engine.batched_replies import BatchedReplies
from app.engine.errors import EngineError
from app.engine.types import (
    EngineEvent,
    Failed,
    Finished,
    Generate,
    GenerationResult,
    PromptReady,
)

_log = logging.getLogger(__name__)


@runtime_checkable
class BatchCapableEngine(Protocol):
    def batched_replies(self) -> BatchedReplies | None: ...


# A request id's (add text, flush) pair: its TextBatcher.
TextSinkFactory = Callable[[int], tuple[Callable[[str], None], Callable[[], None]]]


def batched_road(engine: object, request: object) -> BatchedReplies | None:
    """The batched road `request` can take on `engine`, if any."""
    if not isinstance(request, Generate) or not isinstance(engine, BatchCapableEngine):
        return None
    replies = engine.batched_replies()
    if replies is None or not replies.accepts(request):
        return None
    return replies


class BatchRun:
    def __init__(
        self,
        replies: BatchedReplies,
        requests: queue.Queue[Any],
        sink: Callable[[EngineEvent], None],
        text_sinks: TextSinkFactory,
        *,
        begin: Callable[[int], threading.Event | None],
        end: Callable[[int], None],
    ) -> None:
        self._replies = replies
        self._requests = requests
        self._sink = sink
        self._text_sinks = text_sinks
        self._begin = begin  # the request's stop event; None: it was cancelled while queued
        self._end = end
        self._flushes: dict[int, Callable[[], None]] = {}

    def run(self, first: Generate) -> object | None:
        """Decode `first` and whatever can join it; returns the request that stopped the
        intake (the caller runs it next), or None."""
        self._start(first)
        barrier: object | None = None
        while self._replies.active:
            while barrier is None and self._replies.has_room:
                try:
                    request = self._requests.get_nowait()
                except queue.Empty:
                    break
                if isinstance(request, Generate) and self._replies.accepts(request):
                    self._start(request)
                else:
                    barrier = request
            if not self._replies.active:
                break
            try:
                ended = self._replies.step()
            except EngineError as exc:
                self._fail_all(str(exc))
                break
            except Exception as exc:  # never let the thread die: the app would hang on it
                _log.exception("unexpected failure while decoding a batch")
                self._fail_all(f"Unexpected error: {exc}")
                break
            for request_id, result in ended:
                self._finish(request_id, result)
        return barrier

    def _start(self, request: Generate) -> None:
        rid = request.request_id
        stop = self._begin(rid)
        if stop is None:
            self._sink(Failed(rid, "Cancelled before it started."))
            return
        on_text, flush = self._text_sinks(rid)
        self._flushes[rid] = flush
        try:
            self._replies.start(
                request,
                on_text=on_text,
                stop=stop,
                on_prompt=lambda tokens, trimmed: self._sink(PromptReady(rid, tokens, trimmed)),
            )
        except Exception as exc:  # EngineError says what; anything else must not kill the thread
            if not isinstance(exc, EngineError):
                _log.exception("unexpected failure while starting a batched reply")
            self._flushes.pop(rid, None)
            self._end(rid)
            self._sink(
                Failed(
                    rid, str(exc) if isinstance(exc, EngineError) else f"Unexpected error: {exc}"
                )
            )

    def _finish(self, request_id: int, result: GenerationResult) -> None:
        flush = self._flushes.pop(request_id, None)
        if flush is not None:
            flush()
        self._end(request_id)
        self._sink(Finished(request_id, result.text, result.stats))

    def _fail_all(self, message: str) -> None:
        _log.error("batched decoding failed: %s", message)
        for request_id, _ in self._replies.cancel_all():
            self._flushes.pop(request_id, None)
            self._end(request_id)
            self._sink(Failed(request_id, message))
