"""Counts, not timings: what the locked-down local API answers to hostile requests, and how
often tool calls and JSON-schema replies on the starter model validate.

    python bench/api_outcomes.py [--rounds N] [--model FILE.gguf]

Starts a real server on 127.0.0.1 (one queue place, a 4 KB body limit, a 1 s body deadline),
sends each kind of hostile request N times, then N forced tool calls (named, required,
streamed) and N json_schema replies with different seeds through the `openai` client, and
prints a table of outcomes per kind (HTTP status or valid/invalid).
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import jsonschema
import openai

from app.api.local_api import build_server
from app.api.runner import ApiServer
from app.api.served_models import ServedModel
from app.engine.client import EngineClient
from app.engine.llama_engine import LlamaEngine
from app.engine.shared_worker import SharedWorker
from app.engine.types import LoadOptions
from bench._common import STARTER_MODEL

ASK = [{"role": "user", "content": "What is the weather in Paris?"}]
WEATHER: dict[str, Any] = {
    "type": "object",
    "properties": {
        "city": {"type": "string", "maxLength": 40},
        "unit": {"enum": ["celsius", "fahrenheit"]},
    },
    "required": ["city", "unit"],
    "additionalProperties": False,
}
TOOLS: Any = [{"type": "function", "function": {"name": "get_weather", "parameters": WEATHER}}]
PERSON: dict[str, Any] = {
    "type": "object",
    "properties": {"name": {"type": "string", "maxLength": 30}, "age": {"type": "integer"}},
    "required": ["name", "age"],
    "additionalProperties": False,
}


def raw(server: ApiServer, body: bytes, headers: dict[str, str]) -> str:
    connection = http.client.HTTPConnection(server.host, server.port, timeout=120)
    connection.request("POST", "/v1/chat/completions", body, headers)
    status = connection.getresponse().status
    connection.close()
    return str(status)


def slow(server: ApiServer) -> str:
    sock = socket.create_connection((server.host, server.port), timeout=60)
    sock.sendall(
        b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/json\r\nContent-Length: 900\r\n\r\n{"
    )
    answer = sock.recv(64)
    sock.close()
    return answer.split(b" ")[1].decode() if answer else "no answer"


def hostile(server: ApiServer, rounds: int) -> dict[str, Counter[str]]:
    chat = json.dumps({"model": "smol", "messages": ASK, "max_tokens": 2}).encode()
    big = json.dumps({"model": "smol", "messages": ASK, "pad": "x" * 8000}).encode()
    json_type = {"Content-Type": "application/json"}
    kinds = {
        "bad Host (evil.example.com)": lambda: raw(
            server, chat, {**json_type, "Host": "evil.example.com"}
        ),
        "text/plain body": lambda: raw(server, chat, {"Content-Type": "text/plain"}),
        "foreign Origin": lambda: raw(
            server, chat, {**json_type, "Origin": "https://evil.example"}
        ),
        "oversized body (8 KB > 4 KB)": lambda: raw(server, big, json_type),
        "slow body (slowloris)": lambda: slow(server),
    }
    counts = {name: Counter(send() for _ in range(rounds)) for name, send in kinds.items()}
    holder = http.client.HTTPConnection(server.host, server.port, timeout=120)
    long_chat = json.dumps({"model": "smol", "messages": ASK, "max_tokens": 300, "stream": True})
    holder.request("POST", "/v1/chat/completions", long_chat.encode(), json_type)
    holder.getresponse().readline()
    with ThreadPoolExecutor(8) as pool:
        flood = list(pool.map(lambda _: raw(server, chat, json_type), range(rounds * 4)))
    holder.close()
    counts["flood while the queue is full"] = Counter(flood)
    return counts


def validity(client: openai.OpenAI, rounds: int) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {}

    def check(kind: str, arguments: str | None, schema: dict[str, Any]) -> None:
        try:
            jsonschema.validate(json.loads(arguments or ""), schema)
            counts.setdefault(kind, Counter())["valid"] += 1
        except (ValueError, jsonschema.ValidationError):
            counts.setdefault(kind, Counter())["invalid"] += 1

    for seed in range(rounds):
        for choice in ("required", {"type": "function", "function": {"name": "get_weather"}}):
            reply = client.chat.completions.create(
                model="smol", messages=ASK, tools=TOOLS, tool_choice=choice, seed=seed,
                max_tokens=150,
            )  # fmt: skip
            calls = reply.choices[0].message.tool_calls or []
            kind = f"tool_choice {'required' if choice == 'required' else 'named'}"
            check(kind, calls[0].function.arguments if calls else None, WEATHER)
        arguments = ""
        for chunk in client.chat.completions.create(
            model="smol", messages=ASK, tools=TOOLS, tool_choice="required", seed=seed,
            max_tokens=150, stream=True,
        ):  # fmt: skip
            for choice_delta in chunk.choices:
                for delta in choice_delta.delta.tool_calls or []:
                    arguments += (delta.function.arguments or "") if delta.function else ""
        check("streamed tool call (reassembled)", arguments, WEATHER)
        reply = client.chat.completions.create(
            model="smol",
            messages=[{"role": "user", "content": "A person as JSON."}],
            response_format={"type": "json_schema", "json_schema": {"name": "p", "schema": PERSON}},
            seed=seed,
            max_tokens=150,
        )
        check("json_schema reply", reply.choices[0].message.content, PERSON)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--model", default=str(STARTER_MODEL))
    args = parser.parse_args()
    worker = SharedWorker(LlamaEngine).start()
    server = build_server(
        EngineClient(worker),
        lambda: [ServedModel("smol", "starter", args.model)],
        allow_switching=True,
        port=0,
        load_options=LoadOptions(n_ctx=2048, n_gpu_layers=0),
        max_pending=1,
        max_body_bytes=4096,
        body_timeout_s=1.0,
    ).start()
    try:
        client = openai.OpenAI(base_url=server.base_url, api_key="none", max_retries=0)
        client.chat.completions.create(model="smol", messages=ASK, max_tokens=1)  # load
        rows = {**hostile(server, args.rounds), **validity(client, args.rounds)}
    finally:
        server.stop()
        worker.shutdown()
    width = max(len(name) for name in rows)
    print(f"{'request kind'.ljust(width)}  outcomes")
    for name, outcome in rows.items():
        shown = ", ".join(f"{key} x{count}" for key, count in sorted(outcome.items()))
        print(f"{name.ljust(width)}  {shown}")


if __name__ == "__main__":
    main()
