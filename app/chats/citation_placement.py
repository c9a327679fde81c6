"""Hearth places a grounded reply's citations itself: each sentence gets the [n] of the passage
that supports it, whatever the model wrote.

A small model seldom cites, and cites wrongly when it does. So the model's markers are taken out,
every sentence is matched against the passages it was given (the checker's
`attribute_sentences`), and markers go back in: the model's own number where its passage does
support the sentence, else the best supporting passage, else none, and the sentence is flagged
"unsupported". Each cited passage also records which of its sentences best supports the reply,
so the Sources panel can highlight it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from app.checking import Issue, attribute_sentences
from app.knowledge.grounding import NOT_IN_DOCUMENTS, Citation, cited_numbers

UNSUPPORTED_REASON: Final = "No attached passage supports this sentence."
# A model's marker with the space in front of it: "revenue grew [1, 2]." -> "revenue grew."
_MARKER = re.compile(r"[ \t]?\[(\d+(?:\s*(?:[,;]|[-\u2013])\s*\d+)*)\]")
_WORD = re.compile(r"\w+")
_TRAILING_PUNCTUATION = ".!?:;…"
MIN_WORDS = 3  # "Sure!" or "Yes." claims nothing a passage could support


@dataclass(frozen=True)
class PlacedReply:
    text: str  # the reply with Hearth's [n] markers
    citations: tuple[dict[str, Any], ...]  # as stored with the reply (see stored form below)
    unsupported: tuple[Issue, ...]  # sentences no passage supports, offsets into `text`


@dataclass(frozen=True)
class _Sentence:
    start: int  # offsets into the reply without the model's markers
    end: int
    numbers: tuple[int, ...]  # the passages Hearth cites for it (empty: unsupported)
    checked: bool  # False: too short or not a claim, so neither cited nor flagged


def place_citations(text: str, citations: Sequence[Citation]) -> PlacedReply:
    """The reply with each sentence cited by the passage that supports it.

    Stored form of each citation: `Citation.to_json()` plus "text" (the whole passage), "used"
    (the reply cites it) and "support" ([start, end] of the passage's sentence that best
    supports the reply, when it is cited).
    """
    if not citations or not text.strip():
        return PlacedReply(text, tuple(_stored(c, False, None) for c in citations), ())
    clean, model_marks = _without_markers(text)
    by_number = {c.number: c for c in citations}
    numbers = [c.number for c in citations]
    passages = [c.text for c in citations]
    sentences: list[_Sentence] = []
    for support in attribute_sentences(clean, passages):
        said = clean[support.start : support.end]
        if not _is_claim(said):
            sentences.append(_Sentence(support.start, support.end, (), False))
            continue
        marked = model_marks.get(_key(support.start, support.end, model_marks), ())
        kept = tuple(n for n in marked if n in by_number and _supports(said, by_number[n].text))
        if kept:
            chosen = kept
        elif support.passage is not None and 0 <= support.passage < len(numbers):
            chosen = (numbers[support.passage],)
        else:
            chosen = ()
        sentences.append(_Sentence(support.start, support.end, chosen, True))
    placed, spans = _with_markers(clean, sentences)
    unsupported = tuple(
        Issue("unsupported", placed[start:end], start, end, UNSUPPORTED_REASON)
        for sentence, (start, end) in zip(sentences, spans, strict=True)
        if sentence.checked and not sentence.numbers
    )
    claims: dict[int, list[str]] = {}
    for placed_sentence in sentences:
        for number in placed_sentence.numbers:
            claims.setdefault(number, []).append(clean[placed_sentence.start : placed_sentence.end])
    used = set(cited_numbers(placed))
    stored = tuple(
        _stored(c, c.number in used, _support_span(c.text, " ".join(claims.get(c.number, []))))
        for c in citations
    )
    return PlacedReply(placed, stored, unsupported)


def _stored(citation: Citation, used: bool, support: tuple[int, int] | None) -> dict[str, Any]:
    record: dict[str, Any] = {**citation.to_json(), "text": citation.text, "used": used}
    if support is not None:
        record["support"] = [support[0], support[1]]
    return record


def support_span(record: Mapping[str, Any]) -> tuple[int, int] | None:
    """The [start, end) of a stored citation's supporting sentence in its "text", if known."""
    value = record.get("support")
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and 0 <= value[0] < value[1] <= len(str(record.get("text") or ""))
    ):
        return value[0], value[1]
    return None


def _without_markers(text: str) -> tuple[str, dict[int, tuple[int, ...]]]:
    """The text without the model's [n] markers, and the numbers each marker gave, keyed by the
    offset (in the clean text) where the marker stood."""
    parts: list[str] = []
    marks: dict[int, tuple[int, ...]] = {}
    cursor = 0
    length = 0
    for match in _MARKER.finditer(text):
        parts.append(text[cursor : match.start()])
        length += match.start() - cursor
        marks[length] = tuple(cited_numbers(match.group(0)))
        cursor = match.end()
    parts.append(text[cursor:])
    return "".join(parts), marks


def _key(start: int, end: int, marks: Mapping[int, tuple[int, ...]]) -> int:
    """The marker offset that belongs to the sentence [start, end): one inside it or right after
    its end (the model writes "… euros [1]." and "… euros. [1]")."""
    inside = [offset for offset in marks if start < offset <= end + 1]
    return inside[-1] if inside else -1


def _is_claim(sentence: str) -> bool:
    stripped = sentence.strip()
    if NOT_IN_DOCUMENTS.rstrip(".") in stripped:
        return False
    return len(_WORD.findall(stripped)) >= MIN_WORDS and not stripped.startswith("```")


def _supports(sentence: str, passage: str) -> bool:
    """Whether this one passage supports the sentence, by the checker's own matching."""
    return any(s.passage == 0 for s in attribute_sentences(sentence, [passage]))


def _with_markers(clean: str, sentences: Sequence[_Sentence]) -> tuple[str, list[tuple[int, int]]]:
    """Insert " [n]" before each cited sentence's closing punctuation; the sentences' spans in
    the new text."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    cursor = 0
    shift = 0
    for sentence in sorted(sentences, key=lambda s: s.start):
        start = sentence.start + shift
        if not sentence.numbers:
            spans.append((start, sentence.end + shift))
            continue
        body = clean[sentence.start : sentence.end].rstrip()
        stop = sentence.start + len(body)
        while stop > sentence.start and clean[stop - 1] in _TRAILING_PUNCTUATION:
            stop -= 1
        marker = " [" + ", ".join(str(n) for n in sentence.numbers) + "]"
        parts.append(clean[cursor:stop])
        parts.append(marker)
        cursor = stop
        shift += len(marker)
        spans.append((start, sentence.end + shift))
    parts.append(clean[cursor:])
    order = sorted(range(len(sentences)), key=lambda i: sentences[i].start)
    in_order = [(0, 0)] * len(sentences)
    for rank, index in enumerate(order):
        in_order[index] = spans[rank]
    return "".join(parts), in_order


def _support_span(passage: str, claim: str) -> tuple[int, int] | None:
    """The passage's sentence that best supports `claim` (the reply's sentences citing it)."""
    if not claim.strip():
        return None
    # The best overlap, even below the checker's support threshold: the claim as a whole is
    # supported (it cites this passage); this only says where in the passage to look.
    best = max(
        (s for s in attribute_sentences(passage, [claim]) if s.score > 0),
        key=lambda s: s.score,
        default=None,
    )
    return (best.start, best.end) if best is not None else None
