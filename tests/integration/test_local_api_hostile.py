"""The local API refuses what a web page, a stranger on the network or a misbehaving client
would send: every refusal is made over real HTTP against a server on 127.0.0.1."""

from __future__ import annotations

import http.client
import json
import socket
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app.api.local_api import build_server
from app.api.runner import ApiServer
from app.api.served_models import ServedModel
from app.engine.client import EngineClient
from app.engine.llama_engine import LlamaEngine
from app.engine.shared_worker import SharedWorker
from tests.integration.test_local_api import OPTIONS, STORY

BODY_LIMIT = 4096
SLOW_BODY_TIMEOUT_S = 1.0
ALLOWED_HOST = "hearth.lan"
ALLOWED_ORIGIN = "https://notes.example"


@pytest.fixture(scope="module")
def server(starter_model: Path) -> Iterator[ApiServer]:
    worker = SharedWorker(LlamaEngine).start()
    api = build_server(
        EngineClient(worker),
        lambda: [ServedModel("smol", "SmolLM2", str(starter_model))],
        allow_switching=True,
        port=0,
        load_options=OPTIONS,
        max_pending=1,
        allowed_hosts=[ALLOWED_HOST],
        cors_origins=[ALLOWED_ORIGIN],
        max_body_bytes=BODY_LIMIT,
        body_timeout_s=SLOW_BODY_TIMEOUT_S,
    ).start()
    yield api
    api.stop()
    worker.shutdown()


def send(
    server: ApiServer,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(server.host, server.port, timeout=120)
    connection.request(method, path, body, {"Content-Type": "application/json", **(headers or {})})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, data


def chat(max_tokens: int = 2, stream: bool = False) -> bytes:
    body = {"model": "smol", "messages": STORY, "max_tokens": max_tokens, "stream": stream}
    return json.dumps(body).encode()


def code_of(data: bytes) -> str:
    return str(json.loads(data)["error"]["code"])


@pytest.mark.parametrize("host", ["evil.example.com", "evil.example.com:8765", "10.0.0.5", ""])
def test_a_foreign_host_header_is_refused(server: ApiServer, host: str) -> None:
    status, _, data = send(server, "POST", "/v1/chat/completions", chat(), {"Host": host})
    assert status == 421 and code_of(data) == "host_not_allowed"
    status, _, _ = send(server, "GET", "/v1/models", headers={"Host": host})
    assert status == 421


@pytest.mark.parametrize("host", ["localhost:1234", "127.0.0.1", ALLOWED_HOST, "HEARTH.LAN:80"])
def test_loopback_and_configured_hosts_are_answered(server: ApiServer, host: str) -> None:
    status, _, _ = send(server, "GET", "/v1/models", headers={"Host": host})
    assert status == 200


@pytest.mark.parametrize("kind", ["text/plain", "application/x-www-form-urlencoded", ""])
def test_a_body_that_is_not_declared_json_is_refused(server: ApiServer, kind: str) -> None:
    status, _, data = send(server, "POST", "/v1/chat/completions", chat(), {"Content-Type": kind})
    assert status == 415 and code_of(data) == "unsupported_media_type"


def test_an_oversized_body_is_refused(server: ApiServer) -> None:
    big = json.dumps({"model": "smol", "messages": STORY, "pad": "x" * BODY_LIMIT}).encode()
    status, _, data = send(server, "POST", "/v1/chat/completions", big)
    assert status == 413 and code_of(data) == "body_too_large"
    # Without a Content-Length (chunked), the limit holds while reading.
    connection = http.client.HTTPConnection(server.host, server.port, timeout=60)
    connection.request(
        "POST",
        "/v1/chat/completions",
        iter([big[:2000], big[2000:]]),
        {"Content-Type": "application/json"},
        encode_chunked=True,
    )
    assert connection.getresponse().status == 413
    connection.close()


def test_a_page_from_another_origin_gets_no_answer_and_no_cors(server: ApiServer) -> None:
    status, headers, data = send(
        server, "POST", "/v1/chat/completions", chat(), {"Origin": "https://evil.example"}
    )
    assert status == 403 and code_of(data) == "origin_not_allowed"
    assert "access-control-allow-origin" not in headers
    status, headers, _ = send(server, "GET", "/v1/models")
    assert status == 200 and "access-control-allow-origin" not in headers


def test_a_configured_origin_gets_cors(server: ApiServer) -> None:
    status, headers, _ = send(
        server,
        "OPTIONS",
        "/v1/chat/completions",
        headers={"Origin": ALLOWED_ORIGIN, "Access-Control-Request-Method": "POST"},
    )
    assert status == 204 and headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    status, headers, _ = send(server, "GET", "/v1/models", headers={"Origin": ALLOWED_ORIGIN})
    assert status == 200 and headers["access-control-allow-origin"] == ALLOWED_ORIGIN


def test_a_slow_client_times_out_without_holding_the_server(server: ApiServer) -> None:
    """Slowloris: headers promise a body that never fully arrives."""
    sock = socket.create_connection((server.host, server.port), timeout=60)
    sock.sendall(
        b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b'Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{"model": '
    )
    status, _, _ = send(server, "GET", "/v1/models")  # others are served meanwhile
    assert status == 200
    answer = b""
    while chunk := sock.recv(4096):  # the server answers and closes: it does not wait forever
        answer += chunk
    sock.close()
    assert answer.startswith(b"HTTP/1.1 408")
    assert b"request_timeout" in answer


def test_a_flood_beyond_the_queue_is_answered_429(server: ApiServer) -> None:
    holder = http.client.HTTPConnection(server.host, server.port, timeout=120)
    holder.request(
        "POST", "/v1/chat/completions", chat(400, stream=True), {"Content-Type": "application/json"}
    )
    running = holder.getresponse()
    assert running.status == 200
    running.readline()  # the first event: the request holds the one queue place
    with ThreadPoolExecutor(8) as pool:
        results = list(
            pool.map(lambda _: send(server, "POST", "/v1/chat/completions", chat()), range(8))
        )
    holder.close()  # the client goes away: its request is cancelled
    assert [status for status, _, _ in results] == [429] * 8
    assert all(h.get("retry-after") for _, h, _ in results)
    assert {code_of(data) for _, _, data in results} == {"too_many_requests"}


def test_after_the_flood_requests_are_served_again(server: ApiServer) -> None:
    done = threading.Event()
    statuses: list[int] = []

    def ask() -> None:
        for _ in range(60):  # the cancelled stream frees its place within moments
            status, _, _ = send(server, "POST", "/v1/chat/completions", chat())
            if status != 429:
                statuses.append(status)
                break
        done.set()

    threading.Thread(target=ask, daemon=True).start()
    assert done.wait(180) and statuses == [200]


def test_beyond_loopback_binds_only_with_a_token(server: ApiServer) -> None:
    from app.api.runner import ApiServerError

    client = EngineClient(SharedWorker(LlamaEngine))  # never started: nothing is served
    with pytest.raises(ApiServerError, match="set an API token"):
        build_server(client, lambda: [], allow_switching=False, port=0, host="0.0.0.0")
    bound = build_server(
        client, lambda: [], allow_switching=False, port=0, host="0.0.0.0", token="a-secret"
    )
    assert bound.host == "0.0.0.0"
    bound.stop()  # closes the socket; it never accepted a connection
