"""Excerpts centred on what matched: the sentence of a passage that best answers a query, with
the matched words marked.

A passage's first words often say nothing about the question ("It was agreed that the minutes
of the previous meeting..."), so search results and citations show the sentence with the most
distinct query words instead, padded with its neighbours up to the excerpt's length.

Matching mirrors the index's tokenizer (unicode61 with diacritics removed, Porter stems) well
enough for display: words are compared casefolded and without accents, and two words match when
one is the other plus a short ending ("revenue"/"revenues", "lasku"/"laskun"). Text in scripts
written without spaces (Chinese, Japanese) is compared character by character.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from app.knowledge.fts_query import STOP_WORDS

ELLIPSIS = "…"
# A word of letters/digits, or one character of a script written without spaces.
_CJK = (
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs
    "\uac00-\ud7af"  # hangul syllables
)
# A soft hyphen (U+00AD) inside a word belongs to it, as the index reads it (search_text.py).
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}](?:[^\W{_CJK}]|\u00ad)*", re.UNICODE)
_IS_CJK = re.compile(rf"[{_CJK}]")
# Sentence ends: . ! ? ; and their ideographic and full-width forms. A line break ends one too
# (a table row is one line of extracted text).
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|(?<=[\u3002\uff01\uff1f\uff1b])")
# Common characters of CJK text that match nearly every passage.
_CJK_STOP = frozenset("的是了在和有我你他她它们这那个一不也就都而及与或之其")
MAX_SUFFIX = 4  # how much longer a word may be than the query word it matches
MIN_PREFIX = 4  # shorter words must match exactly


@dataclass(frozen=True)
class Excerpt:
    text: str
    highlights: tuple[tuple[int, int], ...]  # [start, end) character offsets into `text`


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.replace("\u00ad", "").casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words_match(word: str, term: str) -> bool:
    if word == term:
        return True
    shorter, longer = (word, term) if len(word) <= len(term) else (term, word)
    return (
        len(shorter) >= MIN_PREFIX
        and len(longer) - len(shorter) <= MAX_SUFFIX
        and longer.startswith(shorter)
        and not shorter.isdigit()
    )


def excerpt_terms(query: str) -> tuple[str, ...]:
    """The query's words as excerpts match them: folded, without stop words (unless that
    leaves nothing), distinct, in order. Text without spaces gives pairs of adjacent characters
    (a single character of it matches too much), or the character when it stands alone."""
    words: list[str] = []
    tokens = list(_TOKEN.finditer(query))
    for i, match in enumerate(tokens):
        word = match.group()
        if not _IS_CJK.match(word):
            words.append(_fold(word))
            continue
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if (
            following is not None
            and following.start() == match.end()
            and _IS_CJK.match(following.group())
        ):
            words.append(word + following.group())
        elif (
            i == 0
            or tokens[i - 1].end() != match.start()
            or not _IS_CJK.match(tokens[i - 1].group())
        ):
            words.append(word)
    kept = [w for w in words if w not in STOP_WORDS and w not in _CJK_STOP and w != "_"]
    return tuple(dict.fromkeys(kept or [w for w in words if w != "_"]))


def find_matches(text: str, terms: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """(start, end, term) for every word of `text` that matches a term, in order; overlapping
    or adjacent matches of space-less text merge into one span."""
    found: list[tuple[int, int, str]] = []
    words = [t for t in terms if not _IS_CJK.match(t)]
    for match in _TOKEN.finditer(text):
        if _IS_CJK.match(match.group()):
            continue
        word = _fold(match.group())
        term = next((t for t in words if _words_match(word, t)), None)
        if term is not None:
            found.append((match.start(), match.end(), term))
    cjk: list[tuple[int, int, str]] = []
    for term in (t for t in terms if _IS_CJK.match(t)):
        at = text.find(term)
        while at >= 0:
            cjk.append((at, at + len(term), term))
            at = text.find(term, at + 1)
    merged: list[tuple[int, int, str]] = []
    for start, end, term in sorted(cjk):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]), merged[-1][2])
        else:
            merged.append((start, end, term))
    return sorted(found + merged)


def _collapsed_lines(passage: str) -> tuple[str, list[tuple[int, int]]]:
    """The passage with its whitespace collapsed to single spaces, and where each of its
    non-empty lines lies in that text."""
    lines: list[tuple[int, int]] = []
    parts: list[str] = []
    at = 0
    for raw in passage.splitlines():
        line = " ".join(raw.split())
        if line:
            if parts:
                at += 1
            parts.append(line)
            lines.append((at, at + len(line)))
            at += len(line)
    return " ".join(parts), lines


def _sentences(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for line_start, line_end in lines:
        start = line_start
        for boundary in _SENTENCE_END.finditer(text, line_start, line_end):
            if boundary.start() > start:
                spans.append((start, boundary.start()))
            start = boundary.end()
        if start < line_end:
            spans.append((start, line_end))
    return spans


def _is_table(text: str, lines: list[tuple[int, int]]) -> bool:
    """Rows of cells, as spreadsheets and CSV files are extracted (one row a line)."""
    cells = sum(1 for start, end in lines if text.count(" | ", start, end) >= 1)
    return len(lines) >= 3 and cells >= 0.8 * len(lines)


def _best_sentence(
    sentences: list[tuple[int, int]], matches: list[tuple[int, int, str]]
) -> tuple[int, int]:
    """The sentence with the most distinct query words (then the most matches, then the
    earliest)."""

    def score(span: tuple[int, int]) -> tuple[int, int, int]:
        inside = [m for m in matches if span[0] <= m[0] < span[1]]
        return (len({m[2] for m in inside}), len(inside), -span[0])

    return max(sentences, key=score)


def _word_start(text: str, index: int) -> int:
    """`index` moved forward to the start of the next word (unless already at one)."""
    if index <= 0:
        return 0
    if text[index - 1].isspace():
        return index
    following = text.find(" ", index)
    return len(text) if following < 0 else following + 1


def _word_end(text: str, index: int) -> int:
    """`index` moved back to the end of the previous word (unless already at one)."""
    if index >= len(text):
        return len(text)
    if text[index].isspace():
        return index
    preceding = text.rfind(" ", 0, index)
    return index if preceding < 0 else preceding


def _window(text: str, focus: tuple[int, int], max_chars: int) -> tuple[int, int]:
    """A window of at most `max_chars` around `focus`, centred on it, cut at word ends."""
    start, end = focus
    if end - start >= max_chars:
        end = start + max_chars
    else:
        spare = max_chars - (end - start)
        before = min(start, spare // 2)
        after = min(len(text) - end, spare - before)
        before = min(start, spare - after)
        start, end = start - before, end + after
    # Cut at word boundaries, unless that would drop the whole focus (one long word or CJK).
    snapped_start = start if start == focus[0] else _word_start(text, start)
    snapped_end = end if end == focus[1] else _word_end(text, end)
    if snapped_start <= focus[0] and snapped_end >= min(focus[1], end):
        start, end = snapped_start, snapped_end
    return start, max(start, end)


def _focus_in_long_sentence(
    sentence: tuple[int, int], matches: list[tuple[int, int, str]], max_chars: int
) -> tuple[int, int]:
    """In a sentence longer than the excerpt, the stretch that holds the most distinct
    query words within `max_chars`."""
    inside = [m for m in matches if sentence[0] <= m[0] < sentence[1]]
    if not inside:
        return sentence[0], min(sentence[1], sentence[0] + max_chars)
    best = (inside[0][0], inside[0][1])
    best_score = (0, 0)
    for i, first in enumerate(inside):
        covered = [m for m in inside[i:] if m[1] - first[0] <= max_chars]
        score = (len({m[2] for m in covered}), len(covered))
        if score > best_score:
            best_score = score
            best = (first[0], covered[-1][1])
    return best


def centred_excerpt(passage: str, query: str, *, max_chars: int = 240) -> Excerpt:
    """The part of `passage` (whitespace collapsed) that best matches `query`, at most about
    `max_chars` characters plus ellipses, with its matched words as highlights. Without any
    matching word it is the passage's first words, with no highlights."""
    text, lines = _collapsed_lines(passage)
    terms = excerpt_terms(query)
    matches = find_matches(text, terms) if terms else []
    if not matches:
        start, end = 0, len(text) if len(text) <= max_chars else _word_end(text, max_chars)
        if end == 0:
            end = min(len(text), max_chars)
    else:
        sentences = _sentences(text, lines)
        if _is_table(text, lines) and len(sentences) > 1:
            # A table's header row holds the question's words ("revenue", "region") in every
            # passage; the row that answers is one of the others.
            rows = [s for s in sentences[1:] if any(s[0] <= m[0] < s[1] for m in matches)]
            sentences = rows or sentences
        sentence = _best_sentence(sentences, matches)
        focus = sentence
        if sentence[1] - sentence[0] > max_chars:
            focus = _focus_in_long_sentence(sentence, matches, max_chars)
        start, end = _window(text, focus, max_chars)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text) else ""
    shift = len(prefix) - start
    highlights = tuple(
        (m_start + shift, m_end + shift)
        for m_start, m_end, _term in matches
        if m_start >= start and m_end <= end
    )
    return Excerpt(prefix + text[start:end] + suffix, highlights)
