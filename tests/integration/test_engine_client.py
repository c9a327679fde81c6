"""The engine's client on a real shared InferenceWorker and the starter model: a blocking
generate from a plain thread, cancel (running and queued), and a lease that lends the worker
another model and puts the previous one back before anything else runs."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.engine.client import CANCELLED_BEFORE_START, EngineClient
from app.engine.errors import EngineError
from app.engine.llama_engine import LlamaEngine
from app.engine.shared_worker import SharedWorker
from app.engine.types import (
    ChatTurn,
    EngineEvent,
    Failed,
    Finished,
    Generate,
    GenerationResult,
    LoadModel,
    LoadOptions,
    ModelLoaded,
    SamplingParams,
    SetAdapters,
    TextChunk,
)

# One reply at a time: these tests are about the queue (batching: test_batched_decoding.py).
OPTIONS = LoadOptions(n_ctx=1024, n_gpu_layers=0, n_parallel=1)
STORY = (ChatTurn("user", "Write a long story about a fox who learns to sail."),)
SHORT = (ChatTurn("user", "Name three colours."),)


@pytest.fixture
def client(starter_model: Path) -> Iterator[EngineClient]:
    client = EngineClient(SharedWorker(LlamaEngine).start())
    client.run(LoadModel(str(starter_model), sha256="starter", options=OPTIONS))
    yield client
    client.shutdown()
    assert not client.worker.is_alive


def test_blocking_generate_on_a_plain_thread_streams_there_and_returns_the_result(
    client: EngineClient,
) -> None:
    pieces: list[tuple[str, str]] = []
    results: list[GenerationResult] = []

    def job() -> None:
        result = client.generate(
            SHORT,
            SamplingParams(max_tokens=24, seed=3),
            on_text=lambda text: pieces.append((threading.current_thread().name, text)),
            stop=threading.Event(),
        )
        results.append(result)

    thread = threading.Thread(target=job, name="plain-job")
    thread.start()
    thread.join(120)  # this thread runs no event loop: nothing but the worker serves the job
    assert not thread.is_alive()
    (result,) = results
    assert pieces, "no text was streamed"
    assert {name for name, _ in pieces} == {"plain-job"}  # on_text ran on the caller's thread
    assert result.text == "".join(text for _, text in pieces)
    assert result.stats.completion_tokens > 0
    assert result.stats.finish_reason in {"stop", "length"}


def test_stop_cancels_a_running_generate_and_keeps_what_was_written(client: EngineClient) -> None:
    stop = threading.Event()
    streamed: list[str] = []

    def on_text(text: str) -> None:
        streamed.append(text)
        stop.set()  # the first batch is in: stop now

    result = client.generate(
        STORY, SamplingParams(max_tokens=400, seed=5), on_text=on_text, stop=stop
    )
    assert result.stats.finish_reason == "cancelled"
    assert streamed and result.text.startswith(streamed[0])
    assert result.stats.completion_tokens < 400


def test_cancel_before_start_ends_a_queued_request_and_a_failure_raises(
    client: EngineClient,
) -> None:
    first_text = threading.Event()
    ends: dict[int, EngineEvent] = {}
    done = threading.Event()

    def record(event: EngineEvent) -> None:
        if isinstance(event, TextChunk):
            first_text.set()
        elif isinstance(event, Finished | Failed):
            ends[event.request_id] = event
            if len(ends) == 2:
                done.set()

    running = Generate(STORY, SamplingParams(max_tokens=400, seed=5))
    queued = Generate(SHORT, SamplingParams(max_tokens=8, seed=5))
    client.submit(running, record)
    client.submit(queued, record)
    assert first_text.wait(120)
    client.cancel(queued.request_id)
    client.cancel(running.request_id)
    assert done.wait(120)
    stopped = ends[running.request_id]
    assert isinstance(stopped, Finished) and stopped.stats.finish_reason == "cancelled"
    skipped = ends[queued.request_id]
    assert isinstance(skipped, Failed) and skipped.message == CANCELLED_BEFORE_START
    with pytest.raises(EngineError, match=r"nope\.gguf"):
        client.run(LoadModel("/no/such/nope.gguf", options=OPTIONS))


def test_a_lease_holds_other_requests_and_puts_the_model_back_first(
    client: EngineClient, starter_model: Path, tmp_path: Path
) -> None:
    other_path = tmp_path / "other.gguf"  # another path to the same file: a model switch
    os.symlink(starter_model, other_path)
    worker = client.worker
    order: list[str] = []
    outside_done = threading.Event()
    loads: list[str] = []

    def track(event: EngineEvent) -> None:  # sees every event, in the order they happen
        if isinstance(event, ModelLoaded):
            loads.append(event.model.path)

    worker.add_listener(track)
    before = worker.queued_state
    with client.lease(LoadModel(str(other_path), options=OPTIONS)) as engine:
        assert worker.loaded is not None and worker.loaded.model.path == str(other_path)
        outside = Generate(SHORT, SamplingParams(max_tokens=8, seed=1))

        def on_outside(event: EngineEvent) -> None:
            if isinstance(event, Finished):
                order.append("outside")
                outside_done.set()

        client.submit(outside, on_outside)  # e.g. a chat reply asked for during drafting
        assert worker.queued_state == before  # what others will run on is unchanged
        assert engine.set_adapters([]) == ()
        result = engine.generate(
            SHORT,
            SamplingParams(max_tokens=8, seed=1),
            on_text=lambda _: None,
            stop=threading.Event(),
        )
        order.append("leased")
        assert result.stats.completion_tokens > 0
        assert not outside_done.is_set()
    assert outside_done.wait(120)
    assert order == ["leased", "outside"]
    assert loads == [str(other_path), str(starter_model)]  # the chat's model came back first
    assert worker.loaded is not None and worker.loaded.model.path == str(starter_model)
    assert worker.queued_state.model_path == str(starter_model)
    assert worker.queued_state.adapters == ()
    with pytest.raises(RuntimeError, match="lease has ended"):
        client.submit(SetAdapters(()), lease=engine.lease)
