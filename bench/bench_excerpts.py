"""Search excerpts: does the user see the answer?

Indexes the labelled corpus (bench/data/excerpt_questions.json, written as real files in nine
formats by excerpt_corpus.py) into a fresh database with the real KnowledgeBase, asks every
question, and counts:
- top 3: a top-3 passage holds the answer string;
- visible: the answer string is inside an excerpt shown for the top 3 (and for the first
  passage that holds it), before (a passage's first words, as Hearth showed them) and after
  (centred on the best-matching sentence, `app/knowledge/excerpts.py`).

    python bench/bench_excerpts.py [--chars 240] [--verbose]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

from excerpt_corpus import load_labelled, write_corpus

from app.knowledge.excerpts import centred_excerpt
from app.knowledge.knowledge_base import KnowledgeBase
from app.knowledge.records import Passage
from app.storage import Database


def first_words(text: str, chars: int) -> str:
    """What `docs search` showed before: the passage's start, whitespace collapsed."""
    return " ".join(text.split())[:chars]


def folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def evaluate(kb: KnowledgeBase, data: dict[str, Any], chars: int, verbose: bool) -> dict[str, int]:
    counts = {"questions": 0, "top3": 0, "before_any": 0, "after_any": 0}
    counts |= {"before_hit": 0, "after_hit": 0}
    for item in data["questions"]:
        counts["questions"] += 1
        answer = folded(item["answer"])
        passages: list[Passage] = kb.search(item["question"], limit=3)
        holding = [p for p in passages if answer in folded(p.text)]
        if holding:
            counts["top3"] += 1
        before = [first_words(p.text, chars) for p in passages]
        after = [centred_excerpt(p.text, item["question"], max_chars=chars).text for p in passages]
        counts["before_any"] += any(answer in folded(e) for e in before)
        counts["after_any"] += any(answer in folded(e) for e in after)
        if holding:
            hit = holding[0]
            counts["before_hit"] += answer in folded(first_words(hit.text, chars))
            shown = centred_excerpt(hit.text, item["question"], max_chars=chars).text
            counts["after_hit"] += answer in folded(shown)
        if verbose:
            print(f"- {item['question']}  [{item['answer']}]")
            for excerpt in after[:1]:
                print(f"    {excerpt}")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=240, help="excerpt length (docs search)")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    data = load_labelled()
    with tempfile.TemporaryDirectory(prefix="hearth-bench-excerpts-") as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        corpus.mkdir()
        files = write_corpus(corpus, data)
        with Database.open(root / "hearth.sqlite3", backups_dir=root / "backups") as db:
            kb = KnowledgeBase(db)
            report = kb.add_files(files)
            failed = [o for o in report.outcomes if not o.ok]
            for outcome in failed:
                print(f"not indexed: {outcome.path.name}: {outcome.error}")
            counts = evaluate(kb, data, args.chars, args.verbose)
    total = counts["questions"]
    formats = sorted({Path(d["file"]).suffix for d in data["documents"]})
    print(f"{total} questions over {len(files)} documents ({', '.join(formats)})")
    print(f"answer passage in top 3:                       {counts['top3']}/{total}")
    print(f"answer visible in a top-3 excerpt, before:     {counts['before_any']}/{total}")
    print(f"answer visible in a top-3 excerpt, after:      {counts['after_any']}/{total}")
    print(f"answer visible in its passage's excerpt, before: {counts['before_hit']}/{total}")
    print(f"answer visible in its passage's excerpt, after:  {counts['after_hit']}/{total}")


if __name__ == "__main__":
    main()
