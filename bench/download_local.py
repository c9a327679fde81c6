"""Download throughput from a hub-like server on 127.0.0.1: Hearth's downloader vs hf_hub_download.

    .venv/bin/python -m bench.download_local [--reps 3]

Both fetch the starter model (98 MB) from tests/fixtures/hub_server.py. Hearth's figure is the
transfer phase only (its sha256 check and registration are timed separately); hf_hub_download
does no hashing for a file whose size matches. Prints figures; judges nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from huggingface_hub import hf_hub_download

from app.config import Paths
from app.core import Core
from app.library.catalog import load_catalog
from app.library.download import DownloadManager
from tests.fixtures.hub_server import running_hub

# A fresh profile must not get the checkout's starter model registered on open (see
# app/library/bundled_starter.py): the download would then find it present and fetch nothing.
os.environ["HEARTH_STARTER_MODEL"] = ""

STARTER = (
    Path(__file__).resolve().parents[1] / ".cache" / "models" / ("SmolLM2-135M-Instruct.Q4_1.gguf")
)


def hearth_once(endpoint: str) -> dict[str, float]:
    entry = load_catalog().get("smollm2-135m-instruct")
    with tempfile.TemporaryDirectory() as home:
        core = Core.open(Paths.resolve(home))
        marks: dict[str, float] = {}
        downloads = DownloadManager(core.library, endpoint=endpoint)
        start = time.perf_counter()
        downloads.download(entry, on_phase=lambda p: marks.setdefault(p, time.perf_counter()))
        end = time.perf_counter()
        core.close()
    return {
        "transfer_s": marks["verifying"] - marks["downloading"],
        "verify_register_s": end - marks["verifying"],
        "total_s": end - start,
    }


def hf_once(endpoint: str) -> float:
    entry = load_catalog().get("smollm2-135m-instruct")
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        hf_hub_download(entry.repo, entry.file, local_dir=folder, endpoint=endpoint)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
    size_mb = STARTER.stat().st_size / 1e6
    with running_hub() as hub:
        entry = load_catalog().get("smollm2-135m-instruct")
        hub.add_file(entry.repo, entry.file, STARTER)
        hearth = [hearth_once(hub.url) for _ in range(args.reps)]
        hf = [hf_once(hub.url) for _ in range(args.reps)]
    transfer = statistics.median(r["transfer_s"] for r in hearth)
    print(f"file: {size_mb:.1f} MB, {args.reps} reps, medians")
    print(f"hearth transfer:        {transfer:.2f} s  ({size_mb / transfer:.0f} MB/s)")
    print(
        f"hearth verify+register: {statistics.median(r['verify_register_s'] for r in hearth):.2f} s"
    )
    print(f"hearth total:           {statistics.median(r['total_s'] for r in hearth):.2f} s")
    hf_median = statistics.median(hf)
    print(f"hf_hub_download total:  {hf_median:.2f} s  ({size_mb / hf_median:.0f} MB/s)")


if __name__ == "__main__":
    main()
