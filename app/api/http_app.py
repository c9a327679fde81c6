"""Hearth's local OpenAI-compatible HTTP API, as a Starlette (ASGI) application.

Routes: GET /v1/models and /v1/models/{id}, POST /v1/chat/completions and /v1/completions
(JSON or server-sent events), POST /v1/embeddings. The guard (guard.py) checks Host, Origin,
content type and body before any route; every route checks the bearer token when one is set.
Generation goes through the Dispatcher to the shared InferenceWorker; embeddings run on their
own model instance in a thread, one at a time.
"""

from __future__ import annotations

import asyncio
import base64
import hmac
import json
import struct
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from app.api import openai_format as fmt
from app.api import replies
from app.api.chat_request import ChatRequest, parse_chat_request, parse_completion_request
from app.api.dispatch import Admission, Dispatcher
from app.api.guard import ApiGuard, GuardPolicy
from app.api.openai_format import RequestError
from app.api.served_models import ALIAS_CURRENT
from app.engine.types import SamplingParams

MAX_EMBEDDING_INPUTS = 256


class Embedder(Protocol):
    """app.engine.embeddings.LlamaEmbedder's shape."""

    @property
    def model_key(self) -> str: ...

    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...


class EmbeddingService:
    """One embedding model, built on first use, used by one thread at a time."""

    def __init__(self, factory: Callable[[], Embedder] | None, name: str = "") -> None:
        self._factory = factory
        self.name = name
        self._embedder: Embedder | None = None
        self._lock = threading.Lock()

    @property
    def configured(self) -> bool:
        return self._factory is not None

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if self._factory is None:
            raise RequestError(
                "No embedding model is configured for Hearth's local API. Start it with "
                "`hearth serve --embedding-model PATH`, or choose one in the API settings.",
                code="embeddings_not_configured",
            )
        with self._lock:
            if self._embedder is None:
                self._embedder = self._factory()
            return self._embedder.embed(texts)


def _error(exc: RequestError) -> JSONResponse:
    kind = "authentication_error" if exc.status == 401 else "invalid_request_error"
    headers = {"Retry-After": "2"} if exc.status == 429 else None
    return JSONResponse(fmt.error_body(str(exc), exc.code, kind), exc.status, headers=headers)


def _token_ok(request: Request, token: str | None) -> bool:
    if not token:
        return True
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    # Constant-time: how much of a guess is right must not show in the answer's timing.
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode("utf-8"), token.encode("utf-8")
    )


async def _json_body(request: Request) -> Any:
    """The body, already read (under its size and time limits) by the guard."""
    raw = await request.body()
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise RequestError(f"The request body is not valid JSON: {exc}") from None


def _encode(vector: list[float], encoding: str) -> list[float] | str:
    """base64: little-endian float32s, as OpenAI sends them (the `openai` client asks for it)."""
    if encoding == "float":
        return vector
    return base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode("ascii")


def create_app(
    dispatcher: Dispatcher,
    *,
    token: str | None = None,
    sampling_defaults: Callable[[], SamplingParams] = SamplingParams,
    embeddings: EmbeddingService | None = None,
    policy: GuardPolicy | None = None,
) -> ApiGuard:
    embedding_service = embeddings or EmbeddingService(None)

    def guarded(handler: Callable[[Request], Any]) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            if not _token_ok(request, token):
                return _error(
                    RequestError(
                        "Missing or wrong API token (send “Authorization: Bearer TOKEN”).",
                        status=401,
                        code="invalid_api_key",
                    )
                )
            try:
                response: Response = await handler(request)
                return response
            except RequestError as exc:
                return _error(exc)

        return endpoint

    def model_entries() -> list[dict[str, Any]]:
        created = int(time.time())
        loaded = dispatcher.loaded_id()
        entries = [
            {
                "id": ALIAS_CURRENT,
                "object": "model",
                "created": created,
                "owned_by": "hearth",
                "name": f"The model loaded in Hearth ({loaded or 'none yet'})",
            }
        ]
        entries += [
            {
                "id": m.id,
                "object": "model",
                "created": created,
                "owned_by": m.owned_by,
                "name": m.name,
                "loaded": m.id == loaded,
            }
            for m in dispatcher.served()
        ]
        return entries

    async def models(_request: Request) -> Response:
        return JSONResponse({"object": "list", "data": model_entries()})

    async def one_model(request: Request) -> Response:
        wanted = request.path_params["model_id"]
        for entry in model_entries():
            if entry["id"] == wanted:
                return JSONResponse(entry)
        raise RequestError(
            f"There is no model “{wanted}” here.", status=404, code="model_not_found"
        )

    async def generation(request: ChatRequest) -> Response:
        events = dispatcher.generate(request)
        try:
            admission = await anext(events)  # raises RequestError before any output
        except BaseException:
            await events.aclose()
            raise
        assert isinstance(admission, Admission)
        rid = fmt.reply_id(request.kind)

        def cancel() -> None:
            dispatcher.client.cancel(admission.request_id)

        if request.stream:
            return StreamingResponse(
                replies.stream(events, request, admission, rid, cancel),
                media_type="text/event-stream",
                headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
            )
        return JSONResponse(await replies.whole(events, request, admission, rid, cancel))

    async def chat_completions(request: Request) -> Response:
        return await generation(parse_chat_request(await _json_body(request), sampling_defaults()))

    async def completions(request: Request) -> Response:
        body = await _json_body(request)
        return await generation(parse_completion_request(body, sampling_defaults()))

    async def embeddings_route(request: Request) -> Response:
        body = await _json_body(request)
        if not isinstance(body, dict):
            raise RequestError("The request body must be a JSON object.")
        raw = body.get("input")
        texts = [raw] if isinstance(raw, str) else raw
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            raise RequestError("“input” must be a string or a list of strings (not tokens).")
        if not texts or len(texts) > MAX_EMBEDDING_INPUTS:
            raise RequestError(f"“input” must hold 1 to {MAX_EMBEDDING_INPUTS} texts.")
        encoding = body.get("encoding_format") or "float"
        if encoding not in ("float", "base64"):
            raise RequestError("“encoding_format” must be “float” or “base64”.")
        vectors = await asyncio.to_thread(embedding_service.embed, texts)
        return JSONResponse(
            {
                "object": "list",
                "model": embedding_service.name or str(body.get("model", "")),
                "data": [
                    {"object": "embedding", "index": i, "embedding": _encode(v, encoding)}
                    for i, v in enumerate(vectors)
                ],
                "usage": {"prompt_tokens": 0, "total_tokens": 0},
            }
        )

    app = Starlette(
        routes=[
            Route("/v1/models", guarded(models), methods=["GET"]),
            Route("/v1/models/{model_id:path}", guarded(one_model), methods=["GET"]),
            Route("/v1/chat/completions", guarded(chat_completions), methods=["POST"]),
            Route("/v1/completions", guarded(completions), methods=["POST"]),
            Route("/v1/embeddings", guarded(embeddings_route), methods=["POST"]),
        ]
    )
    return ApiGuard(app, policy or GuardPolicy())
