"""Which passage supports each sentence: a deterministic, BM25-like weighted word overlap."""

from __future__ import annotations

import math
from collections.abc import Sequence

from .model import SentenceSupport
from .stopwords import FUNCTION_WORDS
from .words import sentences, words

SUPPORT_THRESHOLD = 0.5  # share of a sentence's (idf-weighted) content words a passage holds
_MIN_CONTENT_WORDS = 2


def _content_words(text: str) -> set[str]:
    return {
        folded
        for w in words(text)
        if (folded := w.text.casefold()) not in FUNCTION_WORDS
        and (len(folded) > 2 or folded.isdigit())
    }


def attribute_sentences(text: str, passages: Sequence[str]) -> list[SentenceSupport]:
    passage_words = [_content_words(p) for p in passages]
    count = len(passages)
    document_frequency: dict[str, int] = {}
    for bag in passage_words:
        for word in bag:
            document_frequency[word] = document_frequency.get(word, 0) + 1

    def idf(word: str) -> float:
        frequency = document_frequency.get(word, 0)
        return math.log(1 + (count - frequency + 0.5) / (frequency + 0.5))

    supports: list[SentenceSupport] = []
    for sentence in sentences(text):
        wanted = _content_words(sentence.text)
        best_index: int | None = None
        best_score = 0.0
        if len(wanted) >= _MIN_CONTENT_WORDS and passages:
            weights = {w: idf(w) for w in wanted}
            total = sum(weights.values()) or 1.0
            for index, bag in enumerate(passage_words):
                score = sum(weight for w, weight in weights.items() if w in bag) / total
                if score > best_score:  # ties keep the earlier passage: deterministic
                    best_index, best_score = index, score
        if best_score < SUPPORT_THRESHOLD:
            best_index = None
        supports.append(
            SentenceSupport(sentence.start, sentence.end, best_index, round(best_score, 4))
        )
    return supports
