"""Several replies decoded together (continuous batching) on the real starter model.

Order of events, never timing, proves that replies ran together: every reply streams text
before any of them finishes.
"""

from __future__ import annotations

import http.client
import json
import queue
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.api.local_api import build_server
from app.api.served_models import ServedModel
from app.engine.client import EngineClient
from app.engine.llama_engine import LlamaEngine
from app.engine.shared_worker import SharedWorker
from app.engine.types import (
    ChatTurn,
    EngineEvent,
    Failed,
    Finished,
    Generate,
    LoadModel,
    LoadOptions,
    ModelLoaded,
    SamplingParams,
    TextChunk,
)
from app.engine.worker import InferenceWorker

OPTIONS = LoadOptions(n_ctx=1024, n_gpu_layers=0, n_threads=1, n_parallel=4)
PROMPTS = ("Name three colours.", "Write a haiku about the sea.", "What is 12 times 7? Explain.")
GREEDY = SamplingParams(temperature=0.0, max_tokens=32, seed=1)
STORY = SamplingParams(temperature=0.0, max_tokens=40, seed=1, repetition_guard=False)
LONG_CHAT = SamplingParams(temperature=0.0, max_tokens=120, seed=1, repetition_guard=False)


class Recorder:
    """The worker's sink: every event, in the order the worker sent them."""

    def __init__(self) -> None:
        self.events: queue.Queue[EngineEvent] = queue.Queue()
        self.seen: list[EngineEvent] = []

    def __call__(self, event: EngineEvent) -> None:
        self.events.put(event)

    def wait_for(self, ids: set[int]) -> dict[int, Finished | Failed]:
        ended: dict[int, Finished | Failed] = {}
        while not ids <= ended.keys():
            event = self.events.get(timeout=180)
            self.seen.append(event)
            if isinstance(event, Finished | Failed):
                ended[event.request_id] = event
            if isinstance(event, Failed) and event.request_id not in ids:
                raise AssertionError(event.message)
        return ended

    def streamed_before_first_end(self, ids: set[int]) -> set[int]:
        """The requests among `ids` that sent text before the first of them ended."""
        streamed: set[int] = set()
        for event in self.seen:
            if event.request_id not in ids:
                continue
            if isinstance(event, Finished | Failed):
                break
            if isinstance(event, TextChunk):
                streamed.add(event.request_id)
        return streamed


@pytest.fixture(scope="module")
def worker(starter_model: Path) -> Iterator[tuple[InferenceWorker, Recorder]]:
    recorder = Recorder()
    started = InferenceWorker(LlamaEngine, recorder, batch_interval_s=0.0).start()
    load = LoadModel(str(starter_model), options=OPTIONS)
    started.submit(load)
    loaded = recorder.events.get(timeout=120)
    assert isinstance(loaded, ModelLoaded), loaded
    yield started, recorder
    started.shutdown()


def ask(prompt: str, sampling: SamplingParams) -> Generate:
    return Generate((ChatTurn("user", prompt),), sampling)


def test_replies_decoded_together_equal_each_decoded_alone(
    worker: tuple[InferenceWorker, Recorder], starter_model: Path
) -> None:
    running, recorder = worker
    alone: list[str] = []
    for prompt in PROMPTS:
        request = ask(prompt, GREEDY)
        running.submit(request)
        result = recorder.wait_for({request.request_id})[request.request_id]
        assert isinstance(result, Finished)
        alone.append(result.text)
    assert len(set(alone)) == 3 and all(alone)

    together = [ask(prompt, GREEDY) for prompt in PROMPTS]
    for request in together:
        running.submit(request)
    ids = {r.request_id for r in together}
    ended = recorder.wait_for(ids)
    assert recorder.streamed_before_first_end(ids) == ids  # they really ran together
    texts = [ended[r.request_id] for r in together]
    assert all(isinstance(t, Finished) for t in texts)
    assert [t.text for t in texts if isinstance(t, Finished)] == alone

    # ... and what the one-reply-at-a-time road (Llama.generate) gives.
    single = LlamaEngine()
    single.load(str(starter_model), options=LoadOptions(n_ctx=1024, n_gpu_layers=0, n_parallel=1))
    try:
        for prompt, text in zip(PROMPTS, alone, strict=True):
            reply = single.generate(
                (ChatTurn("user", prompt),), GREEDY, on_text=lambda _: None, stop=threading.Event()
            )
            assert reply.text == text
    finally:
        single.close()


def test_cancelling_one_reply_leaves_the_others_running(
    worker: tuple[InferenceWorker, Recorder],
) -> None:
    running, recorder = worker
    stories = [
        ask(f"Write a very long story about a {subject}.", STORY)
        for subject in ("lighthouse keeper", "dragon", "baker", "sailor")
    ]
    waiting = ask("Say hi.", STORY)  # all 4 slots are busy: it waits in the queue
    for request in (*stories, waiting):
        running.submit(request)
    running.cancel(waiting.request_id)
    victim = stories[1].request_id
    # Cancel the middle one once it has streamed something (the others are running too).
    while True:
        event = recorder.events.get(timeout=180)
        recorder.seen.append(event)
        if isinstance(event, TextChunk) and event.request_id == victim:
            running.cancel(victim)
            break
    ended = recorder.wait_for({r.request_id for r in (*stories, waiting)})
    assert ended[waiting.request_id] == Failed(waiting.request_id, "Cancelled before it started.")
    cancelled = ended[victim]
    assert isinstance(cancelled, Finished) and cancelled.stats.finish_reason == "cancelled"
    assert cancelled.stats.completion_tokens < STORY.max_tokens
    for request in (stories[0], stories[2], stories[3]):
        result = ended[request.request_id]
        assert isinstance(result, Finished), result
        assert result.stats.finish_reason == "length"
        assert result.stats.completion_tokens == STORY.max_tokens


def test_a_chat_and_an_api_client_stream_together(starter_model: Path) -> None:
    shared = SharedWorker(LlamaEngine).start()
    client = EngineClient(shared)
    order: list[EngineEvent] = []
    order_lock = threading.Lock()

    def note(event: EngineEvent) -> None:  # every event, on the worker thread, in order
        with order_lock:
            order.append(event)

    shared.add_listener(note)
    model = ServedModel("smol", "SmolLM2 135M", str(starter_model))
    server = build_server(
        client, lambda: [model], allow_switching=False, port=0, token=None, load_options=OPTIONS
    )
    server.start()
    try:
        loaded = threading.Event()
        client.submit(LoadModel(str(starter_model), options=OPTIONS), lambda e: loaded.set())
        assert loaded.wait(120)

        chat_done = threading.Event()
        chat = Generate(
            (ChatTurn("user", "Write a very long story about a lighthouse keeper."),), LONG_CHAT
        )
        client.submit(chat, lambda e: chat_done.set() if isinstance(e, Finished) else None)

        connection = http.client.HTTPConnection(server.host, server.port, timeout=180)
        body = {
            "model": "smol",
            "messages": [{"role": "user", "content": "Tell me a long story about a dragon."}],
            "max_tokens": 40,
            "temperature": 0,
            "stream": True,
        }
        connection.request(
            "POST", "/v1/chat/completions", json.dumps(body), {"Content-Type": "application/json"}
        )
        response = connection.getresponse()
        assert response.status == 200
        streamed = [
            json.loads(line[6:])
            for line in response.read().decode().splitlines()
            if line.startswith("data: {")
        ]
        connection.close()
        assert "".join(
            c["choices"][0]["delta"].get("content") or "" for c in streamed if c["choices"]
        )
        assert chat_done.wait(180)
    finally:
        server.stop()
        shared.shutdown()

    with order_lock:
        generated = [e for e in order if isinstance(e, TextChunk | Finished)]
    api_ids = {e.request_id for e in generated} - {chat.request_id}
    assert len(api_ids) == 1
    ids = {chat.request_id, *api_ids}
    streamed_first: set[int] = set()
    for event in generated:
        if isinstance(event, Finished):
            break
        streamed_first.add(event.request_id)
    assert streamed_first == ids  # both streamed before either finished


def test_each_conversation_reuses_its_own_cached_prefix(
    worker: tuple[InferenceWorker, Recorder],
) -> None:
    running, recorder = worker
    questions = {
        "a": ("Name a red fruit.", "And a yellow one?"),
        "b": ("Who wrote Hamlet?", "When?"),
    }
    firsts = {k: ask(q[0], GREEDY) for k, q in questions.items()}
    for request in firsts.values():
        running.submit(request)
    ended = recorder.wait_for({r.request_id for r in firsts.values()})
    seconds: dict[str, Generate] = {}
    for key, request in firsts.items():
        first = ended[request.request_id]
        assert isinstance(first, Finished)
        turns = (
            *request.turns,
            ChatTurn("assistant", first.text),
            ChatTurn("user", questions[key][1]),
        )
        seconds[key] = Generate(turns, GREEDY)
    for request in seconds.values():  # both follow-ups at once, each finds its conversation
        running.submit(request)
    followed = recorder.wait_for({r.request_id for r in seconds.values()})
    for key, request in seconds.items():
        second, first = followed[request.request_id], ended[firsts[key].request_id]
        assert isinstance(second, Finished) and isinstance(first, Finished)
        new_part = second.stats.prompt_tokens - first.stats.prompt_tokens
        assert 0 < second.stats.prompt_tokens_evaluated <= new_part


def test_a_grammar_reply_between_batched_ones_leaves_both_roads_correct(
    worker: tuple[InferenceWorker, Recorder],
) -> None:
    running, recorder = worker

    def reply(request: Generate) -> str:
        running.submit(request)
        result = recorder.wait_for({request.request_id})[request.request_id]
        assert isinstance(result, Finished), result
        return result.text

    before = reply(ask(PROMPTS[0], GREEDY))  # the batched road
    yes_no = SamplingParams(temperature=0.0, max_tokens=4, grammar='root ::= "yes" | "no"')
    assert reply(ask("Is the sea wet? Answer yes or no.", yes_no)) in {"yes", "no"}
    assert reply(ask(PROMPTS[0], GREEDY)) == before  # back on the batched road
    again = reply(ask("Is fire cold? Answer yes or no.", yes_no))  # the single road, twice
    assert again in {"yes", "no"}
