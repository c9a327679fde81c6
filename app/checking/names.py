"""Proper names (people, companies, places) that the sources never mention.

A name candidate is a run of capitalised words. The first word of a sentence, list item or
heading is capitalised anyway, so it counts only if the text also capitalises it mid-sentence.
A word is vouched for when the sources hold it (in any grammatical case: Finnish inflects
names), when it is a common word (stoplist, or written in lower case elsewhere in the text).
Works for any script with letter case (str.isupper is Unicode-aware).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .model import Issue
from .sources import SourceIndex
from .stopwords import STOPWORDS
from .words import Span, words

_SENTENCE_BREAKS = set('.!?…:;\n•*#>|"“”()[]')
_JOINERS = (" ", " & ", "-", " \u00a0")


@dataclass(frozen=True)
class _Token:
    span: Span
    folded: str
    initial: bool


def _strip_possessive(word: str) -> str:
    for suffix in ("'s", "\u2019s"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _is_capitalised(word: str) -> bool:
    if not word[0].isalpha() or not word[0].isupper():
        return False
    # Short all-capital words are acronyms (EUR, VAT, CEO), not names to check.
    return not (word.isupper() and len(word) <= 5)


def _heading_lines(text: str) -> set[int]:
    """Start offsets of lines that are headings: every word there is capitalised anyway."""
    starts: set[int] = set()
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        tokens = [w.text for w in words(stripped)]
        if tokens:
            capitalised = sum(1 for t in tokens if t[0].isupper())
            title_like = (
                len(tokens) <= 8
                and stripped[-1] not in ".!?"
                and capitalised >= 0.6 * len(tokens)
                and len(tokens) >= 2
            )
            if stripped.startswith("#") or title_like:
                starts.add(offset)
        offset += len(line) + 1
    return starts


def _tokens(text: str) -> Iterator[tuple[_Token, str]]:
    """Each word, whether it opens a sentence, and the text between it and the word before."""
    heading_starts = sorted(_heading_lines(text))
    previous_end = 0
    first = True
    for span in words(text):
        gap = text[previous_end : span.start]
        line_start = text.rfind("\n", 0, span.start) + 1
        initial = first or any(ch in _SENTENCE_BREAKS for ch in gap)
        if line_start in heading_starts:
            initial = True
        folded = _strip_possessive(span.text).casefold()
        yield _Token(span, folded, initial), gap
        previous_end = span.end
        first = False


def check_names(text: str, index: SourceIndex) -> list[Issue]:
    tokens = list(_tokens(text))
    lower_words = {t.folded for t, _ in tokens if t.span.text[0].islower()}
    mid_sentence_caps = {
        t.folded for t, _ in tokens if not t.initial and _is_capitalised(t.span.text)
    }

    def vouched(token: _Token) -> bool:
        if token.initial and token.folded not in mid_sentence_caps:
            return True
        return (
            token.folded in STOPWORDS
            or token.folded in lower_words
            or index.knows_word(_strip_possessive(token.span.text))
        )

    issues: list[Issue] = []
    run: list[_Token] = []

    def flush() -> None:
        unknown = [t for t in run if not vouched(t)]
        if unknown:
            start, end = unknown[0].span.start, unknown[-1].span.end
            whole = text[run[0].span.start : run[-1].span.end]
            part = text[start:end]
            reason = (
                f"{whole} is not in your sources"
                if part == whole
                else f"{part} (in “{whole}”) is not in your sources"
            )
            issues.append(Issue("name", part, start, end, reason))
        run.clear()

    for token, gap in tokens:
        if not _is_capitalised(token.span.text):
            flush()
            continue
        if run and gap not in _JOINERS:
            flush()
        run.append(token)
    flush()
    return issues
