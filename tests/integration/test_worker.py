"""The InferenceWorker thread with the real LlamaEngine on the starter model.

A sink puts every event into a queue.Queue together with the name of the thread it arrived on and
when; the helpers below read the queue until the event a test waits for.
"""

from __future__ import annotations

import itertools
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.engine.llama_engine import LlamaEngine
from app.engine.types import (
    AdaptersChanged,
    ChatTurn,
    EngineEvent,
    Failed,
    Finished,
    Generate,
    LoadModel,
    LoadOptions,
    ModelLoaded,
    PromptReady,
    SamplingParams,
    TextChunk,
)
from app.engine.worker import InferenceWorker

BATCH_INTERVAL_S = 0.2
N_CTX = 1024
# One reply at a time: these tests are about the queue; replies decoded together are tested in
# test_batched_decoding.py.
OPTIONS = LoadOptions(n_ctx=N_CTX, n_gpu_layers=0, n_parallel=1)
LONG_STORY = (
    ChatTurn("system", "You are a storyteller who writes long, detailed stories."),
    ChatTurn("user", "Write a very long story about a lighthouse keeper and a storm."),
)
TERMINAL = (Finished, Failed, ModelLoaded, AdaptersChanged)


@dataclass(frozen=True)
class Seen:
    event: EngineEvent
    thread: str
    at: float


class Events:
    """The worker's sink: every event goes into a queue; tests read it in order."""

    def __init__(self) -> None:
        self.queue: queue.Queue[Seen] = queue.Queue()
        self.seen: list[Seen] = []

    def sink(self, event: EngineEvent) -> None:
        self.queue.put(Seen(event, threading.current_thread().name, time.monotonic()))

    def _next(self, deadline: float) -> Seen:
        remaining = deadline - time.monotonic()
        try:
            item = self.queue.get(timeout=max(remaining, 0.001))
        except queue.Empty:
            raise AssertionError(f"timed out; events so far: {self.seen}") from None
        self.seen.append(item)
        return item

    def until(self, predicate: Callable[[EngineEvent], bool], timeout: float = 120) -> Seen:
        deadline = time.monotonic() + timeout
        while True:
            item = self._next(deadline)
            if predicate(item.event):
                return item

    def until_end(self, request_id: int, timeout: float = 120) -> list[Seen]:
        """All events of one request, up to and including its last one."""
        self.until(lambda e: isinstance(e, TERMINAL) and e.request_id == request_id, timeout)
        return [s for s in self.seen if s.event.request_id == request_id]


def start_worker(events: Events) -> InferenceWorker:
    return InferenceWorker(LlamaEngine, events.sink, batch_interval_s=BATCH_INTERVAL_S).start()


@dataclass
class LoadedWorker:
    worker: InferenceWorker
    events: Events
    loaded: ModelLoaded


@pytest.fixture(scope="module")
def loaded(starter_model: Path) -> Iterator[LoadedWorker]:
    """One worker with the starter model loaded, shared by the tests that only generate."""
    events = Events()
    worker = start_worker(events)
    request = LoadModel(str(starter_model), sha256="starter", options=OPTIONS)
    worker.submit(request)
    last = events.until_end(request.request_id)[-1].event
    assert isinstance(last, ModelLoaded), last
    yield LoadedWorker(worker, events, last)
    worker.shutdown()
    assert not worker.is_alive
    assert {s.thread for s in events.seen} == {"InferenceWorker"}


@pytest.fixture
def fresh() -> Iterator[tuple[InferenceWorker, Events]]:
    events = Events()
    worker = start_worker(events)
    yield worker, events
    worker.shutdown()


def test_load_reports_the_model_on_the_cpu_with_the_context_asked_for(
    loaded: LoadedWorker, starter_model: Path
) -> None:
    model = loaded.loaded.model
    assert model.backend == "CPU"
    assert model.n_gpu_layers == 0
    assert model.n_ctx == N_CTX
    assert model.path == str(starter_model)
    assert model.sha256 == "starter"
    assert model.load_s > 0


def test_generate_streams_batched_chunks_that_add_up_to_the_reply(loaded: LoadedWorker) -> None:
    request = Generate(LONG_STORY, SamplingParams(max_tokens=100, seed=11, temperature=0.8))
    loaded.worker.submit(request)
    seen = loaded.events.until_end(request.request_id)
    kinds = [type(s.event) for s in seen]
    assert kinds[0] is PromptReady
    assert kinds[-1] is Finished
    assert set(kinds[1:-1]) == {TextChunk}
    prompt = seen[0].event
    assert isinstance(prompt, PromptReady)
    finished = seen[-1].event
    assert isinstance(finished, Finished)
    chunks = [s for s in seen if isinstance(s.event, TextChunk)]
    texts = [s.event.text for s in chunks if isinstance(s.event, TextChunk)]
    assert len(texts) >= 2
    assert all(texts), "no empty chunks"
    assert "".join(texts) == finished.text
    stats = finished.stats
    assert stats.prompt_tokens == prompt.prompt_tokens
    assert stats.completion_tokens >= 60, "the story should run to (near) the token limit"
    # Batching: about one chunk per 0.2 s, never one per token.
    assert len(chunks) < stats.completion_tokens
    gaps = [b.at - a.at for a, b in itertools.pairwise(chunks[:-1])]
    assert all(gap >= BATCH_INTERVAL_S * 0.9 for gap in gaps), gaps  # the last is the flush
    assert len(chunks) <= stats.total_s / BATCH_INTERVAL_S + 2


def test_stop_ends_a_generation_quickly_as_cancelled(loaded: LoadedWorker) -> None:
    request = Generate(LONG_STORY, SamplingParams(max_tokens=2000, seed=3))
    loaded.worker.submit(request)
    loaded.events.until(lambda e: isinstance(e, TextChunk) and e.request_id == request.request_id)
    stopped_at = time.monotonic()
    loaded.worker.stop()
    seen = loaded.events.until_end(request.request_id, timeout=30)
    finished = seen[-1]
    assert isinstance(finished.event, Finished)
    assert finished.event.stats.finish_reason == "cancelled"
    assert finished.at - stopped_at < 2.0
    assert 0 < finished.event.stats.completion_tokens < 2000
    streamed = "".join(s.event.text for s in seen if isinstance(s.event, TextChunk))
    assert streamed == finished.event.text


def test_cancelling_a_queued_request_fails_it_before_it_starts(loaded: LoadedWorker) -> None:
    running = Generate(LONG_STORY, SamplingParams(max_tokens=2000, seed=4))
    queued = Generate((ChatTurn("user", "Say hi."),), SamplingParams(max_tokens=8))
    loaded.worker.submit(running)
    loaded.worker.submit(queued)
    loaded.events.until(lambda e: isinstance(e, PromptReady) and e.request_id == running.request_id)
    loaded.worker.cancel(queued.request_id)
    loaded.worker.cancel(running.request_id)  # the running one stops at its next token
    first = loaded.events.until_end(running.request_id, timeout=30)[-1].event
    assert isinstance(first, Finished)
    assert first.stats.finish_reason == "cancelled"
    second = loaded.events.until_end(queued.request_id, timeout=30)
    assert [s.event for s in second] == [Failed(queued.request_id, "Cancelled before it started.")]
    # The worker still serves the next request.
    after = Generate((ChatTurn("user", "Say hi."),), SamplingParams(max_tokens=4, seed=1))
    loaded.worker.submit(after)
    last = loaded.events.until_end(after.request_id)[-1].event
    assert isinstance(last, Finished)
    assert last.stats.completion_tokens > 0


def test_generate_without_a_model_fails_clearly(fresh: tuple[InferenceWorker, Events]) -> None:
    worker, events = fresh
    request = Generate((ChatTurn("user", "Hello?"),), SamplingParams(max_tokens=4))
    worker.submit(request)
    seen = events.until_end(request.request_id, timeout=30)
    assert len(seen) == 1
    failed = seen[0].event
    assert isinstance(failed, Failed)
    assert failed.message.startswith("No model is loaded")
    assert worker.is_alive


def test_a_failed_load_names_the_file_and_the_thread_keeps_serving(
    fresh: tuple[InferenceWorker, Events], tmp_path: Path, starter_model: Path
) -> None:
    worker, events = fresh
    notes = tmp_path / "holiday-notes.gguf"
    notes.write_text("Remember to water the plants.\n" * 50, encoding="utf-8")
    bad = LoadModel(str(notes), options=OPTIONS)
    worker.submit(bad)
    failed = events.until_end(bad.request_id, timeout=30)[-1].event
    assert isinstance(failed, Failed)
    assert "holiday-notes.gguf" in failed.message
    assert worker.is_alive

    good = LoadModel(str(starter_model), options=OPTIONS)
    worker.submit(good)
    loaded = events.until_end(good.request_id)[-1].event
    assert isinstance(loaded, ModelLoaded), loaded
    reply = Generate((ChatTurn("user", "Say hello."),), SamplingParams(max_tokens=6, seed=2))
    worker.submit(reply)
    finished = events.until_end(reply.request_id)[-1].event
    assert isinstance(finished, Finished)
    assert finished.stats.completion_tokens > 0
    assert {s.thread for s in events.seen} == {"InferenceWorker"}


def test_every_event_arrives_on_the_worker_thread(loaded: LoadedWorker) -> None:
    request = Generate((ChatTurn("user", "Count to five."),), SamplingParams(max_tokens=16))
    loaded.worker.submit(request)
    seen = loaded.events.until_end(request.request_id)
    assert len(seen) >= 3
    assert {s.thread for s in loaded.events.seen} == {"InferenceWorker"}
    assert threading.current_thread().name != "InferenceWorker"


def test_shutdown_joins_the_thread_during_a_long_generation(
    starter_model: Path,
) -> None:
    events = Events()
    worker = start_worker(events)
    load = LoadModel(str(starter_model), options=OPTIONS)
    worker.submit(load)
    assert isinstance(events.until_end(load.request_id)[-1].event, ModelLoaded)
    long = Generate(LONG_STORY, SamplingParams(max_tokens=2000, seed=9))
    never = Generate((ChatTurn("user", "Never run."),), SamplingParams(max_tokens=4))
    worker.submit(long)
    worker.submit(never)
    events.until(lambda e: isinstance(e, TextChunk) and e.request_id == long.request_id)
    started = time.monotonic()
    worker.shutdown(timeout_s=10)
    elapsed = time.monotonic() - started
    assert not worker.is_alive
    assert elapsed < 3.0, f"shutdown took {elapsed:.2f} s"
    # Drain what was delivered: the running reply ended as cancelled, the queued one never ran.
    while not events.queue.empty():
        events.seen.append(events.queue.get_nowait())
    ends = [s.event for s in events.seen if isinstance(s.event, Finished)]
    assert [e.request_id for e in ends] == [long.request_id]
    assert ends[0].stats.finish_reason == "cancelled"
    assert all(s.event.request_id != never.request_id for s in events.seen)
