"""Words and sentences, Unicode-aware (any script's letters and digits)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

WORD_RE = re.compile(r"\w+(?:['\u2019]\w+)*")
# A sentence ends at . ! ? … followed by space, or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”\u2019)\]]*\s+|\n\s*")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def words(text: str) -> Iterator[Span]:
    for m in WORD_RE.finditer(text):
        yield Span(m.start(), m.end(), m.group())


def sentences(text: str) -> list[Span]:
    """Sentence spans with surrounding blanks trimmed; headings and list items count as one."""
    spans: list[Span] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        _add_trimmed(text, start, m.start(), spans)
        start = m.end()
    _add_trimmed(text, start, len(text), spans)
    return spans


def _add_trimmed(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end, text[start:end]))


def shared_prefix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def inflected_match(word: str, known: str) -> bool:
    """The same word in another grammatical case ("Virtanen", "Virtaselle"; "Kallio",
    "Kalliolle"): a long shared stem covering most of the shorter word."""
    common = shared_prefix(word, known)
    return common >= 4 and common >= 0.6 * min(len(word), len(known))
