"""`hearth serve [--port N] [--token TOKEN]`: the local OpenAI-compatible API, headless.

Listens on 127.0.0.1 (another address only with a token). The served models are the library's;
the default model (or --model) is loaded before the first request, and a request for another
one switches to it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from typing import TYPE_CHECKING, Any

from app.api.runner import DEFAULT_PORT, ApiServerError
from app.api.served_models import ServedModel, combined, library_provider, slug
from app.chats.sampling import load_options_from_settings, sampling_from_settings
from app.core import Core
from app.engine.errors import EngineError
from app.engine.types import LoadModel

from .model_choice import choose_model
from .output import CliError

if TYPE_CHECKING:
    from app.engine.client import EngineClient

TOKEN_VARIABLE = "HEARTH_API_TOKEN"
LOAD_TIMEOUT_S = 600.0


def add_parser(commands: Any) -> None:
    serve = commands.add_parser(
        "serve", help="run the local OpenAI-compatible API on 127.0.0.1 (until Ctrl+C)"
    )
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"default {DEFAULT_PORT}")
    serve.add_argument(
        "--token",
        help=f"require “Authorization: Bearer TOKEN” (or set {TOKEN_VARIABLE}, which keeps it "
        "out of the process list)",
    )
    serve.add_argument("--model", help="model id or GGUF path to load first (default: default)")
    serve.add_argument("--embedding-model", metavar="PATH", help="GGUF for /v1/embeddings")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="the IPv4 address to listen on; anything but 127.0.0.1 needs a token",
    )
    serve.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a Host header name to accept besides 127.0.0.1/localhost (repeatable)",
    )
    serve.add_argument(
        "--cors-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="a web origin (https://app.example) allowed to call the API (repeatable; none by "
        "default)",
    )


def run(core: Core, args: argparse.Namespace) -> int:
    from app.api.local_api import build_server

    token = args.token or os.environ.get(TOKEN_VARIABLE) or None
    chosen = choose_model(core, args.model)
    first = ServedModel(slug(chosen.name), chosen.name, chosen.path, chosen.sha256)
    provider = combined(library_provider(core.models.list), lambda: [first])
    options = load_options_from_settings(core.settings)
    client = core.start_engine(remote=False)
    try:
        try:
            server = build_server(
                client,
                provider,
                allow_switching=True,
                port=args.port,
                host=args.host,
                token=token,
                sampling_defaults=lambda: sampling_from_settings(core.settings),
                load_options=options,
                embedding_model=args.embedding_model,
                allowed_hosts=args.allowed_host,
                cors_origins=args.cors_origin,
            )
        except ApiServerError as exc:
            raise CliError(str(exc)) from exc
        _load_first(client, LoadModel(chosen.path, chosen.sha256, options))
        sys.stdout.write(f"Hearth API listening on {server.base_url} (model {first.id})\n")
        sys.stdout.flush()
        # uvicorn re-raises Ctrl+C after its graceful shutdown: that is the normal way out.
        with contextlib.suppress(KeyboardInterrupt):
            server.run()
        sys.stdout.write("Hearth API stopped\n")
    finally:
        client.shutdown()
    return 0


def _load_first(client: EngineClient, request: LoadModel) -> None:
    try:
        client.run(request, timeout_s=LOAD_TIMEOUT_S)
    except TimeoutError:
        raise CliError("the model did not load within 10 minutes") from None
    except EngineError as exc:
        raise CliError(str(exc)) from exc
