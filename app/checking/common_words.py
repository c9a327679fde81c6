"""The most frequent words of English, Finnish, German, Swedish, French and Spanish
(resources/checking/common_words.txt.gz, made by bench/data/make_common_words.py).

A capitalised word that opens a sentence is capitalised anyway; it may be a name only when it
is none of these. Finnish inflects and German compounds, so a word also counts as common when it
is a common word plus a short ending ("Laskusta": lasku), ends in a common word
("Zahlungserinnerung": erinnerung) or in a noun-making suffix ("Überweisung").
"""

from __future__ import annotations

import gzip
from functools import lru_cache

from ..resources import resource_path

# Case and plural endings (Finnish, German, English, Swedish): "Laskusta", "Kunden", "Orders".
_ENDINGS = (
    "n", "a", "ä", "t", "s", "e", "en", "er", "es", "ta", "tä", "na", "nä", "ja", "jä", "ni",
    "si", "ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "ksi", "ien", "ten",
    "iin", "mme", "tte", "vat", "vät", "nsa", "nsä", "kin", "ing", "ed", "ly",
)  # fmt: skip
# Word-forming suffixes that make nouns and adjectives in German, English and French and that
# names hardly ever end in: "Überweisung", "Bestätigung", "Confirmation", "Möglichkeit".
_DERIVATIONAL = ("ung", "heit", "keit", "schaft", "tion", "sion", "tät", "nis", "ment",
                 "lich", "isch", "ieren", "ness", "ship", "ity", "ally")  # fmt: skip
_STEM_MIN = 4
_COMPOUND_TAIL_MIN = 6  # "erinnerung" in "Zahlungserinnerung"; short tails match names too
_COMPOUND_HEAD_MIN = 3


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Loaded once, on the first check (about 50,000 words; a few tens of milliseconds)."""
    path = resource_path("checking", "common_words.txt.gz")
    return frozenset(gzip.decompress(path.read_bytes()).decode("utf-8").split())


def is_common_word(folded: str) -> bool:
    """`folded` (casefolded) is a common word, an inflected form or a compound of one."""
    words = common_words()
    if folded in words:
        return True
    for ending in _ENDINGS:
        if folded.endswith(ending) and len(folded) - len(ending) >= _STEM_MIN:
            stem = folded[: -len(ending)]
            # Finnish verbs: "vahvista-mme" is "vahvistaa" (to confirm) in the list; Finnish
            # possessives: "tilaukse-si" is "tilauksen" (of the order).
            if stem in words or stem + stem[-1] in words or stem + "n" in words:
                return True
    if any(
        folded.endswith(suffix) and len(folded) - len(suffix) >= _STEM_MIN
        for suffix in _DERIVATIONAL
    ):
        return True
    return any(
        folded[head:] in words
        for head in range(_COMPOUND_HEAD_MIN, len(folded) - _COMPOUND_TAIL_MIN + 1)
    )
