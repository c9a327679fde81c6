"""The local API's front door, as ASGI middleware in front of every route.

A web page the user opens can send requests to 127.0.0.1, and DNS rebinding can make a page's
own name point there. So, before any route runs:
- the Host header must be a loopback name or one the user configured (else 421);
- a request that carries a browser Origin must come from a configured origin (else 403), and
  CORS headers are sent only for configured origins (none by default);
- a POST must say it is JSON (else 415): a cross-site "simple" POST cannot;
- the body has a size limit (413) and must arrive within a time limit (408), so a slow client
  holds no more than its own connection.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024
DEFAULT_BODY_TIMEOUT_S = 15.0


@dataclass(frozen=True)
class GuardPolicy:
    allowed_hosts: frozenset[str] = LOOPBACK_NAMES
    cors_origins: frozenset[str] = frozenset()
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    body_timeout_s: float = DEFAULT_BODY_TIMEOUT_S

    @staticmethod
    def build(
        hosts: Iterable[str] = (),
        origins: Iterable[str] = (),
        *,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        body_timeout_s: float = DEFAULT_BODY_TIMEOUT_S,
    ) -> GuardPolicy:
        return GuardPolicy(
            LOOPBACK_NAMES | {h.strip().lower() for h in hosts if h.strip()},
            frozenset(o.strip().rstrip("/").lower() for o in origins if o.strip()),
            max_body_bytes,
            body_timeout_s,
        )


def host_name(header: str) -> str:
    """ "localhost:8765" -> "localhost"; "[::1]:8765" -> "[::1]"."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[: header.find("]") + 1] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class _Refusal(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code = status, code


class ApiGuard:
    def __init__(self, app: ASGIApp, policy: GuardPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        origin = headers.get("origin", "").rstrip("/").lower()
        cors = origin if origin and origin in self.policy.cors_origins else None
        try:
            self._check(scope, headers, origin)
            if scope["method"] == "OPTIONS" and cors is not None:  # a CORS preflight
                await _answer(send, 204, None, cors)
                return
            if scope["method"] == "POST":
                receive = await self._read_body(headers, receive)
        except _Refusal as refusal:
            await _answer(send, refusal.status, (refusal.code, str(refusal)), cors)
            return

        async def send_with_cors(message: Message) -> None:
            if cors is not None and message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_cors_headers(cors)]
            await send(message)

        await self.app(scope, receive, send_with_cors)

    def _check(self, scope: Scope, headers: dict[str, str], origin: str) -> None:
        host = host_name(headers.get("host", ""))
        if host not in self.policy.allowed_hosts:
            raise _Refusal(
                421,
                "host_not_allowed",
                f"Hearth's local API does not answer for the host “{host or '(none)'}”. Use "
                "127.0.0.1 or localhost, or add the name to the API's allowed host names.",
            )
        if origin and origin not in self.policy.cors_origins:
            raise _Refusal(
                403,
                "origin_not_allowed",
                f"Requests from web pages at “{origin}” are refused. Add the origin to the "
                "API's allowed origins to let that page use it.",
            )
        if scope["method"] == "POST":
            kind = headers.get("content-type", "").split(";")[0].strip().lower()
            if kind != "application/json":
                raise _Refusal(
                    415,
                    "unsupported_media_type",
                    f"Send the request body as JSON (Content-Type: application/json), not "
                    f"“{kind or 'none'}”.",
                )

    async def _read_body(self, headers: dict[str, str], receive: Receive) -> Receive:
        """The whole body, read here under the size and time limits, replayed to the route."""
        limit = self.policy.max_body_bytes
        too_large = _Refusal(
            413, "body_too_large", f"The request body is too large ({limit:,} bytes at most)."
        )
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            raise too_large
        body = bytearray()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.policy.body_timeout_s
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                raise _Refusal(
                    408,
                    "request_timeout",
                    f"The request body did not arrive within {self.policy.body_timeout_s:g} s.",
                ) from None
            if message["type"] == "http.disconnect":
                raise _Refusal(400, "client_disconnected", "The client went away.")
            body += message.get("body", b"")
            if len(body) > limit:
                raise too_large
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()  # after the body: only a disconnect can come

        return replay


def _cors_headers(origin: str) -> list[tuple[bytes, bytes]]:
    return [
        (b"access-control-allow-origin", origin.encode("latin-1")),
        (b"access-control-allow-headers", b"authorization, content-type"),
        (b"access-control-allow-methods", b"GET, POST, OPTIONS"),
        (b"vary", b"Origin"),
    ]


async def _answer(send: Send, status: int, error: tuple[str, str] | None, cors: str | None) -> None:
    body = b""
    headers = list(_cors_headers(cors)) if cors is not None else []
    if error is not None:
        code, message = error
        payload: dict[str, Any] = {
            "error": {"message": message, "type": "invalid_request_error", "code": code}
        }
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        headers.append((b"content-type", b"application/json"))
    headers += [(b"content-length", str(len(body)).encode()), (b"connection", b"close")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
