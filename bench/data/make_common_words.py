"""Write resources/checking/common_words.txt.gz: the most frequent words of English, Finnish,
German, Swedish, French and Spanish, for the name check (a capitalised word that opens a
sentence and is none of these may be a name).

    python bench/data/make_common_words.py WORDFREQ_DATA_DIR

WORDFREQ_DATA_DIR is the `wordfreq/data` folder of the wordfreq 3.1.1 wheel (unpack the wheel;
reading its files needs the msgpack package). The words come from wordfreq's data, licensed
CC BY-SA 4.0 (see resources/checking/common_words.LICENSE.txt). Run offline; the app never
fetches it.
Common first names (app/checking/first_names.py) are left out: they stay names.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import msgpack  # type: ignore[import-not-found]

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.checking.first_names import FIRST_NAMES

OUT = Path(__file__).resolve().parents[2] / "resources" / "checking" / "common_words.txt.gz"
# How many of each language's most frequent words. Finnish inflects and German compounds,
# so they need more forms; the rest need only the usual sentence openers.
TOP = {"en": 8000, "fi": 20000, "de": 15000, "sv": 5000, "fr": 5000, "es": 5000}


def top_words(data_dir: Path, language: str, count: int) -> list[str]:
    with gzip.open(data_dir / f"small_{language}.msgpack.gz") as packed:
        buckets = msgpack.load(packed, raw=False)[1:]  # [0] is the format header
    words = [w for bucket in buckets for w in bucket if w.isalpha() and len(w) > 1]
    return words[:count]


def main() -> None:
    data_dir = Path(sys.argv[1])
    words: set[str] = set()
    for language, count in TOP.items():
        words.update(top_words(data_dir, language, count))
    words -= FIRST_NAMES
    body = "\n".join(sorted(words)) + "\n"
    OUT.write_bytes(gzip.compress(body.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{len(words)} words, {OUT.stat().st_size} bytes -> {OUT}")


if __name__ == "__main__":
    main()
