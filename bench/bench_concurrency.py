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
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
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


def measure_round(label: str, port: int, clients: int, tokens: int, requests_each: int) -> float:
    """One round: `clients` threads at once, `requests_each` requests each; aggregate tok/s."""
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        counts = list(
            pool.map(lambda seed: _ask(port, seed, tokens), range(1, clients * requests_each + 1))
        )
    wall = time.perf_counter() - started
    rate = sum(counts) / wall
    print(
        f"{label:20s} {clients} client(s): {rate:6.1f} tok/s aggregate "
        f"({sum(counts)} tokens in {wall:5.1f} s)",
        flush=True,
    )
    return rate


@dataclass
class Contender:
    label: str
    command: list[str]
    port: int
    process: subprocess.Popen[bytes] | None = None
    rates: dict[int, list[float]] = field(default_factory=dict)

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(30)

    def median(self, clients: int) -> float:
        return statistics.median(self.rates[clients])


def run_interleaved(
    contenders: list[Contender], counts: list[int], args: argparse.Namespace
) -> None:
    """Every server is started (and warmed) first; then each round of n clients runs on every
    contender in turn, the order rotating per repetition, so a slow minute of a shared machine
    falls on all of them alike."""
    for contender in contenders:
        contender.start()
    try:
        for contender in contenders:
            assert contender.process is not None
            _wait_ready(contender.port, contender.process)
            _ask(contender.port, 0, 8)  # loads the model, warms up
        for rep in range(args.reps):
            for clients in counts:
                turn = rep % len(contenders)
                for contender in contenders[turn:] + contenders[:turn]:
                    rate = measure_round(
                        contender.label, contender.port, clients, args.tokens, args.requests
                    )
                    contender.rates.setdefault(clients, []).append(rate)
    finally:
        for contender in contenders:
            contender.stop()
    print(f"\nmedians of {args.reps} interleaved rep(s), aggregate tok/s:")
    print(f"{'contender':20s} " + " ".join(f"{n:>7d}" for n in counts) + "   4 vs 1")
    for contender in contenders:
        ratio = (
            f"{contender.median(4) / contender.median(1):.2f}x" if {1, 4} <= set(counts) else "-"
        )
        cells = " ".join(f"{contender.median(n):7.1f}" for n in counts)
        print(f"{contender.label:20s} {cells}   {ratio}")
    first = contenders[0]
    for other in contenders[1:]:
        ratios = " ".join(f"{n}: {first.median(n) / other.median(n):.2f}x" for n in counts)
        print(f"{first.label} / {other.label}: {ratios}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(STARTER_MODEL))
    parser.add_argument("--threads", type=int, default=0, help="0: Hearth's default")
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--requests", type=int, default=2, help="requests per client")
    parser.add_argument("--clients", default=",".join(str(n) for n in CLIENT_COUNTS))
    parser.add_argument("--reps", type=int, default=1, help="interleaved repetitions")
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
    contenders: list[Contender] = []
    for parallel in (4, 1):
        if f"hearth{parallel}" in only:
            command = [sys.executable, script, "--model", args.model]
            port = _free_port()
            command += ["--serve", str(port), str(parallel), str(threads)]
            contenders.append(Contender(f"hearth N={parallel}", command, port))
    if "llama-server" in only:
        if not args.llama_server or not Path(args.llama_server).is_file():
            print("llama-server -np 4: skipped (no --llama-server binary; see bench/README.md)")
        else:
            port = _free_port()
            command = [args.llama_server, "-m", args.model, "--port", str(port), "-np", "4"]
            command += ["-c", str(N_CTX * 4), "-t", str(threads), "-ngl", "0", "--alias", "bench"]
            contenders.append(Contender("llama-server -np 4", command, port))
    run_interleaved(contenders, [int(n) for n in args.clients.split(",")], args)
    print(f"load after {os.getloadavg()}")


if __name__ == "__main__":
    main()
