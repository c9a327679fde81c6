"""RemoteEngine against llama-cpp-python's real OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from app.chats.recording import generation_record, summary_line
from app.engine.llama_engine import LlamaEngine
from app.engine.remote import RemoteEngine, RemoteEngineError
from app.engine.router import EngineRouter
from app.engine.types import ChatTurn, LoadOptions, RemoteTarget, SamplingParams
from tests.fixtures import openai_servers
from tests.fixtures.openai_servers import LlamaServer

# The shared fixtures, made visible to pytest in this module.
llama_server = openai_servers.llama_server
malformed_sse_server = openai_servers.malformed_sse_server
silent_port = openai_servers.silent_port

HELLO = (ChatTurn("user", "Write a long story about a lighthouse keeper."),)


def target(server: LlamaServer, **changes: object) -> RemoteTarget:
    values: dict[str, object] = {
        "endpoint": "team-gpu",
        "base_url": server.base_url,
        "model": server.model,
        "api_key": server.api_key,
        "timeout_s": 60.0,
    }
    values.update(changes)
    return RemoteTarget(**values)  # type: ignore[arg-type]


def test_streams_a_reply_with_honest_stats(llama_server: LlamaServer) -> None:
    engine = RemoteEngine()
    loaded = engine.load("", remote=target(llama_server))
    assert loaded.endpoint == "team-gpu" and loaded.remote_model == llama_server.model
    assert loaded.backend.startswith("Remote: team-gpu")
    pieces: list[str] = []
    result = engine.generate(
        HELLO, SamplingParams(max_tokens=24, seed=7), on_text=pieces.append, stop=threading.Event()
    )
    engine.close()
    assert len(pieces) > 1  # streamed, not one block
    assert "".join(pieces) == result.text and result.text.strip()
    stats = result.stats
    assert stats.finish_reason == "length"
    assert 1 < stats.completion_tokens <= 24
    assert 0 < stats.ttft_s < stats.total_s
    assert stats.decode_tokens_per_s > 0
    record = generation_record(stats, SamplingParams(seed=7), loaded)
    assert (record.endpoint, record.remote_model) == ("team-gpu", llama_server.model)
    assert summary_line(record).startswith(llama_server.model)


def test_same_seed_gives_same_text(llama_server: LlamaServer) -> None:
    engine = RemoteEngine()
    engine.load("", remote=target(llama_server))
    sampling = SamplingParams(max_tokens=16, seed=42)
    first = engine.generate(HELLO, sampling, on_text=lambda _t: None, stop=threading.Event())
    second = engine.generate(HELLO, sampling, on_text=lambda _t: None, stop=threading.Event())
    engine.close()
    assert first.text == second.text


def test_stop_while_waiting_for_the_first_chunk(silent_port: int) -> None:
    """A server that never answers: Stop still ends the request at once (not at the timeout)."""
    engine = RemoteEngine()
    # /v1/models of a silent server would hang too: load is skipped by setting the target.
    silent = RemoteTarget("hung", f"http://127.0.0.1:{silent_port}/v1", "m", timeout_s=30)
    from app.engine.remote import open_client

    engine._target, engine._client = silent, open_client(silent)
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    started = time.monotonic()
    result = engine.generate(HELLO, SamplingParams(), on_text=lambda _t: None, stop=stop)
    engine.close()
    assert result.stats.finish_reason == "cancelled"
    assert time.monotonic() - started < 10  # far below the 30 s timeout


def test_wrong_api_key_says_401(llama_server: LlamaServer) -> None:
    with pytest.raises(RemoteEngineError, match=r"refused the API key \(401"):
        RemoteEngine().load("", remote=target(llama_server, api_key="wrong"))


def test_timeout_is_named(silent_port: int) -> None:
    hung = RemoteTarget("hung", f"http://127.0.0.1:{silent_port}/v1", "m", timeout_s=1)
    started = time.monotonic()
    with pytest.raises(RemoteEngineError, match=r"did not answer within 1 s"):
        RemoteEngine().load("", remote=hung)
    assert time.monotonic() - started < 15


def test_malformed_stream_is_an_error_not_a_crash(malformed_sse_server: str) -> None:
    engine = RemoteEngine()
    engine.load("", remote=RemoteTarget("odd", malformed_sse_server, "broken"))
    with pytest.raises(RemoteEngineError, match="not valid OpenAI-compatible JSON"):
        engine.generate(HELLO, SamplingParams(), on_text=lambda _t: None, stop=threading.Event())
    engine.close()


def test_https_to_a_plain_http_server_is_a_tls_error(llama_server: LlamaServer) -> None:
    url = llama_server.base_url.replace("http://", "https://")
    with pytest.raises(RemoteEngineError, match=r"secure \(TLS\) connection"):
        RemoteEngine().load("", remote=target(llama_server, base_url=url))


def test_a_looping_remote_reply_is_stopped_for_repetition(llama_server: LlamaServer) -> None:
    engine = RemoteEngine()
    engine.load("", remote=target(llama_server))
    # Greedy decoding: the starter model writes three paragraphs, then repeats the third.
    turns = (
        ChatTurn("system", "You are a helpful, concise assistant."),
        ChatTurn("user", "Describe our company's values."),
    )
    greedy = SamplingParams(temperature=0.0, repeat_penalty=1.0, max_tokens=400, seed=1)
    streamed: list[str] = []
    result = engine.generate(turns, greedy, on_text=streamed.append, stop=threading.Event())
    engine.close()
    assert result.stats.finish_reason == "repetition"
    assert "".join(streamed).startswith(result.text)
    assert len("".join(streamed)) > len(result.text)  # the repeats streamed, then were cut
    paragraphs = [p for p in result.text.split("\n\n") if p.strip()]
    assert len(paragraphs) == len(set(paragraphs)) >= 2


def test_router_switches_between_local_and_remote(
    llama_server: LlamaServer, starter_model: Path
) -> None:
    router = EngineRouter(LlamaEngine)
    remote_model = router.load("", remote=target(llama_server))
    assert router.is_remote and remote_model.endpoint == "team-gpu"
    local = router.load(str(starter_model), options=LoadOptions(n_ctx=512, n_gpu_layers=0))
    assert not router.is_remote and local.endpoint is None and local.backend == "CPU"
    result = router.generate(
        HELLO, SamplingParams(max_tokens=4), on_text=lambda _t: None, stop=threading.Event()
    )
    assert result.stats.n_ctx == 512  # the local engine answered
    router.close()


def test_cli_endpoints_and_chat_with_an_endpoint(
    llama_server: LlamaServer, hearth_home: Path
) -> None:
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "HEARTH_HOME": str(hearth_home), "TEAM_KEY": llama_server.api_key}

    def hearth(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app", *args], env=env, capture_output=True, text=True
        )

    added = hearth(
        "endpoints", "add", "team-gpu", llama_server.base_url, "--api-key-env", "TEAM_KEY"
    )
    assert added.returncode == 0, added.stderr
    listed = json.loads(hearth("endpoints", "list", "--json").stdout)
    assert listed["endpoints"][0]["api_key"] == "env:TEAM_KEY"
    chat = hearth(
        "chat",
        "--endpoint",
        "team-gpu",
        "--model",
        "smollm2",
        "--prompt",
        "Hi",
        "--max-tokens",
        "6",
        "--json",
    )
    assert chat.returncode == 0, chat.stderr
    reply = json.loads(chat.stdout)
    assert (reply["endpoint"], reply["remote_model"]) == ("team-gpu", "smollm2")
    # --max-tokens reaches the server; the sampled reply may also end on its own before that.
    assert 0 < reply["completion_tokens"] <= 6 and reply["text"]
    assert "not running locally" in chat.stderr
    shown = json.loads(hearth("chats", "show", str(reply["conversation_id"]), "--json").stdout)
    stored_replies = [m["content"] for m in shown["chat"]["messages"] if m["role"] == "assistant"]
    assert stored_replies == [reply["text"]]
    missing = hearth("chat", "--endpoint", "nope", "--prompt", "Hi", "--json")
    assert missing.returncode == 1
    assert "No endpoint named “nope”" in json.loads(missing.stdout)["error"]
