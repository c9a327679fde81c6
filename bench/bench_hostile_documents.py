"""The hostile documents of issue 22: how long reading takes and how much memory it holds.

    python bench/bench_hostile_documents.py [--tags 20000,200000,2000000] [--lying-mb 64,512]

1. HTML of unclosed `<a ` tags (600 KB at 200,000 tags), with a paragraph of real text before
   them: seconds in `extract_document` (in this process), characters it would index, notes.
2. A DOCX whose zip directory declares a 3 KB part that really inflates to N MB: seconds and
   the Python heap's peak (tracemalloc) until it is refused, and the outcome.
3. Both through `KnowledgeBase.add_files` (the guarded child process every front end uses):
   seconds per file, the outcome.

Run it against another checkout with `PYTHONPATH=/that/checkout python bench/...`: the same
files, the other code. Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

# Appended, not inserted: a PYTHONPATH naming another checkout wins, so its `app` is measured.
sys.path.append(str(Path(__file__).resolve().parents[1]))

from app.config import Paths
from app.knowledge.errors import DocumentError
from app.knowledge.extractors.dispatch import extract_document
from app.knowledge.knowledge_base import KnowledgeBase
from app.storage import Database

ROOT = Path(__file__).resolve().parents[1]
# This checkout's generators, whichever `tests` package the path finds first.
_spec = importlib.util.spec_from_file_location(
    "hostile_documents", ROOT / "tests" / "fixtures" / "hostile_documents.py"
)
assert _spec is not None and _spec.loader is not None
_hostile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_hostile)
write_lying_size_docx = _hostile.write_lying_size_docx
write_unclosed_tags_html = _hostile.write_unclosed_tags_html

BEFORE = "<p>High water at 06:12.</p>"


def _read(path: Path) -> tuple[float, float, str]:
    """(seconds, peak MB, outcome) of one in-process read."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        document = extract_document(path)
        outcome = f"read: {document.char_count:,} chars, {len(document.notes)} note(s)"
    except DocumentError as exc:
        outcome = f"refused ({exc.kind})"
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 2**20, outcome


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tags", default="20000,200000,2000000")
    parser.add_argument("--lying-mb", default="64,512")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="hearth-bench-hostile-"))
    files: list[Path] = []
    for count in (int(n) for n in args.tags.split(",")):
        page = write_unclosed_tags_html(folder / f"tags-{count}.html", tags=count, before=BEFORE)
        seconds, peak, outcome = _read(page)
        size_kb = page.stat().st_size / 1024
        print(
            f"unclosed tags {size_kb:>8,.0f} KB: {seconds:7.2f} s, peak {peak:7.1f} MB, {outcome}"
        )
        files.append(page)
    for megabytes in (int(n) for n in args.lying_mb.split(",")):
        liar = write_lying_size_docx(folder / f"lying-{megabytes}.docx", real_bytes=megabytes << 20)
        seconds, peak, outcome = _read(liar)
        print(
            f"lying docx {megabytes:>5} MB real: {seconds:7.2f} s, peak {peak:7.1f} MB, {outcome}"
        )
        files.append(liar)
    os.environ["HEARTH_HOME"] = tempfile.mkdtemp(prefix="hearth-bench-home-")
    resolved = Paths.resolve().ensure()
    with Database.open(resolved.database, backups_dir=resolved.backups_dir) as db:
        knowledge = KnowledgeBase(db)
        for path in files:
            started = time.perf_counter()
            report = knowledge.add_files([path])
            seconds = time.perf_counter() - started
            first = report.outcomes[0]
            what = f"failed ({first.kind})" if first.error else "indexed"
            print(f"add_files {path.name:>22}: {seconds:7.2f} s, {what}")


if __name__ == "__main__":
    main()
