"""The cost of the HTTP path, and the local API's throughput under concurrent clients.

1. Remote vs local on the same model: llama-cpp-python's own server (`python -m llama_cpp.server`,
   the starter model, 2 threads) driven by Hearth's RemoteEngine, against Hearth's LlamaEngine
   in-process with the same threads, prompt, seed and token count. Prints decode tokens/s
   (between first and last chunk), end-to-end tokens/s and time to first token.
2. Hearth's local API (`SharedWorker` + Starlette/uvicorn on 127.0.0.1) with 1, 4 and 8
   concurrent `openai` clients, each asking for `--requests` replies of `--tokens` tokens.
   Prints aggregate completion tokens/s and the median request latency.

Run: .venv/bin/python bench/bench_remote.py [--tokens 128] [--requests 2]
Prints figures only; nothing is asserted. The load average is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.api.local_api import build_server
from app.api.served_models import ServedModel
from app.engine.client import EngineClient
from app.engine.llama_engine import LlamaEngine
from app.engine.remote import RemoteEngine
from app.engine.shared_worker import SharedWorker
from app.engine.types import (
    ChatTurn,
    GenerationStats,
    LoadOptions,
    RemoteTarget,
    SamplingParams,
)
from bench._common import LONG_PROMPT, STARTER_MODEL, SYSTEM_PROMPT

THREADS = 2
TURNS = (ChatTurn("system", SYSTEM_PROMPT), ChatTurn("user", LONG_PROMPT))
OPTIONS = LoadOptions(n_ctx=2048, n_gpu_layers=0, n_threads=THREADS)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_llama_server(port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(STARTER_MODEL),
            "--model_alias",
            "smollm2",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            "2048",
            "--n_threads",
            str(THREADS),
            "--n_threads_batch",
            str(THREADS),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=2).close()
            return process
        except OSError:
            time.sleep(0.25)
    process.kill()
    raise SystemExit("llama_cpp.server did not start")


def _runs(engine: LlamaEngine | RemoteEngine, tokens: int, repeats: int) -> list[GenerationStats]:
    # temperature 0 and no EOS bias: both sides generate the full token count
    sampling = SamplingParams(max_tokens=tokens, seed=42, temperature=0.0)
    engine.generate(
        TURNS, SamplingParams(max_tokens=4), on_text=lambda _t: None, stop=threading.Event()
    )  # warm-up
    return [
        engine.generate(TURNS, sampling, on_text=lambda _t: None, stop=threading.Event()).stats
        for _ in range(repeats)
    ]


def _report(label: str, stats: list[GenerationStats]) -> None:
    decode = statistics.median(s.decode_tokens_per_s for s in stats)
    e2e = statistics.median(s.completion_tokens / s.total_s for s in stats)
    ttft = statistics.median(s.ttft_s for s in stats)
    tokens = [s.completion_tokens for s in stats]
    print(
        f"{label:<34} decode {decode:6.1f} tok/s  end-to-end {e2e:6.1f} tok/s  "
        f"ttft {ttft * 1000:6.0f} ms  tokens {tokens}"
    )


def remote_vs_local(tokens: int, repeats: int) -> None:
    """Alternates remote and local runs, so that load from elsewhere hits both alike."""
    port = _free_port()
    server = _start_llama_server(port)
    remote = RemoteEngine()
    local = LlamaEngine()
    try:
        remote.load("", remote=RemoteTarget("bench", f"http://127.0.0.1:{port}/v1", "smollm2"))
        local.load(str(STARTER_MODEL), options=OPTIONS)
        remote_stats: list[GenerationStats] = []
        local_stats: list[GenerationStats] = []
        for _ in range(repeats):
            remote_stats += _runs(remote, tokens, 1)
            local_stats += _runs(local, tokens, 1)
        _report("remote (llama_cpp.server, HTTP)", remote_stats)
        _report("local (LlamaEngine, in-process)", local_stats)
    finally:
        remote.close()
        local.close()
        server.terminate()
        server.wait(10)


def local_api_throughput(tokens: int, requests_each: int) -> None:
    import openai

    worker = SharedWorker(LlamaEngine).start()
    api = build_server(
        EngineClient(worker),
        lambda: [ServedModel("smol", "SmolLM2", str(STARTER_MODEL))],
        allow_switching=True,
        port=0,
        load_options=OPTIONS,
    ).start()
    client = openai.OpenAI(base_url=api.base_url, api_key="none", max_retries=0, timeout=600)
    messages = [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": LONG_PROMPT},
    ]

    def ask(seed: int) -> tuple[int, float]:
        started = time.perf_counter()
        reply = client.chat.completions.create(
            model="smol", messages=messages, max_tokens=tokens, seed=seed, temperature=0.0
        )
        assert reply.usage is not None
        return reply.usage.completion_tokens, time.perf_counter() - started

    ask(0)  # loads the model
    try:
        for clients in (1, 4, 8):
            started = time.perf_counter()
            with ThreadPoolExecutor(clients) as pool:
                results = list(pool.map(ask, range(clients * requests_each)))
            wall = time.perf_counter() - started
            total = sum(n for n, _ in results)
            latency = statistics.median(t for _, t in results)
            print(
                f"local API, {clients} concurrent client(s): {total / wall:6.1f} tok/s aggregate, "
                f"{len(results)} requests in {wall:5.1f} s, median latency {latency:5.1f} s"
            )
    finally:
        api.stop()
        worker.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--requests", type=int, default=2, help="requests per client")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}  (cpus: {os.cpu_count()}, threads {THREADS})")
    remote_vs_local(args.tokens, args.repeats)
    local_api_throughput(args.tokens, args.requests)
    print(f"load average after:  {os.getloadavg()}")


if __name__ == "__main__":
    main()
