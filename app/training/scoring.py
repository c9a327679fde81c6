"""The automatic held-out score: are the expected phrases in the reply?

With expected phrases: the share of them the reply contains (case and spacing ignored). Without:
the share of the reference reply's content words (four letters or more, common words left out)
the reply contains. 1.0 means everything expected is there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

_WORD = re.compile(r"[^\W_]{4,}", re.UNICODE)
_COMMON_WORDS: Final = (
    "that this with from have will your there their what when which would about could "
    "should them they were been into more some than then these those also just very here "
    "each only over such like make made much many most other well does being"
)
_COMMON: Final = frozenset(_COMMON_WORDS.split())


def _normalise(text: str) -> str:
    return " ".join(text.casefold().split())


def content_words(text: str) -> tuple[str, ...]:
    words = (w.casefold() for w in _WORD.findall(text))
    return tuple(dict.fromkeys(w for w in words if w not in _COMMON))


def phrase_score(reply: str, expected: Sequence[str], reference: str = "") -> float:
    reply_norm = _normalise(reply)
    if expected:
        found = sum(1 for phrase in expected if _normalise(phrase) in reply_norm)
        return found / len(expected)
    words = content_words(reference)
    if not words:
        return 1.0 if reply_norm == _normalise(reference) else 0.0
    reply_words = set(content_words(reply))
    return sum(1 for w in words if w in reply_words) / len(words)


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None
