"""Proper names (people, companies, places) that the sources never mention.

A name candidate is a run of capitalised words. The first word of a sentence, list item or
heading is capitalised anyway, so it counts only if the text also capitalises it mid-sentence
or it is a common first name (first_names.py) or no common word of any language we know
(common_words.py: "Orvokki will answer" is checked, "Delivery will follow" is not).
A word is vouched for when the sources hold it (in any grammatical case: Finnish inflects
names), when it is a common word (stoplist, or written in lower case elsewhere in the text).
Works for any script with letter case (str.isupper is Unicode-aware).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .common_words import is_common_word
from .first_names import FIRST_NAMES
from .model import Issue
from .sources import SourceIndex
from .stopwords import STOPWORDS
from .words import WORD_RE, Span

_SENTENCE_BREAK_RE = re.compile(r'[.!?…:;\n•*#>|"“”()\[\]]')
_JOINERS = (" ", " & ", "-", " \u00a0")
_GERMAN_FUNCTION_WORDS = frozenset(
    {"der", "die", "das", "und", "ist", "nicht", "mit", "für", "wir", "ein", "eine", "den",
     "dem", "des", "zu", "auf", "im", "sie", "bitte", "über"}
)  # fmt: skip
# "Mr. Johnson": the full stop after a title does not end the sentence.
_LATIN_RE = re.compile(r"[a-z\u00c0-\u024f'\u2019]+")
_TITLES = frozenset({"mr", "mrs", "ms", "dr", "prof", "mx", "sir", "herr", "frau", "rva", "ts"})


@dataclass(frozen=True)
class _Token:
    span: Span
    folded: str
    initial: bool
    gap: str  # the text between this word and the word before


def _strip_possessive(word: str) -> str:
    if "'" not in word and "\u2019" not in word:
        return word
    for suffix in ("'s", "\u2019s"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _is_common(folded: str, other_scripts: bool = True) -> bool:
    """A common word of some language, also with a contraction ("I'm", "We'll").
    The word lists are of Latin-script languages: a word in another script (Greek, Cyrillic)
    counts as common when `other_scripts`, so a sentence's first word there is no name."""
    base = re.split("['\u2019]", folded, maxsplit=1)[0]
    if base in FIRST_NAMES:
        return False
    if not _LATIN_RE.fullmatch(base):
        return other_scripts
    return base in STOPWORDS or is_common_word(base)


def _is_capitalised(word: str) -> bool:
    if not word[0].isalpha() or not word[0].isupper():
        return False
    # Short all-capital words are acronyms (EUR, VAT, CEO), not names to check.
    return not (word.isupper() and len(word) <= 5)


def _heading_lines(text: str) -> set[int]:
    """Start offsets of Markdown heading lines: every word there is capitalised anyway."""
    starts: set[int] = set()
    offset = 0
    for line in text.split("\n"):
        if line.lstrip().startswith("#"):
            starts.add(offset)
        offset += len(line) + 1
    return starts


def _scan(text: str) -> tuple[list[_Token | None], set[str]]:
    """The capitalised words (None between runs: a word in lower case or an acronym), and the
    words written in lower case (common words, whatever their case elsewhere)."""
    heading_starts = _heading_lines(text)
    tokens: list[_Token | None] = []
    lower_words: set[str] = set()
    previous_end = 0
    previous = ""
    first = True
    for match in WORD_RE.finditer(text):
        word, start = match.group(), match.start()
        if not _is_capitalised(word):
            if word[0].islower():
                lower_words.add(word.casefold())
            if tokens and tokens[-1] is not None:
                tokens.append(None)
        else:
            gap = text[previous_end:start]
            initial = first or (
                _SENTENCE_BREAK_RE.search(gap) is not None
                and not (gap.strip() == "." and previous.casefold() in _TITLES)
            )
            if heading_starts and not initial:
                initial = text.rfind("\n", 0, start) + 1 in heading_starts
            folded = _strip_possessive(word).casefold()
            tokens.append(_Token(Span(start, match.end(), word), folded, initial, gap))
        previous, previous_end, first = word, match.end(), False
    return tokens, lower_words


def _capitalises_nouns(lower_words: set[str]) -> bool:
    """German writes every noun with a capital: there a lone capitalised word is no sign of a
    name, so only runs ("Frau Weber", "Nordwind GmbH") and known first names are checked."""
    return len(lower_words & _GERMAN_FUNCTION_WORDS) >= 3


def check_names(text: str, index: SourceIndex) -> list[Issue]:
    tokens, lower_words = _scan(text)
    nouns_capitalised = _capitalises_nouns(lower_words)
    mid_sentence_caps = {t.folded for t in tokens if t is not None and not t.initial}

    def vouched(token: _Token) -> bool:
        folded = token.folded
        # A sentence's first word is capitalised anyway: a name only if known as one, or if it
        # is no common word of any language we know ("Orvokki will answer").
        if (
            token.initial
            and folded not in mid_sentence_caps
            and folded not in FIRST_NAMES
            and _is_common(folded)
        ):
            return True
        contraction = "'" in folded or "\u2019" in folded  # "I'm", "We'll"
        return (
            folded in STOPWORDS
            or (contraction and _is_common(folded))
            or folded in lower_words
            or index.knows_word(_strip_possessive(token.span.text))
        )

    issues: list[Issue] = []
    run: list[_Token] = []

    def flush() -> None:
        if nouns_capitalised:
            # "Bei Fragen", "Ihre Fragen": one noun after a sentence's first word or a common
            # word is no name; "Frau Weber" is (a title and a name).
            named = [
                t
                for i, t in enumerate(run)
                if t.folded in _TITLES or not (t.folded in STOPWORDS or (i == 0 and t.initial))
            ]
            if (
                len(named) == 1
                and named[0].folded not in FIRST_NAMES
                and _is_common(named[0].folded)
            ):
                run.clear()
                return
        # "[Your Customer's Name]", "Job Title": a title-cased phrase of common words is a
        # placeholder or heading, not a name ("Anna Berg", "Nordwind GmbH" hold a rarer word).
        titled = any(t.folded in _TITLES for t in run)  # "Frau Weber": Weber is a name here
        if len(run) > 1 and not titled and all(_is_common(t.folded, False) for t in run):
            run.clear()
            return
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

    for token in tokens:
        if token is None:
            flush()
            continue
        if run and token.gap not in _JOINERS:
            flush()
        run.append(token)
    flush()
    return issues
