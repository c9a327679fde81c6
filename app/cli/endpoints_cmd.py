"""`hearth endpoints add|list|remove|models`: remote OpenAI-compatible servers."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.core import Core
from app.endpoints.config import Endpoint, EndpointConfigError
from app.endpoints.secrets import SecretStoreError
from app.endpoints.service import (
    EndpointNotFoundError,
    EndpointService,
    KeyChoice,
    open_endpoint_service,
)
from app.engine.errors import EngineError

from .output import CliError, emit_json, table


def add_parser(commands: Any) -> None:
    endpoints = commands.add_parser(
        "endpoints", help="remote OpenAI-compatible servers (llama-server, vLLM, Ollama...)"
    )
    actions = endpoints.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add a server")
    add.add_argument("name", help="a short name, e.g. team-gpu")
    add.add_argument("url", help="the server's base URL, e.g. http://10.0.0.5:8080/v1")
    add.add_argument("--api-key-env", metavar="VAR", help="read the API key from this variable")
    add.add_argument("--model", help="the model to use by default")
    add.add_argument("--timeout", type=float, default=60.0, help="seconds (default 60)")
    add.add_argument(
        "--no-verify-tls",
        action="store_true",
        help="accept any TLS certificate (only on a network you trust)",
    )
    add.add_argument("--json", action="store_true")
    listing = actions.add_parser("list", help="list the servers")
    listing.add_argument("--json", action="store_true")
    remove = actions.add_parser("remove", help="forget a server (and its stored key)")
    remove.add_argument("name")
    remove.add_argument("--json", action="store_true")
    models = actions.add_parser("models", help="ask a server which models it offers")
    models.add_argument("name")
    models.add_argument("--json", action="store_true")


def describe(endpoint: Endpoint) -> dict[str, Any]:
    return {
        "name": endpoint.name,
        "url": endpoint.base_url,
        "verify_tls": endpoint.verify_tls,
        "api_key": endpoint.api_key_ref,  # where the key is, never the key
        "default_model": endpoint.default_model,
        "timeout_s": endpoint.timeout_s,
    }


def run(core: Core, args: argparse.Namespace) -> int:
    service = open_endpoint_service(core.database, core.paths.data_dir)
    try:
        return _run(service, args)
    except (
        EndpointConfigError,
        EndpointNotFoundError,
        SecretStoreError,
        EngineError,
    ) as exc:
        raise CliError(str(exc)) from exc


def _run(service: EndpointService, args: argparse.Namespace) -> int:
    if args.action == "add":
        endpoint = service.add(
            args.name,
            args.url,
            key=KeyChoice(api_key_env=args.api_key_env),
            verify_tls=not args.no_verify_tls,
            default_model=args.model,
            timeout_s=args.timeout,
        )
        if args.json:
            emit_json(describe(endpoint))
        else:
            print(f"Added {endpoint.name}: {endpoint.base_url}")
            if not endpoint.verify_tls:
                sys.stderr.write("hearth: warning: TLS certificates are not checked for it\n")
        return 0
    if args.action == "list":
        endpoints = service.list()
        if args.json:
            emit_json({"endpoints": [describe(e) for e in endpoints]})
        elif endpoints:
            rows = [
                [e.name, e.base_url, e.default_model or "", "yes" if e.verify_tls else "NO"]
                for e in endpoints
            ]
            print(table(rows, ["NAME", "URL", "MODEL", "TLS CHECK"]))
        else:
            print("No endpoints. Add one with `hearth endpoints add NAME URL`.")
        return 0
    if args.action == "remove":
        service.remove(args.name)
        if args.json:
            emit_json({"removed": args.name})
        else:
            print(f"Removed {args.name}")
        return 0
    models = service.list_models(service.get(args.name))
    if args.json:
        emit_json({"endpoint": args.name, "models": models})
    else:
        print("\n".join(models) if models else "(no models)")
    return 0
