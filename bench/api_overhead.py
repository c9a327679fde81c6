"""Where a reply's time goes between the engine and an HTTP client: one reply per road.

    PYTHONPATH=. flock /tmp/hearth-heavy.lock python bench/api_overhead.py [--reps 3]

The same model, prompt, seed, sampling, token count and thread count on every road, one reply
at a time, roads interleaved within each repetition:

- `engine`: LlamaEngine.generate called directly (the single-sequence road);
- `batched`: the engine's BatchedReplies (n_parallel 4) stepped directly, one reply;
- `client`: EngineClient.generate through the SharedWorker thread (batched road, N=4);
- `http`, `http-stream`: the local API (`build_server`, real uvicorn on 127.0.0.1) asked over
  real HTTP, non-streaming and streaming; `http rp1.0`: the same with repeat_penalty 1.0;
- with `--llama-server PATH` (or HEARTH_LLAMA_SERVER): llama.cpp's own server (`-np 4`, same
  threads and context per slot) asked the same way, with its default sampling and with
  Hearth's repeat_penalty 1.1.

Each road prints `wall` tok/s = completion tokens / wall time of the whole request (prompt
included, what bench_concurrency.py counts), and for the in-process roads the engine's own
decode rate (GenerationStats). The machine is shared: trust medians of interleaved reps, not
one round. Asserts nothing.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from app.api.local_api import build_server  # noqa: E402
from app.api.served_models import ServedModel  # noqa: E402
from app.engine.client import EngineClient  # noqa: E402
from app.engine.llama_engine import LlamaEngine  # noqa: E402
from app.engine.shared_worker import SharedWorker  # noqa: E402
from app.engine.types import ChatTurn, Generate, LoadOptions, SamplingParams  # noqa: E402
from bench._common import LONG_PROMPT, STARTER_MODEL, SYSTEM_PROMPT  # noqa: E402

N_CTX = 2048
TURNS = (ChatTurn("system", SYSTEM_PROMPT), ChatTurn("user", LONG_PROMPT))
Road = Callable[[int], tuple[int, float]]  # seed -> (completion tokens, engine decode tok/s)


def _sampling(tokens: int, seed: int) -> SamplingParams:
    # What the API makes of {"temperature": 0.7, "seed": seed, "max_tokens": tokens}.
    return SamplingParams(temperature=0.7, max_tokens=tokens, seed=seed)


def engine_road(model: str, options: LoadOptions, tokens: int) -> Road:
    engine = LlamaEngine()
    engine.load(model, options=LoadOptions(**{**options.__dict__, "n_parallel": 1}))
    stop = threading.Event()

    def ask(seed: int) -> tuple[int, float]:
        stats = engine.generate(
            TURNS, _sampling(tokens, seed), on_text=lambda _t: None, stop=stop
        ).stats
        return stats.completion_tokens, stats.decode_tokens_per_s

    return ask


def batched_road(model: str, options: LoadOptions, tokens: int) -> Road:
    engine = LlamaEngine()
    engine.load(model, options=options)
    replies = engine.batched_replies()
    assert replies is not None, "n_parallel > 1 gives a batched road"
    stop = threading.Event()

    def ask(seed: int) -> tuple[int, float]:
        request = Generate(TURNS, _sampling(tokens, seed))
        replies.start(request, on_text=lambda _t: None, stop=stop)
        while True:
            ended = replies.step()
            if ended:
                stats = ended[0][1].stats
                return stats.completion_tokens, stats.decode_tokens_per_s

    return ask


def client_road(client: EngineClient, tokens: int) -> Road:
    stop = threading.Event()

    def ask(seed: int) -> tuple[int, float]:
        stats = client.generate(
            TURNS, _sampling(tokens, seed), on_text=lambda _t: None, stop=stop
        ).stats
        return stats.completion_tokens, stats.decode_tokens_per_s

    return ask


def http_road(
    port: int, tokens: int, *, stream: bool, extra: dict[str, float] | None = None
) -> Road:
    def ask(seed: int) -> tuple[int, float]:
        body: dict[str, object] = {
            **(extra or {}),
            "model": "bench",
            "messages": [{"role": t.role, "content": t.content} for t in TURNS],
            "max_tokens": tokens,
            "temperature": 0.7,
            "seed": seed,
            "stream": stream,
        }
        if stream:
            body["stream_options"] = {"include_usage": True}
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        connection.request(
            "POST", "/v1/chat/completions", json.dumps(body), {"Content-Type": "application/json"}
        )
        response = connection.getresponse()
        raw = response.read()
        connection.close()
        if response.status != 200:
            raise SystemExit(f"request failed: {response.status} {raw[:300]!r}")
        if not stream:
            return int(json.loads(raw)["usage"]["completion_tokens"]), 0.0
        completion = 0
        chunks = 0
        for line in raw.decode("utf-8").splitlines():
            if line.startswith("data: {"):
                chunk = json.loads(line[6:])
                chunks += 1
                if chunk.get("usage"):
                    completion = int(chunk["usage"]["completion_tokens"])
        return completion or chunks, 0.0

    return ask


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_ready(port: int, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/health")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("llama-server did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(STARTER_MODEL))
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--llama-server", default=os.environ.get("HEARTH_LLAMA_SERVER", ""))
    args = parser.parse_args()
    server: subprocess.Popen[bytes] | None = None
    options = LoadOptions(n_ctx=N_CTX, n_gpu_layers=0, n_threads=args.threads, n_parallel=4)

    worker = SharedWorker(LlamaEngine).start()
    client = EngineClient(worker)
    port = _free_port()
    build_server(
        client,
        lambda: [ServedModel("bench", "bench", args.model)],
        allow_switching=True,
        port=port,
        load_options=options,
    ).start()
    roads: dict[str, Road] = {
        "engine": engine_road(args.model, options, args.tokens),
        "batched": batched_road(args.model, options, args.tokens),
        "http": http_road(port, args.tokens, stream=False),
        "http-stream": http_road(port, args.tokens, stream=True),
        "client": client_road(client, args.tokens),
    }
    if args.llama_server:
        ls_port = _free_port()
        command = [args.llama_server, "-m", args.model, "--port", str(ls_port), "-np", "4"]
        command += ["-c", str(N_CTX * 4), "-t", str(args.threads), "-ngl", "0"]
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_ready(ls_port)
        roads["llama-server"] = http_road(ls_port, args.tokens, stream=False)
        roads["llama-server rp1.1"] = http_road(
            ls_port, args.tokens, stream=False, extra={"repeat_penalty": 1.1}
        )
        roads["http rp1.0"] = http_road(
            port, args.tokens, stream=False, extra={"repeat_penalty": 1.0}
        )
    for ask in roads.values():
        ask(0)  # warm-up (the HTTP roads load the worker's model)
    print(f"{Path(args.model).name}, {args.threads} thread(s), {args.tokens} tokens", flush=True)
    walls: dict[str, list[float]] = {name: [] for name in roads}
    for rep in range(1, args.reps + 1):
        for name, ask in roads.items():
            started = time.perf_counter()
            completion, decode = ask(rep)
            wall = completion / (time.perf_counter() - started)
            walls[name].append(wall)
            shown = f"decode {decode:6.1f}" if decode else " " * 13
            print(f"rep {rep} {name:12s} wall {wall:6.1f} tok/s  {shown}  ({completion} tokens)")
    print(
        "median wall tok/s: "
        + ", ".join(f"{name} {statistics.median(values):.1f}" for name, values in walls.items())
    )
    client.shutdown()
    if server is not None:
        server.terminate()
        server.wait(30)


if __name__ == "__main__":
    main()
