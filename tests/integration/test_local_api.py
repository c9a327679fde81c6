"""Hearth's local OpenAI-compatible API, served by a real InferenceWorker on the starter model,
used with the `openai` client and with raw HTTP."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import openai
import pytest

from app.api.local_api import build_server
from app.api.runner import ApiServer, ApiServerError
from app.api.served_models import ServedModel
from app.engine.client import EngineClient
from app.engine.llama_engine import LlamaEngine
from app.engine.shared_worker import SharedWorker
from app.engine.types import EngineEvent, Finished, LoadOptions

OPTIONS = LoadOptions(n_ctx=1024, n_gpu_layers=0, n_threads=2)
TOKEN = "s3cret-token"
STORY = [{"role": "user", "content": "Tell me a long story about a dragon."}]


class Api:
    def __init__(self, worker: SharedWorker, server: ApiServer) -> None:
        self.worker = worker
        self.server = server
        self.finished: list[Finished] = []
        self.finished_event = threading.Event()
        worker.add_listener(self._on_event)

    def _on_event(self, event: EngineEvent) -> None:
        if isinstance(event, Finished):
            self.finished.append(event)
            self.finished_event.set()

    def client(self, token: str | None = TOKEN) -> openai.OpenAI:
        return openai.OpenAI(base_url=self.server.base_url, api_key=token or "none", max_retries=0)


def start_api(models: list[ServedModel], *, allow_switching: bool, token: str | None) -> Api:
    worker = SharedWorker(LlamaEngine).start()
    server = build_server(
        EngineClient(worker),
        lambda: models,
        allow_switching=allow_switching,
        port=0,
        token=token,
        load_options=OPTIONS,
        max_pending=16,
    )
    api = Api(worker, server)
    server.start()
    return api


def stop_api(api: Api) -> None:
    api.server.stop()
    api.worker.shutdown()


@pytest.fixture(scope="module")
def api(starter_model: Path) -> Iterator[Api]:
    started = start_api(
        [ServedModel("smol", "SmolLM2 135M", str(starter_model))], allow_switching=True, token=TOKEN
    )
    yield started
    stop_api(started)


def raw_post(api: Api, path: str, body: object, token: str | None = TOKEN) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(api.server.host, api.server.port, timeout=120)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    payload = body if isinstance(body, bytes) else json.dumps(body).encode()
    connection.request("POST", path, payload, headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data


def test_models_lists_the_alias_and_the_library(api: Api) -> None:
    ids = [m.id for m in api.client().models.list()]
    assert ids == ["hearth", "smol"]


def test_chat_completion_without_streaming(api: Api) -> None:
    reply = api.client().chat.completions.create(
        model="smol", messages=STORY, max_tokens=12, seed=3
    )
    assert reply.model == "smol"
    assert reply.choices[0].message.content
    assert reply.choices[0].finish_reason == "length"
    assert reply.usage is not None and reply.usage.completion_tokens == 12
    assert reply.usage.prompt_tokens > 10


def test_streaming_with_the_openai_client(api: Api) -> None:
    stream = api.client().chat.completions.create(
        model="hearth",
        messages=STORY,
        max_tokens=16,
        seed=3,
        stream=True,
        stream_options={"include_usage": True},
    )
    texts, reasons, usages = [], [], []
    for chunk in stream:
        for choice in chunk.choices:
            texts.append(choice.delta.content or "")
            reasons.append(choice.finish_reason)
        if chunk.usage:
            usages.append(chunk.usage.completion_tokens)
    assert "".join(texts).strip()
    assert reasons[-1] == "length" and usages == [16]
    same = api.client().chat.completions.create(model="smol", messages=STORY, max_tokens=16, seed=3)
    assert same.choices[0].message.content == "".join(texts)  # same seed, same text


def test_raw_sse_framing(api: Api) -> None:
    status, data = raw_post(
        api,
        "/v1/chat/completions",
        {"model": "smol", "messages": STORY, "max_tokens": 5, "stream": True},
    )
    assert status == 200
    events = [e for e in data.decode().split("\n\n") if e]
    assert all(e.startswith("data: ") for e in events)
    assert events[-1] == "data: [DONE]"
    first = json.loads(events[0][6:])
    assert first["object"] == "chat.completion.chunk"
    assert first["choices"][0]["delta"]["role"] == "assistant"


def test_stop_sequences_cut_the_reply(api: Api) -> None:
    client = api.client()
    full = client.chat.completions.create(model="smol", messages=STORY, max_tokens=40, seed=9)
    text = full.choices[0].message.content or ""
    stop = text[len(text) // 2 : len(text) // 2 + 3]
    assert stop.strip(), f"no usable stop sequence in {text!r}"
    cut = client.chat.completions.create(
        model="smol", messages=STORY, max_tokens=40, seed=9, stop=[stop]
    )
    assert cut.choices[0].message.content == text[: text.index(stop)]
    assert cut.choices[0].finish_reason == "stop"


def test_concurrent_requests_are_all_answered(api: Api) -> None:
    client = api.client()

    def ask(seed: int) -> str:
        reply = client.chat.completions.create(
            model="smol", messages=STORY, max_tokens=6, seed=seed
        )
        return reply.choices[0].message.content or ""

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(ask, range(6)))
    assert all(answers)
    alone = ask(4)
    assert answers[4] == alone  # interleaving did not mix replies


def test_client_disconnect_mid_stream_cancels_the_request(api: Api) -> None:
    api.finished_event.clear()
    api.finished.clear()
    sock = socket.create_connection((api.server.host, api.server.port), timeout=60)
    body = json.dumps(
        {"model": "smol", "messages": STORY, "max_tokens": 500, "stream": True}
    ).encode()
    sock.sendall(
        b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + b"Content-Type: application/json\r\n"
        + f"Authorization: Bearer {TOKEN}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    received = b""
    while received.count(b"data: ") < 3:
        received += sock.recv(4096)
    sock.close()
    assert api.finished_event.wait(120)
    stats = api.finished[0].stats
    assert stats.finish_reason == "cancelled"
    assert stats.completion_tokens < 500


def test_bad_requests_get_clear_errors(api: Api) -> None:
    status, data = raw_post(api, "/v1/chat/completions", b"{not json")
    assert status == 400 and b"not valid JSON" in data
    status, data = raw_post(api, "/v1/chat/completions", {"model": "nope", "messages": STORY})
    assert status == 404 and "no model “nope”" in json.loads(data)["error"]["message"]
    status, data = raw_post(
        api, "/v1/chat/completions", {"model": "smol", "messages": STORY, "tools": [{"x": 1}]}
    )
    assert status == 400 and b"tools" in data
    status, data = raw_post(api, "/v1/embeddings", {"model": "x", "input": "hello"})
    assert status == 400 and b"No embedding model is configured" in data


def test_token_is_required_when_set(api: Api) -> None:
    with pytest.raises(openai.AuthenticationError):
        api.client(token="wrong").models.list()
    status, data = raw_post(api, "/v1/chat/completions", {"model": "smol"}, token=None)
    assert status == 401 and json.loads(data)["error"]["code"] == "invalid_api_key"


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "localhost", "::1"])
def test_beyond_loopback_is_refused_without_a_token(api: Api, host: str) -> None:
    with pytest.raises(ApiServerError, match=r"set an API token|IPv4"):
        build_server(EngineClient(api.worker), lambda: [], allow_switching=False, port=0, host=host)


def test_embeddings_with_a_model(starter_model: Path) -> None:
    worker = SharedWorker(LlamaEngine).start()
    server = build_server(
        EngineClient(worker),
        lambda: [],
        allow_switching=False,
        port=0,
        embedding_model=str(starter_model),
    ).start()
    try:
        client = openai.OpenAI(base_url=server.base_url, api_key="none", max_retries=0)
        result = client.embeddings.create(model="any", input=["a cat", "a dog"])
        assert [len(d.embedding) for d in result.data] == [576, 576]
        assert result.data[0].embedding != result.data[1].embedding
    finally:
        server.stop()
        worker.shutdown()


def test_in_the_app_the_api_does_not_switch_models(starter_model: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.gguf"
    other.symlink_to(starter_model)
    api = start_api(
        [
            ServedModel("smol", "SmolLM2", str(starter_model)),
            ServedModel("other", "Other", str(other)),
        ],
        allow_switching=False,
        token=None,
    )
    try:
        client = api.client(token=None)
        with pytest.raises(openai.APIStatusError, match="No model is loaded in Hearth") as info:
            client.chat.completions.create(model="hearth", messages=STORY, max_tokens=2)
        assert info.value.status_code == 409
        from app.engine.types import LoadModel

        api.worker.submit(LoadModel(str(starter_model), options=OPTIONS))  # as the GUI does
        reply = client.chat.completions.create(model="hearth", messages=STORY, max_tokens=2)
        assert reply.model == "smol"
        with pytest.raises(openai.APIStatusError, match="Hearth has “smol” loaded") as info:
            client.chat.completions.create(model="other", messages=STORY, max_tokens=2)
        assert info.value.status_code == 409
    finally:
        stop_api(api)


def test_hearth_serve_headless(starter_model: Path, hearth_home: Path) -> None:
    env = {**os.environ, "HEARTH_HOME": str(hearth_home), "HEARTH_API_TOKEN": TOKEN}
    subprocess.run(
        [sys.executable, "-m", "app", "models", "import", str(starter_model)],
        env=env,
        check=True,
        capture_output=True,
    )
    refused = subprocess.run(
        [sys.executable, "-m", "app", "serve", "--host", "0.0.0.0"],
        env={**env, "HEARTH_API_TOKEN": ""},
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 1 and "set an API token" in refused.stderr
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--port", "0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("Hearth API listening on http://127.0.0.1:"), line
        base_url = line.split()[4]
        client = openai.OpenAI(base_url=base_url, api_key=TOKEN, max_retries=0)
        reply = client.chat.completions.create(model="hearth", messages=STORY, max_tokens=4)
        assert reply.choices[0].message.content
        process.send_signal(signal.SIGINT)
        assert process.wait(30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
