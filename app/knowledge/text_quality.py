"""Is a page's extracted text real text, or garbage from a font without a usable text mapping?

A PDF font may map its glyphs to the wrong characters: "Computer Science" comes out as
"$PNQVUFS4DJFODF" (codes shifted by a constant), Japanese as a spray of Greek, Syriac and
combining marks, or everything as Private Use Area code points. Such text has normal length,
so it would be indexed and never found. This module scores a page's text without knowing its
language, from signals that real text in any script shares:

- few Private Use Area, unassigned or control characters;
- letters inside a word come from one script (Japanese kana and kanji count as one);
- Latin words look like words: a common word of one of six European languages, or at least a
  letter sequence with vowels, short consonant runs and a sane case pattern, with no digits or
  symbols wedged between letters;
- a shifted alphabet gives itself away: moving every code by one constant turns it into text
  whose letters have the frequency profile of a European language.

`agreement` compares two extractors' words, for a second opinion on doubtful pages.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from app.checking.common_words import is_common_word

# Below this many non-space characters a page is not judged: a heading or a page number alone
# says too little, and a false "garbage" would lose real text.
_MIN_CHARS = 20
_MIN_LATIN_LETTERS = 24
_ODD_CHAR_LIMIT = 0.25  # share of private-use, unassigned and control characters
_SCRIPT_SWITCH_LIMIT = 0.12  # share of letter pairs inside words that change script
_MIN_SCRIPT_PAIRS = 12
_GARBAGE_BELOW = 0.5  # plausible share of Latin word characters
_DOUBTFUL_BELOW = 0.75
# Longer runs happen at compound seams ("Angstschweiß"), which the common-word list knows.
_MAX_CONSONANT_RUN = 5
# The most frequent letters of English, German, French, Spanish, Finnish and Swedish text
# are about 60% of their letters; a shifted alphabet scores far lower.
_FREQUENT_LETTERS = frozenset("eaintsrol")
_SHIFT_PROFILE_MIN = 0.5
_SHIFT_GAIN_MIN = 0.2
_SHIFT_LETTER_SHARE = 0.5
_SHIFT_STRONG_LETTERS = 80
_SHIFT_STRONG_GAIN = 0.25

_TOKEN = re.compile(r"\S+")
# Quotes, dashes and brackets around a word (escaped: several look like ASCII signs).
_EDGE_PUNCTUATION = "\"'()[]{}<>.,;:!?«»*•/-\u201e\u201c\u201d\u2018\u2019\u2013\u2014"
_LETTERS_ONLY = re.compile(r"[^\W\d_]+")
# Where a token joins words: punctuation without spaces ("underline,no", "shapes[0]"). Signs
# such as % $ # & stay inside: letters, digits and those mixed at length are garbage.
_WORD_SEAMS = re.compile("[-/'._:,;!?()\\[\\]{}\"\u2013\u2019\u201c\u201d\u201e]")
_WEB_ADDRESS = re.compile(
    r"(?i)(?:https?://|ftp://|www\.|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}/|[\w.+-]+@[\w-]+\.)"
)
_VOWELS = frozenset("aeiouyåäöæøœ")


@dataclass(frozen=True)
class TextQuality:
    """`reason` is empty for text that reads as text; otherwise it names what gave it away."""

    score: float  # 0 (garbage) .. 1 (reads as text); 1 as well when too short to judge
    reason: str = ""
    judged: bool = True

    @property
    def garbage(self) -> bool:
        return bool(self.reason)

    @property
    def doubtful(self) -> bool:
        return self.garbage or (self.judged and self.score < _DOUBTFUL_BELOW)


def assess_text(text: str) -> TextQuality:
    visible = [ch for ch in text if not ch.isspace()]
    if len(visible) < _MIN_CHARS:
        return TextQuality(score=1.0, judged=False)
    odd = sum(1 for ch in visible if _is_odd(ch)) / len(visible)
    if odd > _ODD_CHAR_LIMIT:
        return TextQuality(score=1.0 - odd, reason="private-use or unassigned characters")
    switches = _script_switch_rate(text)
    if switches > _SCRIPT_SWITCH_LIMIT:
        return TextQuality(score=1.0 - switches, reason="letters of unrelated scripts mixed")
    latin = _latin_plausibility(text)
    if latin is None:
        return TextQuality(score=1.0 - max(odd, switches))
    if latin < _GARBAGE_BELOW:
        reason = "shifted alphabet" if _looks_shifted(text) else "no word-like text"
        return TextQuality(score=latin, reason=reason)
    # A shifted alphabet can keep the shape of words ("Dpnqvufs Tdjfodf"); text whose words
    # look fine needs stronger evidence of a shift to be called garbage.
    if _looks_shifted(text, min_letters=_SHIFT_STRONG_LETTERS, min_gain=_SHIFT_STRONG_GAIN):
        return TextQuality(score=_GARBAGE_BELOW, reason="shifted alphabet")
    return TextQuality(score=latin)


def agreement(first: str, second: str) -> float:
    """Share of the shorter text's words that the other text also has (0..1)."""
    words_a = Counter(_words(first))
    words_b = Counter(_words(second))
    smaller, larger = sorted((words_a, words_b), key=lambda c: sum(c.values()))
    total = sum(smaller.values())
    if total == 0:
        return 1.0 if not larger else 0.0
    return sum(min(count, larger[word]) for word, count in smaller.items()) / total


def word_count(text: str) -> int:
    return len(_words(text))


def _words(text: str) -> list[str]:
    return [w.casefold() for w in re.findall(r"\w+", unicodedata.normalize("NFKC", text))]


def _is_odd(ch: str) -> bool:
    category = unicodedata.category(ch)
    # Co: private use; Cn: unassigned; Cc: control (tabs and newlines are spaces, not here);
    # U+FFFD: the replacement character a decoder leaves for bytes it could not map; Control
    # Pictures (U+2400-U+243F): what pypdf shows for codes of a font it could not decode.
    return category in ("Co", "Cn", "Cc", "Cs") or ch == "\ufffd" or "\u2400" <= ch <= "\u243f"


@lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    first = name.split(" ", 1)[0]
    if first in ("CJK", "HIRAGANA", "KATAKANA", "IDEOGRAPHIC", "HALFWIDTH"):
        return "CJK"  # Japanese writes kanji and kana in one word
    if first == "FULLWIDTH":
        return "LATIN"
    if first in ("MODIFIER", "COMBINING"):
        return ""  # marks and modifier letters belong to the letter they follow
    return first


def _script_switch_rate(text: str) -> float:
    """Share of neighbouring letters inside words whose scripts differ.

    Letters and non-ASCII digits (Telugu, Thai) count; marks and modifier letters belong to
    the letter they follow; punctuation, symbols and ASCII digits end the run.
    """
    pairs = switches = 0
    for token in _TOKEN.findall(text):
        previous = ""
        for ch in token:
            category = unicodedata.category(ch)
            if category[0] == "L" or (category[0] == "N" and ord(ch) > 0x7F):
                script = "LATIN" if ch.isascii() else _script(ch)
                if not script:
                    continue
            elif category[0] == "M":
                continue
            else:
                previous = ""
                continue
            if previous:
                pairs += 1
                switches += script != previous
            previous = script
    return switches / pairs if pairs >= _MIN_SCRIPT_PAIRS else 0.0


def _latin_plausibility(text: str) -> float | None:
    """Share of the Latin-letter tokens' characters that look like words; None: too few."""
    plausible = total = letters = 0
    for raw in _TOKEN.findall(text):
        token = raw.strip(_EDGE_PUNCTUATION)
        if not token or not any(_script(ch) == "LATIN" for ch in token if ch.isalpha()):
            continue
        letters += sum(ch.isalpha() for ch in token)
        total += len(token)
        if _word_like(token):
            plausible += len(token)
    if letters < _MIN_LATIN_LETTERS:
        return None
    return plausible / total


def _word_like(token: str) -> bool:
    if _WEB_ADDRESS.match(token):
        return True  # addresses are not words, and not garbage either
    return _case_ok(token) and all(_part_word_like(part) for part in _WORD_SEAMS.split(token))


def _part_word_like(part: str) -> bool:
    letters = sum(ch.isalpha() for ch in part)
    if letters <= 3:
        # "12kg", "3.5%", "2024-05-01T12:34", "H2O", "v1": digits with a few letters are fine;
        # letters, digits and symbols interleaved at length ("4DJFODF%FQBSUNFOU") are not.
        return True
    if not _LETTERS_ONLY.fullmatch(part):
        return False
    folded = part.casefold()
    return _shape_ok(folded) or is_common_word(folded)


def _shape_ok(part: str) -> bool:
    if len(part) <= 3:
        return True
    base = [_base_letter(ch) for ch in part]
    if not any(ch in _VOWELS for ch in base):
        return False
    run = longest = 0
    for ch in base:
        run = 0 if ch in _VOWELS else run + 1
        longest = max(longest, run)
    return longest <= _MAX_CONSONANT_RUN


def _case_ok(token: str) -> bool:
    """lower, Title, UPPER, and one inner capital (camelCase, "McDonald"), not "dPnQvUfS"."""
    rises = sum(1 for a, b in itertools.pairwise(token) if a.islower() and b.isupper())
    return rises <= 1


@lru_cache(maxsize=4096)
def _base_letter(ch: str) -> str:
    decomposed = unicodedata.normalize("NFD", ch.casefold())
    return decomposed[0] if decomposed else ch


def _looks_shifted(
    text: str, *, min_letters: int = _MIN_CHARS, min_gain: float = _SHIFT_GAIN_MIN
) -> bool:
    """Some constant code shift turns the text's characters into a European letter profile."""
    sample = [ch for ch in text[:4000] if "!" <= ch <= "~"]
    letters = sum(ch.isalpha() for ch in sample)
    # Mostly letters already: a column of figures shifted by 48 would "become" text.
    if letters < min_letters or letters < _SHIFT_LETTER_SHARE * len(sample):
        return False
    original = _frequent_letter_share(sample)
    counts = Counter(sample)
    best = 0.0
    for common, _ in counts.most_common(3):
        for target in "eat":
            offset = ord(target) - ord(common)
            if offset == 0:
                continue
            shifted = [chr(ord(ch) + offset) for ch in sample if 0 <= ord(ch) + offset < 0x110000]
            best = max(best, _frequent_letter_share(shifted))
    return best >= _SHIFT_PROFILE_MIN and best - original >= min_gain


def _frequent_letter_share(chars: list[str]) -> float:
    letters = [ch.lower() for ch in chars if "a" <= ch.lower() <= "z"]
    # Letters must be most of the decoded text too, or any shift that lands on a-z would win.
    if len(letters) < 0.6 * len(chars) or not letters:
        return 0.0
    return sum(ch in _FREQUENT_LETTERS for ch in letters) / len(letters)
