"""Index size and query time with and without the search form (NFKC, hyphenation, CJK pairs).

    python bench/bench_search_index.py [--chunks 100000] [--out FILE.json]

Builds the same synthetic corpus twice, each in a fresh Hearth database through
`DocumentStore.save_indexed` (~700-character chunks, 100 per document):

- before: main's behaviour. Chunks are stored without a search form, so the FTS5 index holds
  the stored text as it is (what main indexed), and queries are built as main built them.
- after: this branch. Chunks whose search form differs get it stored and indexed; queries are
  normalised and CJK runs become phrases of character pairs.

The corpus: Latin filler with a Zipf-like word distribution; a share of its chunks typeset with
ligatures ("ﬁ", "ﬂ") and words hyphenated at line ends, as PDFs are; and a share of Japanese-like
chunks (kana and kanji words written without spaces). Figures: the SQLite file's size after a
WAL checkpoint, build time, and the median/p95 of `KnowledgeBase.search` (10 results) over a
fixed query set: Latin words, whole CJK words (3+ characters), 2-character and 1-character CJK
substrings. Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.knowledge import document_store, fts_search
from app.knowledge.chunking import Chunk
from app.knowledge.document_store import FileFacts
from app.knowledge.fts_query import STOP_WORDS
from app.knowledge.knowledge_base import KnowledgeBase
from app.storage import Database
from bench.bench_documents import Filler, percentile, vocabulary

PER_DOCUMENT = 100
CHUNK_CHARS = 700
_KANA = (
    "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"
)
_KATAKANA = (
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"
)
_KANJI = "日本語会社東京大学電話時間仕事今年新聞天気説明試験用確認送信受信資料予定会議報告書"


def cjk_words(rng: random.Random, size: int = 600) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        pool = rng.choice((_KANA, _KATAKANA, _KANJI))
        words.add("".join(rng.choice(pool) for _ in range(rng.randint(2, 5))))
    return sorted(words)


class CjkFiller:
    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)
        self.words = cjk_words(random.Random(11))
        self._weights = [1.0 / (rank + 1) for rank in range(len(self.words))]

    def text(self, chars: int) -> str:
        parts: list[str] = []
        length = 0
        while length < chars:
            chosen = self._rng.choices(self.words, self._weights, k=self._rng.randint(6, 12))
            sentence = "".join(chosen) + "。"
            parts.append(sentence)
            length += len(sentence)
        return "".join(parts)


def typeset(text: str, rng: random.Random) -> str:
    """Ligatures as a PDF's text layer gives them, and a few words hyphenated at line ends."""
    text = text.replace("fi", "\ufb01").replace("fl", "\ufb02").replace("ff", "\ufb00")
    words = text.split(" ")
    for i in range(0, len(words), 12):
        word = words[i]
        if len(word) > 5 and word.isalpha():
            cut = len(word) // 2
            words[i] = word[:cut] + "-\n" + word[cut:]
    return " ".join(words)


def corpus(total: int, cjk_share: float, typeset_share: float) -> Iterator[list[str]]:
    """Documents of PER_DOCUMENT chunk texts; the same sequence for the same arguments."""
    rng = random.Random(5)
    latin = Filler(seed=3)
    cjk = CjkFiller(seed=4)
    for _ in range(total // PER_DOCUMENT):
        texts: list[str] = []
        for _ in range(PER_DOCUMENT):
            roll = rng.random()
            if roll < cjk_share:
                texts.append(cjk.text(CHUNK_CHARS // 2))  # CJK packs more per character
            elif roll < cjk_share + typeset_share:
                texts.append(typeset(latin.text(CHUNK_CHARS), rng))
            else:
                texts.append(latin.text(CHUNK_CHARS))
        yield texts


def queries() -> dict[str, list[str]]:
    rng = random.Random(7)
    # Filler(seed=3) draws its vocabulary first from random.Random(3): the same words.
    words = [w for w in vocabulary(random.Random(3)) if w not in STOP_WORDS]
    cjk = cjk_words(random.Random(11))
    long_cjk = [w for w in cjk if len(w) >= 3]
    return {
        "latin": [" ".join(rng.choice(words) for _ in range(rng.randint(2, 5))) for _ in range(60)],
        "cjk_3plus": [rng.choice(long_cjk) for _ in range(20)],
        "cjk_2": [rng.choice(cjk)[:2] for _ in range(20)],
        "cjk_1": [rng.choice(_KANJI) for _ in range(10)],
    }


def _main_match_expression(text: str) -> str | None:
    """The query as main built it: words as they are, no normal form, no CJK pairs."""
    import re

    found = [w.lower() for w in re.findall(r"\w+", text, re.UNICODE)]
    kept = [w for w in found if w not in STOP_WORDS and w != "_"] or [w for w in found if w != "_"]
    terms = list(dict.fromkeys(kept))[:32]
    if not terms:
        return None
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)


@contextmanager
def behaviour(mode: str) -> Iterator[None]:
    if mode == "after":
        yield
        return
    with (
        mock.patch.object(document_store, "_search_form_if_changed", lambda _text: None),
        mock.patch.object(fts_search, "match_expression", _main_match_expression),
    ):
        yield


def file_size(path: Path) -> tuple[int, dict[str, int]]:
    """The file's bytes after a checkpoint, and the bytes of the chunks table and of the FTS
    index (its shadow tables) within it."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    finally:
        conn.close()
    parts = {"chunks": 0, "fts": 0}
    for name, size in rows:
        if name == "chunks":
            parts["chunks"] += int(size)
        elif str(name).startswith("chunks_fts"):
            parts["fts"] += int(size)
    return path.stat().st_size, parts


def measure(mode: str, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    path = folder / "hearth.sqlite3"
    figures: dict[str, Any] = {}
    with behaviour(mode), Database.open(path, backups_dir=folder / "backups") as db:
        kb = KnowledgeBase(db)
        started = time.perf_counter()
        for d, texts in enumerate(corpus(args.chunks, args.cjk_share, args.typeset_share)):
            chunks = [
                Chunk(i // 2, f"page {i // 2 + 1}", i // 2 + 1, "", text, 0)
                for i, text in enumerate(texts)
            ]
            facts = FileFacts(f"/synthetic/doc-{d}.pdf", f"doc-{d}.pdf", f"{d:064x}", 0, 0, "pdf")
            kb.store.save_indexed(facts, chunks, page_count=PER_DOCUMENT // 2)
        figures["build_s"] = time.perf_counter() - started
        for warm in queries()["latin"][:5]:
            kb.search(warm)
        for kind, texts in queries().items():
            times: list[float] = []
            hits = 0
            for query in texts:
                began = time.perf_counter()
                found = kb.search(query, limit=10)
                times.append((time.perf_counter() - began) * 1000)
                hits += bool(found)
            figures[kind] = {
                "p50_ms": statistics.median(times),
                "p95_ms": percentile(times, 0.95),
                "queries_with_results": f"{hits}/{len(texts)}",
            }
    figures["file_bytes"], parts = file_size(path)
    figures["chunks_table_bytes"], figures["fts_index_bytes"] = parts["chunks"], parts["fts"]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--cjk-share", type=float, default=0.1)
    parser.add_argument("--typeset-share", type=float, default=0.3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    results: dict[str, Any] = {
        "chunks": args.chunks,
        "cjk_share": args.cjk_share,
        "typeset_share": args.typeset_share,
    }
    for mode in ("before", "after"):
        with tempfile.TemporaryDirectory(prefix=f"hearth-bench-search-{mode}-") as tmp:
            figures = measure(mode, Path(tmp), args)
        results[mode] = figures
        print(
            f"{mode}: {args.chunks:,} chunks, file {figures['file_bytes'] / 1e6:.1f} MB "
            f"(chunks table {figures['chunks_table_bytes'] / 1e6:.1f} MB, FTS index "
            f"{figures['fts_index_bytes'] / 1e6:.1f} MB), built in {figures['build_s']:.0f} s"
        )
        for kind in ("latin", "cjk_3plus", "cjk_2", "cjk_1"):
            f = figures[kind]
            print(
                f"   {kind:9s} p50 {f['p50_ms']:.1f} ms, p95 {f['p95_ms']:.1f} ms, "
                f"with results {f['queries_with_results']}"
            )
    if args.out:
        args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
