"""Token log-probabilities from a real OpenAI-compatible server (llama-cpp-python's, on the
starter model, on 127.0.0.1), and a server that refuses the request for them."""

from __future__ import annotations

import threading
from pathlib import Path

from app.api.served_models import ServedModel
from app.engine.remote import RemoteEngine
from app.engine.types import RemoteTarget, SamplingParams
from tests.fixtures import openai_servers
from tests.fixtures.openai_servers import LlamaServer
from tests.integration.test_local_api import start_api, stop_api
from tests.integration.test_remote_engine import HELLO, target

llama_server = openai_servers.llama_server


def test_logprobs_the_server_returns_are_kept_per_token(llama_server: LlamaServer) -> None:
    engine = RemoteEngine(ask_logprobs=True)
    engine.load("", remote=target(llama_server))
    result = engine.generate(
        HELLO,
        SamplingParams(max_tokens=16, seed=7),
        on_text=lambda _t: None,
        stop=threading.Event(),
    )
    engine.close()
    tokens = result.stats.token_logprobs
    assert tokens
    assert all(t.logprob <= 0.0 for t in tokens)
    assert "".join(t.text for t in tokens) == result.text


def test_a_server_that_refuses_logprobs_is_asked_again_without(starter_model: Path) -> None:
    # Hearth's own local API answers a request for logprobs with 400.
    hearth_api = start_api(
        [ServedModel("smol", "SmolLM2 135M", str(starter_model))], allow_switching=True, token=None
    )
    try:
        engine = RemoteEngine(ask_logprobs=True)
        remote = RemoteTarget("other-hearth", hearth_api.server.base_url, "smol", api_key="none")
        engine.load("", remote=remote)
        sampling = SamplingParams(max_tokens=12, seed=7)
        first = engine.generate(HELLO, sampling, on_text=lambda _t: None, stop=threading.Event())
        second = engine.generate(HELLO, sampling, on_text=lambda _t: None, stop=threading.Event())
        engine.close()
    finally:
        stop_api(hearth_api)
    assert first.text.strip() and second.text == first.text
    assert first.stats.token_logprobs == () == second.stats.token_logprobs
    # The refusal is remembered: the second reply was asked for without logprobs at once.
    assert not engine._ask_logprobs
