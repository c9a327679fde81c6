"""How long the GUI thread stalls while the Knowledge panel indexes a 200-page PDF batch.

The real KnowledgePanel (offscreen, on a fresh HEARTH_HOME) adds 4 generated PDFs of 50 pages
each, then the same files again after each one changed (so they are extracted again), while a
5 ms precise QTimer beats in the GUI thread. A stall is a gap between beats minus 5 ms. Run once
with the default (parsing in a child process, IsolatedExtractor) and once with in-process
parsing (`KnowledgeBase(db, extractor=extract_document)`), each in its own process, with the
app's GUI modules imported so the heap the garbage collector walks is the app's size. An idle
baseline (the heartbeat alone) shows what a busy machine adds by itself.

    python bench/knowledge_gui_stall.py [--pages-per-file 50] [--files 4]
    python bench/knowledge_gui_stall.py --scanned 30   # OCR: one image-only PDF of 30 pages

`--scanned N`: one PDF of N scanned pages (bench_ocr's business text drawn at 150 dpi, wrapped
as page images), read with OCR in the extraction child (isolated mode, new files only: OCR
dominates, and the changed-files run would read it all again).

Prints one JSON object per mode; asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
HEARTBEAT_MS = 5
WORDS = [
    *("lighthouse", "budget", "revenue", "harbour", "ferry", "storm", "keeper", "island"),
    *("report", "policy", "travel", "contract", "invoice", "supplier", "warehouse"),
    *("quarter", "region", "market", "safety", "training"),
]


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def write_scanned_pdf(path: Path, pages: int) -> Path:
    """An image-only PDF: every page a picture of business text, as a scanner makes them."""
    from fpdf import FPDF

    sys.path.insert(0, str(REPO_ROOT / "bench"))
    from bench_ocr import page_lines, render

    rng = random.Random(19)
    pdf = FPDF(format="A4")
    for number in range(pages):
        picture = path.with_name(f"{path.stem}-{number}.png")
        render(page_lines(rng, number)[0], 150).save(picture)
        pdf.add_page()
        pdf.image(str(picture), x=0, y=0, w=210, h=297)
        picture.unlink()
    pdf.output(str(path))
    return path


def measure(isolate: bool, files: int, pages: int, scanned: int = 0) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="hearth-stall-"))
    os.environ["HEARTH_HOME"] = str(home)
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    import app.ui.shell.main_window  # noqa: F401  - the app's modules, for a realistic heap
    from app.config import Paths
    from app.knowledge.extractors.dispatch import extract_document
    from app.knowledge.knowledge_base import KnowledgeBase
    from app.storage import Database
    from app.ui.common.theme import apply_theme
    from app.ui.knowledge import KnowledgePanel
    from tests.fixtures.documents import write_pdf

    qt_app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(qt_app, QApplication)
    apply_theme(qt_app, "light")
    paths = Paths.resolve().ensure()
    db = Database.open(paths.database, backups_dir=paths.backups_dir)
    kb = KnowledgeBase(db, extractor=None if isolate else extract_document)
    rng = random.Random(7)
    folder = home / "docs"
    folder.mkdir()
    batch = [
        write_pdf(
            folder / f"report{i}.pdf",
            [" ".join(rng.choice(WORDS) for _ in range(250)) for _ in range(pages)],
        )
        for i in range(files)
    ]
    if scanned:
        files, pages = 1, scanned
        batch = [write_scanned_pdf(folder / "scan.pdf", scanned)]
    panel = KnowledgePanel(kb)
    panel.resize(1000, 620)
    panel.show()
    qt_app.processEvents()

    collections: list[dict[str, Any]] = []

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append({"gen": info["generation"], "start": time.perf_counter()})
        elif collections:
            entry = collections[-1]
            entry["ms"] = (time.perf_counter() - entry["start"]) * 1000
            entry["thread"] = threading.current_thread().name

    def run_once(label: str) -> dict[str, Any]:
        beats: list[float] = []
        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setInterval(HEARTBEAT_MS)
        timer.timeout.connect(lambda: beats.append(time.perf_counter()))
        loop = QEventLoop()
        panel.busy_changed.connect(lambda busy: None if busy else loop.quit())
        collections.clear()
        gc.callbacks.append(on_gc)
        started = time.perf_counter()
        beats.append(started)
        timer.start()
        panel.add_files(batch)
        loop.exec()
        timer.stop()
        ended = time.perf_counter()
        gc.callbacks.remove(on_gc)
        panel.busy_changed.disconnect()
        beats.append(ended)
        stalls = [(b - a) * 1000 - HEARTBEAT_MS for a, b in itertools.pairwise(beats)]
        slow_gc = [c for c in collections if c.get("ms", 0) > 20]
        return {
            "run": label,
            "max_stall_ms": round(max(stalls), 1),
            "p99_stall_ms": round(_percentile(stalls, 0.99), 1),
            "beats": len(stalls),
            "elapsed_s": round(ended - started, 2),
            "pages_per_s": round(files * pages / (ended - started), 1),
            "gc_passes_over_20ms": [
                {"gen": c["gen"], "ms": round(c["ms"], 1), "thread": c["thread"]} for c in slow_gc
            ],
            "message": panel.message.text(),
        }

    def idle_baseline(seconds: float = 2.0) -> dict[str, Any]:
        """The same heartbeat with nothing running: what the machine itself adds (a loaded
        machine's scheduler shows up here, not in the indexing's fault)."""
        beats: list[float] = [time.perf_counter()]
        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setInterval(HEARTBEAT_MS)
        timer.timeout.connect(lambda: beats.append(time.perf_counter()))
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        timer.start()
        loop.exec()
        timer.stop()
        stalls = [(b - a) * 1000 - HEARTBEAT_MS for a, b in itertools.pairwise(beats)]
        return {
            "run": "idle baseline",
            "max_stall_ms": round(max(stalls), 1),
            "p99_stall_ms": round(_percentile(stalls, 0.99), 1),
        }

    runs = [idle_baseline(), run_once("new files")]
    if scanned:
        panel.shutdown()
        db.close()
        return {"isolate": isolate, "scanned_pages": scanned, "runs": runs}
    for path in batch:  # changed content: every file is extracted again
        with path.open("ab") as handle:
            handle.write(b"\n")
    runs.append(run_once("changed files"))
    panel.shutdown()
    db.close()
    return {"isolate": isolate, "files": files, "pages_per_file": pages, "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages-per-file", type=int, default=50)
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--mode", choices=["isolated", "in-process"])
    parser.add_argument("--scanned", type=int, default=0, metavar="PAGES")
    args = parser.parse_args()
    if args.scanned:
        args.mode = "isolated"
    if args.mode is not None:
        measured = measure(args.mode == "isolated", args.files, args.pages_per_file, args.scanned)
        print(json.dumps(measured))
        return
    for mode in ("isolated", "in-process"):  # each in a fresh process: same heap, same start
        command = [sys.executable, __file__, "--mode", mode, "--files", str(args.files)]
        command += ["--pages-per-file", str(args.pages_per_file)]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
        print(lines[-1] if lines else f"{mode}: failed\n{result.stderr[-2000:]}")


if __name__ == "__main__":
    main()
