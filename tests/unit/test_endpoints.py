"""Endpoints: URL and name checks, the repository on a real SQLite file, API keys kept in the
keyring (never in the database), error messages, and the endpoint recorded with a reply."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx2
import openai
import pytest

from app.config import Paths
from app.core import Core
from app.endpoints.config import EndpointConfigError, normalize_base_url
from app.endpoints.secrets import EndpointSecrets, SecretStoreError
from app.endpoints.service import (
    EndpointNotFoundError,
    EndpointService,
    KeyChoice,
    open_endpoint_service,
)
from app.engine.remote import describe_failure
from app.engine.types import GenerationStats, LoadedModel, RemoteTarget, SamplingParams
from app.storage import StorageError
from tests.fixtures.encryption import MemoryKeyring


@pytest.fixture
def core(hearth_home: Path) -> Iterator[Core]:
    opened = Core.open(Paths.resolve())
    yield opened
    opened.close()


@pytest.fixture
def keyring_backend() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def service(core: Core, keyring_backend: MemoryKeyring) -> EndpointService:
    plain = open_endpoint_service(core.database, core.paths.data_dir)
    return EndpointService(plain.repository, EndpointSecrets(core.paths.data_dir, keyring_backend))


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://10.0.0.5:8080", "http://10.0.0.5:8080/v1"),
        ("https://gpu.lan/v1/", "https://gpu.lan/v1"),
        ("  http://localhost:11434/v1 ", "http://localhost:11434/v1"),
    ],
)
def test_urls_are_normalised(given: str, expected: str) -> None:
    assert normalize_base_url(given) == expected


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ("ftp://x/v1", "not an http"),
        ("http://:8080", "no host"),
        ("http://user:pw@host/v1", "not in the URL"),
        ("http://host:99999/v1", "invalid port"),
        ("http://host/v1?key=1", "query"),
    ],
)
def test_bad_urls_are_refused_with_the_reason(given: str, problem: str) -> None:
    with pytest.raises(EndpointConfigError, match=problem):
        normalize_base_url(given)


def test_no_endpoint_exists_until_one_is_added(service: EndpointService) -> None:
    assert service.list() == []
    with pytest.raises(EndpointNotFoundError, match="none yet"):
        service.get("team-gpu")


def test_api_key_goes_to_the_keyring_not_the_database(
    service: EndpointService, core: Core, keyring_backend: MemoryKeyring
) -> None:
    endpoint = service.add(
        "team-gpu", "http://10.0.0.5:8080", key=KeyChoice(api_key="sk-VERY-SECRET-42")
    )
    assert endpoint.api_key_ref == "keyring"
    assert list(keyring_backend.entries.values()) == ["sk-VERY-SECRET-42"]
    assert service.target(endpoint, "m").api_key == "sk-VERY-SECRET-42"
    raw = b"".join(p.read_bytes() for p in core.paths.data_dir.rglob("*") if p.is_file())
    assert b"sk-VERY-SECRET-42" not in raw
    service.remove("team-gpu")
    assert keyring_backend.entries == {} and service.list() == []


def test_api_key_from_an_environment_variable(
    service: EndpointService, monkeypatch: pytest.MonkeyPatch
) -> None:
    endpoint = service.add("vllm", "http://h:8000", key=KeyChoice(api_key_env="TEAM_KEY"))
    assert endpoint.api_key_ref == "env:TEAM_KEY"
    with pytest.raises(SecretStoreError, match="TEAM_KEY, which is not set"):
        service.target(endpoint, "m")
    monkeypatch.setenv("TEAM_KEY", "from-env")
    assert service.target(endpoint, "m").api_key == "from-env"


def test_duplicate_names_and_bad_names_are_refused(service: EndpointService) -> None:
    service.add("a", "http://h:1/v1")
    with pytest.raises(StorageError, match="exists already"):
        service.add("a", "http://h:2/v1")
    with pytest.raises(EndpointConfigError, match="not a usable endpoint name"):
        service.add("has space", "http://h:1/v1")


def test_update_keeps_the_stored_key_and_turns_tls_off(
    service: EndpointService, keyring_backend: MemoryKeyring
) -> None:
    service.add("a", "http://h:1", key=KeyChoice(api_key="k1"))
    updated = service.update(
        "a", "https://h:2", key=KeyChoice(keep_stored=True), verify_tls=False, default_model="m"
    )
    assert (updated.base_url, updated.verify_tls, updated.default_model) == (
        "https://h:2/v1",
        False,
        "m",
    )
    assert service.target(updated, "m").api_key == "k1"
    assert service.target(updated, "m").verify_tls is False


def test_without_a_keyring_the_key_is_refused_clearly(core: Core) -> None:
    from keyring.backends import fail

    secrets = EndpointSecrets(core.paths.data_dir, fail.Keyring())
    plain = open_endpoint_service(core.database, core.paths.data_dir)
    service = EndpointService(plain.repository, secrets)
    with pytest.raises(SecretStoreError, match="--api-key-env"):
        service.add("a", "http://h:1", key=KeyChoice(api_key="k"))
    assert service.list() == []


def _status_error(cls: type[openai.APIStatusError], status: int, **headers: str) -> Exception:
    request = httpx2.Request("POST", "http://h/v1/chat/completions")
    response = httpx2.Response(status, headers=headers, request=request, json={"error": {}})
    return cls("failed", response=response, body=None)


TARGET = RemoteTarget("team-gpu", "http://h:8080/v1", "big-model")


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (_status_error(openai.RateLimitError, 429, **{"retry-after": "7"}), "429.*in 7 s"),
        (_status_error(openai.PermissionDeniedError, 403), "403 Forbidden"),
        (_status_error(openai.NotFoundError, 404), "“big-model” or the API path"),
        (_status_error(openai.InternalServerError, 503), r"error \(503\)"),
    ],
)
def test_http_errors_have_clear_messages(exc: Exception, words: str) -> None:
    message = describe_failure(exc, TARGET)
    assert "“team-gpu” (http://h:8080/v1)" in message
    assert re.search(words, message), message


def test_the_reply_records_endpoint_and_remote_model(core: Core) -> None:
    conversation = core.chats.new_conversation()
    pending = core.chats.send(conversation.id, "hi")
    loaded = LoadedModel(
        "http://h/v1",
        "big",
        "",
        0,
        0,
        "Remote: team-gpu",
        0,
        0,
        0.1,
        endpoint="team-gpu",
        remote_model="big",
    )
    stats = GenerationStats(3, 3, 2, 0.1, 5.0, 0.5, "stop", 1, 0, 5, 0)
    message = core.chats.finish(
        pending.reply_message_id, "ok", stats=stats, sampling=SamplingParams(), model=loaded
    )
    assert message.generation is not None
    assert (message.generation.endpoint, message.generation.remote_model) == ("team-gpu", "big")
    row = (
        sqlite3.connect(core.paths.database)
        .execute("SELECT endpoint, remote_model FROM generations")
        .fetchone()
    )
    assert row == ("team-gpu", "big")
