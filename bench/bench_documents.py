"""Documents in chat: extraction + indexing speed, query latency, retrieval quality.

    python bench/bench_documents.py [--quick] [--skip-100k] [--out FILE.json]

1. Writes a 1,000-page PDF corpus (20 files x 50 pages, fpdf2) and a DOCX corpus (10 files x 30
   pages separated by page breaks, python-docx) into a temporary folder, then indexes each into
   a fresh Hearth database with `KnowledgeBase.add_files` (extraction, chunking, SQLite FTS5):
   pages/s. While the PDFs index on a worker thread, a 5 ms heartbeat on the main thread records
   how late it wakes (the GIL is what a GUI thread would wait for).
2. Query latency: `KnowledgeBase.search` (BM25, 10 results), the deeper retrieval grounding
   uses (36 candidates), and that retrieval scoped to ten documents (a chat's attachments), over
   10k and 100k synthetic chunks (~700 characters each, 100 per document), 100
   queries each (the 40 labelled questions and 60 random word sets): p50 / p95.
3. recall@3 on the labelled questions in bench/data/documents_questions.json: each fact is
   planted on one page of the PDF corpus; a question is recalled when one of the top 3 passages
   comes from that file and page.

Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.knowledge.chunking import Chunk
from app.knowledge.document_store import FileFacts
from app.knowledge.knowledge_base import KnowledgeBase
from app.knowledge.retrieval import retrieve
from app.storage import Database

QUESTIONS_FILE = Path(__file__).resolve().parent / "data" / "documents_questions.json"

# Real words that the labelled facts also use, so the filler holds distractors for them.
_DOMAIN_TEXT = """
office building service staff euros week month year policy report safety manager team customer
product sales revenue contract invoice supplier warehouse employee training meeting project
budget quality audit system data access room floor car travel insurance leave salary holiday
pressure temperature water fire alarm waste paper printer lease board target region market cost
price order delivery stock equipment machine check rule time day hour minute percent approval
director finance legal risk plan review
"""
_DOMAIN_WORDS = _DOMAIN_TEXT.split()
_SYLLABLES_TEXT = """
ka lo mi ne ru sa te vo zu pe ta ri on el an is ur ba de fi go
"""
_SYLLABLES = _SYLLABLES_TEXT.split()


def vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    words = set(_DOMAIN_WORDS)
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


class Filler:
    """Pseudo-text with a Zipf-like word distribution (a few words common, most rare)."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)
        words = vocabulary(self._rng)
        self._rng.shuffle(words)
        self._words = words
        self._weights = [1.0 / (rank + 1) for rank in range(len(words))]

    def sentence(self) -> str:
        chosen = self._rng.choices(self._words, self._weights, k=self._rng.randint(8, 16))
        return " ".join(chosen).capitalize() + "."

    def text(self, chars: int) -> str:
        parts: list[str] = []
        length = 0
        while length < chars:
            sentence = self.sentence()
            parts.append(sentence)
            length += len(sentence) + 1
        return " ".join(parts)


def load_questions() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(QUESTIONS_FILE.read_text(encoding="utf-8"))
    return data


def write_pdf_corpus(folder: Path, files: int, pages: int, facts: list[dict[str, Any]]) -> None:
    from fpdf import FPDF

    filler = Filler(seed=1)
    planted: dict[tuple[int, int], list[str]] = {}
    for fact in facts:
        planted.setdefault((fact["file_index"], fact["page"]), []).append(fact["text"])
    for index in range(files):
        pdf = FPDF()
        pdf.set_font("Helvetica", size=10)
        for page in range(1, pages + 1):
            pdf.add_page()
            text = filler.text(900)
            for fact in planted.get((index, page), []):
                text += " " + fact + " " + filler.text(300)
            pdf.multi_cell(0, 5, text)
        pdf.output(str(folder / f"manual-{index:02d}.pdf"))


def write_docx_corpus(folder: Path, files: int, pages: int) -> None:
    import docx
    from docx.enum.text import WD_BREAK

    filler = Filler(seed=2)
    for index in range(files):
        document = docx.Document()
        for page in range(1, pages + 1):
            document.add_heading(f"Section {page}", level=1)
            for _ in range(3):
                document.add_paragraph(filler.text(400))
            if page < pages:
                document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        document.save(str(folder / f"report-{index:02d}.docx"))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def index_corpus(kb: KnowledgeBase, folder: Path, pattern: str) -> dict[str, Any]:
    paths = sorted(folder.glob(pattern))
    gaps: list[float] = []
    done = threading.Event()
    result: dict[str, Any] = {}

    def work() -> None:
        started = time.perf_counter()
        report = kb.add_files(paths)
        result["seconds"] = time.perf_counter() - started
        result["failed"] = [o.error for o in report.failed]
        result["pages"] = sum(o.document.page_count or 0 for o in report.indexed if o.document)
        result["chunks"] = sum(o.document.chunk_count for o in report.indexed if o.document)
        done.set()

    worker = threading.Thread(target=work)
    worker.start()
    while not done.is_set():  # the "GUI thread": a 5 ms timer
        before = time.perf_counter()
        time.sleep(0.005)
        gaps.append(time.perf_counter() - before - 0.005)
    worker.join()
    result["files"] = len(paths)
    result["pages_per_s"] = result["pages"] / result["seconds"]
    result["heartbeat_late_max_ms"] = max(gaps) * 1000 if gaps else 0.0
    result["heartbeat_late_p99_ms"] = percentile(gaps, 0.99) * 1000 if gaps else 0.0
    return result


def recall_at_3(kb: KnowledgeBase, data: dict[str, Any]) -> dict[str, Any]:
    facts = {f["id"]: f for f in data["facts"]}
    hits = 0
    misses: list[str] = []
    for item in data["questions"]:
        fact = facts[item["fact_id"]]
        expected = (f"manual-{fact['file_index']:02d}.pdf", fact["page"])
        top = kb.search(item["question"], limit=3)
        if any((p.file_name, p.page) == expected for p in top):
            hits += 1
        else:
            misses.append(item["question"])
    return {
        "questions": len(data["questions"]),
        "recall_at_3": hits / len(data["questions"]),
        "missed": misses,
    }


def add_synthetic_chunks(kb: KnowledgeBase, start_doc: int, count: int, filler: Filler) -> None:
    per_document = 100
    for d in range(start_doc, start_doc + count // per_document):
        chunks = [
            Chunk(
                section_index=i // 2,
                position=f"page {i // 2 + 1}",
                page=i // 2 + 1,
                heading="",
                text=filler.text(700),
                overlap_chars=0,
            )
            for i in range(per_document)
        ]
        facts = FileFacts(
            path=f"/synthetic/doc-{d}.pdf",
            file_name=f"doc-{d}.pdf",
            sha256=f"{d:064x}",
            size_bytes=0,
            mtime_ns=0,
            format="pdf",
        )
        kb.store.save_indexed(facts, chunks, page_count=per_document // 2)


def query_latency(kb: KnowledgeBase, queries: list[str]) -> dict[str, float]:
    db = kb.store.database
    for query in queries[:5]:  # warm the page cache
        kb.search(query)
    search_ms: list[float] = []
    deep_ms: list[float] = []
    scoped_ms: list[float] = []
    scope = set(range(1, 11))  # what a chat with ten attached documents searches
    for query in queries:
        started = time.perf_counter()
        kb.search(query, limit=10)
        search_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        retrieve(db, query, limit=36)
        deep_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        retrieve(db, query, limit=36, document_ids=scope)
        scoped_ms.append((time.perf_counter() - started) * 1000)
    return {
        "search_p50_ms": statistics.median(search_ms),
        "search_p95_ms": percentile(search_ms, 0.95),
        "retrieve36_p50_ms": statistics.median(deep_ms),
        "retrieve36_p95_ms": percentile(deep_ms, 0.95),
        "scoped10_p50_ms": statistics.median(scoped_ms),
        "scoped10_p95_ms": percentile(scoped_ms, 0.95),
    }


def latency_queries(data: dict[str, Any], count: int) -> list[str]:
    rng = random.Random(7)
    words = vocabulary(random.Random(1))
    queries = [q["question"] for q in data["questions"]]
    while len(queries) < count:
        queries.append(" ".join(rng.choice(words) for _ in range(rng.randint(2, 6))))
    return queries[:count]


def open_db(folder: Path) -> Database:
    return Database.open(folder / "hearth.sqlite3", backups_dir=folder / "backups")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="200 PDF pages, 10k chunks only")
    parser.add_argument("--skip-100k", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    data = load_questions()
    figures: dict[str, Any] = {"cpu_count": os.cpu_count()}
    pdf_files = 4 if args.quick else 20
    with tempfile.TemporaryDirectory(prefix="hearth-bench-docs-") as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        corpus.mkdir()
        facts = [f for f in data["facts"] if f["file_index"] < pdf_files]
        started = time.perf_counter()
        write_pdf_corpus(corpus, pdf_files, 50, facts)
        write_docx_corpus(corpus, 4 if args.quick else 10, 30)
        print(f"corpus written in {time.perf_counter() - started:.1f} s")

        (root / "docs").mkdir()
        with open_db(root / "docs") as db:
            kb = KnowledgeBase(db)
            figures["pdf"] = index_corpus(kb, corpus, "*.pdf")
            figures["docx"] = index_corpus(kb, corpus, "*.docx")
            for name in ("pdf", "docx"):
                f = figures[name]
                print(
                    f"{name}: {f['pages']} pages in {f['files']} files, {f['chunks']} chunks, "
                    f"{f['seconds']:.1f} s -> {f['pages_per_s']:.0f} pages/s (extract + index); "
                    f"heartbeat late max {f['heartbeat_late_max_ms']:.1f} ms, "
                    f"p99 {f['heartbeat_late_p99_ms']:.1f} ms; failed {len(f['failed'])}"
                )
            subset = {
                "facts": facts,
                "questions": [
                    q for q in data["questions"] if q["fact_id"] in {f["id"] for f in facts}
                ],
            }
            figures["recall"] = recall_at_3(kb, subset)
            r = figures["recall"]
            print(f"recall@3: {r['recall_at_3']:.2f} over {r['questions']} labelled questions")
            for missed in r["missed"]:
                print(f"   missed: {missed}")

        (root / "latency").mkdir()
        queries = latency_queries(data, 100)
        filler = Filler(seed=3)
        with open_db(root / "latency") as db:
            kb = KnowledgeBase(db)
            sizes = [10_000] if (args.quick or args.skip_100k) else [10_000, 100_000]
            loaded = 0
            for size in sizes:
                started = time.perf_counter()
                add_synthetic_chunks(kb, loaded // 100, size - loaded, filler)
                loaded = size
                build_s = time.perf_counter() - started
                latency = query_latency(kb, queries)
                figures[f"query_{size}"] = {**latency, "build_s": build_s}
                print(
                    f"{size:,} chunks (built in {build_s:.0f} s): search p50 "
                    f"{latency['search_p50_ms']:.1f} ms, p95 {latency['search_p95_ms']:.1f} ms; "
                    f"retrieve(36) p50 {latency['retrieve36_p50_ms']:.1f} ms, "
                    f"p95 {latency['retrieve36_p95_ms']:.1f} ms; ten-document scope p50 "
                    f"{latency['scoped10_p50_ms']:.1f} ms, p95 {latency['scoped10_p95_ms']:.1f} ms"
                )
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
