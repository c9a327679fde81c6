"""Aggregate decode rate of the local API with 1, 2, 4 and 8 concurrent clients.

Each contender is an OpenAI-compatible server on 127.0.0.1 in its own process, asked over real
HTTP by `--clients` threads at once; each client sends `--requests` chat requests of
`--tokens` tokens (temperature 0.7, its own seed, the bench's long-story prompt). Aggregate
tok/s = all completion tokens / wall time of the round. Contenders:

- `hearth N=4`: the app's API host (`build_server` + SharedWorker + LlamaEngine) with replies
  decoded together (`LoadOptions.n_parallel` 4, Hearth's default);
- `hearth N=1`: the same, one reply at a time (what Hearth did before);
- `llama-server -np 4`: llama.cpp's own server with 4 parallel slots, built from the vendored
  sources (`--llama-server PATH` or HEARTH_LLAMA_SERVER; bench/README.md says how), skipped
  without it.

Prints one line per round and the 4-vs-1 ratio per contender. Run it on a quiet machine, under
`flock /tmp/hearth-heavy.lock`, more than once; it asserts nothing.

    python bench/bench_concurrency.py [--model FILE.gguf] [--threads N] [--llama-server PATH]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from bench._common import LONG_PROMPT, STARTER_MODEL, SYSTEM_PROMPT  # noqa: E402

CLIENT_COUNTS = (1, 2, 4, 8)
N_CTX = 2048  # per sequence


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_hearth(model: str, port: int, parallel: int, threads: int) -> None:
    """The child: Hearth's API host on `port` until killed."""
    from app.api.local_api import build_server
    from app.api.served_models import ServedModel
    from app.engine.client import EngineClient
    from app.engine.llama_engine import LlamaEngine
    from app.engine.shared_worker import SharedWorker
    from app.engine.types import LoadOptions

    options = LoadOptions(n_ctx=N_CTX, n_gpu_layers=0, n_threads=threads, n_parallel=parallel)
    worker = SharedWorker(LlamaEngine).start()
    build_server(
        EngineClient(worker),
        lambda: [ServedModel("bench", "bench", model)],
        allow_switching=True,
        port=port,
        load_options=options,
    ).start()
    print("ready", flush=True)
    while True:
        time.sleep(3600)


def _wait_ready(port: int, process: subprocess.Popen[bytes], timeout_s: float = 300) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/v1/models")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("server did not start")


def _ask(port: int, seed: int, tokens: int) -> int:
    body = {
        "model": "bench",
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": LONG_PROMPT},
        ],
        "max_tokens": tokens,
        "temperature": 0.7,
        "seed": seed,
    }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=900)
    connection.request(
        "POST", "/v1/chat/completions", json.dumps(body), {"Content-Type": "application/json"}
    )
    response = connection.getresponse()
    data = json.loads(response.read())
    connection.close()
    if response.status != 200:
        raise SystemExit(f"request failed: {response.status} {data}")
    return int(data["usage"]["completion_tokens"])


def measure(label: str, port: int, tokens: int, requests_each: int) -> dict[int, float]:
    _ask(port, 0, 8)  # loads the model, warms up
    rates: dict[int, float] = {}
    for clients in CLIENT_COUNTS:
        started = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            counts = list(
                pool.map(
                    lambda seed: _ask(port, seed, tokens), range(1, clients * requests_each + 1)
                )
            )
        wall = time.perf_counter() - started
        rates[clients] = sum(counts) / wall
        print(
            f"{label:20s} {clients} client(s): {rates[clients]:6.1f} tok/s aggregate "
            f"({sum(counts)} tokens in {wall:5.1f} s)",
            flush=True,
        )
    print(f"{label:20s} 4 vs 1 client: {rates[4] / rates[1]:.2f}x", flush=True)
    return rates


def run_contender(label: str, command: list[str], port: int, args: argparse.Namespace) -> None:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_ready(port, process)
        measure(label, port, args.tokens, args.requests)
    finally:
        process.terminate()
        process.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(STARTER_MODEL))
    parser.add_argument("--threads", type=int, default=0, help="0: Hearth's default")
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--requests", type=int, default=2, help="requests per client")
    parser.add_argument("--llama-server", default=os.environ.get("HEARTH_LLAMA_SERVER", ""))
    parser.add_argument("--only", default="hearth4,hearth1,llama-server")
    parser.add_argument("--serve", nargs=3, metavar=("PORT", "PARALLEL", "THREADS"))
    args = parser.parse_args()
    if args.serve:
        serve_hearth(args.model, int(args.serve[0]), int(args.serve[1]), int(args.serve[2]))
        return
    from app.engine.cpu_threads import default_thread_count

    threads = args.threads or default_thread_count()
    only = set(args.only.split(","))
    print(f"model {Path(args.model).name}, {threads} thread(s), load {os.getloadavg()}")
    script = str(Path(__file__).resolve())
    for parallel in (4, 1):
        if f"hearth{parallel}" in only:
            port = _free_port()
            command = [sys.executable, script, "--model", args.model]
            command += ["--serve", str(port), str(parallel), str(threads)]
            run_contender(f"hearth N={parallel}", command, port, args)
    if "llama-server" in only:
        if not args.llama_server or not Path(args.llama_server).is_file():
            print("llama-server -np 4: skipped (no --llama-server binary; see bench/README.md)")
        else:
            port = _free_port()
            command = [args.llama_server, "-m", args.model, "--port", str(port), "-np", "4"]
            command += ["-c", str(N_CTX * 4), "-t", str(threads), "-ngl", "0", "--alias", "bench"]
            run_contender("llama-server -np 4", command, port, args)
    print(f"load after {os.getloadavg()}")


if __name__ == "__main__":
    main()
