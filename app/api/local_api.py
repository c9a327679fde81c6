"""Putting the local API together from the engine's client and the served models.

Used by `hearth serve` (headless: the API owns the worker and may switch models) and by the
GUI (the app owns the worker: the API serves what the app has loaded).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from app.api.dispatch import Dispatcher
from app.api.guard import DEFAULT_BODY_TIMEOUT_S, DEFAULT_MAX_BODY_BYTES, GuardPolicy
from app.api.http_app import Embedder, EmbeddingService, create_app
from app.api.runner import DEFAULT_PORT, LOOPBACK, ApiServer
from app.api.served_models import ModelProvider
from app.engine.client import EngineClient
from app.engine.types import LoadOptions, SamplingParams


def embedding_service(model_path: str | None) -> EmbeddingService:
    """/v1/embeddings on a separate llama.cpp instance of `model_path`, made on first use."""
    if not model_path:
        return EmbeddingService(None)
    path = Path(model_path).expanduser()

    def make() -> Embedder:
        from app.engine.embeddings import LlamaEmbedder  # llama.cpp loads only when used

        return LlamaEmbedder(path)

    return EmbeddingService(make, name=path.stem)


def build_server(
    client: EngineClient,
    provider: ModelProvider,
    *,
    allow_switching: bool,
    port: int = DEFAULT_PORT,
    host: str = LOOPBACK,
    token: str | None = None,
    sampling_defaults: Callable[[], SamplingParams] = SamplingParams,
    load_options: LoadOptions | None = None,
    embedding_model: str | None = None,
    max_pending: int = 16,
    allowed_hosts: Sequence[str] = (),
    cors_origins: Sequence[str] = (),
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    body_timeout_s: float = DEFAULT_BODY_TIMEOUT_S,
) -> ApiServer:
    """The server, bound but not started (call `start()` for a thread or `run()` to block).
    Raises ApiServerError for a port in use, or a non-loopback host without a token.
    `allowed_hosts`: Host header names accepted besides the loopback ones (the bound address
    is added); `cors_origins`: web origins that may call the API (none by default)."""
    dispatcher = Dispatcher(
        client,
        provider,
        allow_switching=allow_switching,
        load_options=load_options,
        max_pending=max_pending,
    )
    app = create_app(
        dispatcher,
        token=token,
        sampling_defaults=sampling_defaults,
        embeddings=embedding_service(embedding_model),
        policy=GuardPolicy.build(
            [*allowed_hosts, host],
            cors_origins,
            max_body_bytes=max_body_bytes,
            body_timeout_s=body_timeout_s,
        ),
    )
    return ApiServer(app, port=port, host=host, has_token=bool(token))
