"""The Engine contract, run against every implementation: llama.cpp on the starter model, a real
OpenAI-compatible server on 127.0.0.1, and the router over each of them."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest

from app.engine.errors import ModelLoadError
from app.engine.llama_engine import LlamaEngine
from app.engine.remote import RemoteEngine, RemoteEngineError
from app.engine.router import EngineRouter
from app.engine.types import LoadedModel, LoadOptions, RemoteTarget
from app.engine.worker import Engine, RemoteCapableEngine
from tests.contract.engine_contract import EngineCapabilities, EngineContract, FailedLoad
from tests.fixtures import openai_servers
from tests.fixtures.openai_servers import LlamaServer, free_port

llama_server = openai_servers.llama_server  # the shared session fixture, visible here

pytestmark = pytest.mark.model

LOCAL_OPTIONS = LoadOptions(n_ctx=2048, n_gpu_layers=0)

LOCAL = EngineCapabilities(
    runs_locally=True,
    replays_seeds=True,
    continues_replies=True,
    applies_adapters=True,
    counts_prompt_tokens=True,
)
REMOTE = EngineCapabilities(
    runs_locally=False,
    # The seed is sent; whether the server honours it is the server's business.
    replays_seeds=False,
    # Servers differ in whether they continue a trailing assistant message or answer it.
    continues_replies=False,
    applies_adapters=False,
    counts_prompt_tokens=False,
    continue_refusal="Continue works with a model on this computer",
    adapter_refusal="only be applied to a model running on this computer",
)


def remote_target(server: LlamaServer, **changes: object) -> RemoteTarget:
    values: dict[str, object] = {
        "endpoint": "team-gpu",
        "base_url": server.base_url,
        "model": server.model,
        "api_key": server.api_key,
        "timeout_s": 60.0,
    }
    values.update(changes)
    return RemoteTarget(**values)  # type: ignore[arg-type]


def load_remote(engine: Engine, target: RemoteTarget) -> LoadedModel:
    return cast(RemoteCapableEngine, engine).load("", remote=target)


def local_failures(folder: Path) -> list[FailedLoad]:
    broken = folder / "broken.gguf"
    broken.write_bytes(b"not a model " * 100)
    absent = folder / "absent.gguf"
    return [
        FailedLoad(
            "missing model file",
            lambda engine: engine.load(str(absent)),
            ModelLoadError,
            rf"Model file not found: {re.escape(str(absent))}",
        ),
        FailedLoad(
            "corrupt model file",
            lambda engine: engine.load(str(broken)),
            ModelLoadError,
            r"broken\.gguf: not a GGUF file",
        ),
    ]


def remote_failures(server: LlamaServer) -> list[FailedLoad]:
    port = free_port()  # nothing listens there any more
    unreachable = RemoteTarget("gone", f"http://127.0.0.1:{port}/v1", "m")
    unknown_model = remote_target(server, model="nope")
    return [
        FailedLoad(
            "unreachable server",
            lambda engine: load_remote(engine, unreachable),
            RemoteEngineError,
            rf"Could not reach .*127\.0\.0\.1:{port}",
        ),
        FailedLoad(
            "model the server does not offer",
            lambda engine: load_remote(engine, unknown_model),
            RemoteEngineError,
            rf"has no model “nope”\. It offers: {re.escape(server.model)}",
        ),
    ]


class LocalBinding:
    @pytest.fixture(scope="class")
    @classmethod
    def good_load(cls, starter_model: Path) -> Callable[[Engine], LoadedModel]:
        return lambda engine: engine.load(
            str(starter_model), sha256="starter", options=LOCAL_OPTIONS
        )

    @pytest.fixture
    def failed_loads(self, tmp_path: Path) -> list[FailedLoad]:
        return local_failures(tmp_path)


class RemoteBinding:
    @pytest.fixture(scope="class")
    @classmethod
    def good_load(cls, llama_server: LlamaServer) -> Callable[[Engine], LoadedModel]:
        return lambda engine: load_remote(engine, remote_target(llama_server))

    @pytest.fixture
    def failed_loads(self, llama_server: LlamaServer) -> list[FailedLoad]:
        return remote_failures(llama_server)


class TestLlamaEngine(LocalBinding, EngineContract):
    capabilities = LOCAL

    @pytest.fixture(scope="class")
    @classmethod
    def make_engine(cls) -> Callable[[], Engine]:
        return LlamaEngine


class TestRemoteEngine(RemoteBinding, EngineContract):
    capabilities = REMOTE

    @pytest.fixture(scope="class")
    @classmethod
    def make_engine(cls) -> Callable[[], Engine]:
        return RemoteEngine


def make_router() -> Engine:
    return EngineRouter(LlamaEngine)


class TestRouterOnLocal(LocalBinding, EngineContract):
    capabilities = LOCAL

    @pytest.fixture(scope="class")
    @classmethod
    def make_engine(cls) -> Callable[[], Engine]:
        return make_router


class TestRouterOnRemote(RemoteBinding, EngineContract):
    capabilities = REMOTE

    @pytest.fixture(scope="class")
    @classmethod
    def make_engine(cls) -> Callable[[], Engine]:
        return make_router
