"""The form of text the full-text index sees, and queries are matched in.

Stored chunks keep the text exactly as extracted: it is what users read and what citations and
excerpts quote (their offsets point into it). Only the index, and every query, get this form:

- Soft hyphens go, and a word broken across a line end ("docu-\\nment", "docu\\u00ad\\nment") is
  joined again. A hyphen before a capital, a digit or anything not at a line end is a real one
  ("Baden-\\nWürttemberg" stays a compound; only the line break goes).
- Unicode NFKC: ligatures ("ﬁ" -> "fi"), full-width letters and digits (U+FF11 -> "1"),
  half-width katakana, superscripts. PDFs often carry these as they were typeset.
- Text in scripts written without spaces (Chinese, Japanese, Korean) becomes overlapping pairs of
  characters, then the last character of the run on its own: "テスト用" -> "テス スト ト用 用".
  The unicode61 tokenizer would keep a whole run as one token, so only the whole run could be
  found; pairs make any substring of two or more characters a phrase of pairs, and a single
  character a prefix of a pair (or the closing single), within the same index and ranking.
"""

from __future__ import annotations

import re
import unicodedata

SOFT_HYPHEN = "\u00ad"
# Chinese (ideographs, extensions, compatibility), Japanese kana, Korean hangul (syllables and
# jamo), bopomofo. Checked after NFKC, so half-width forms have become full-width ones.
_CJK_RANGES = (
    "\u1100-\u11ff"  # hangul jamo
    "\u3005-\u3007"  # iteration mark, closing mark, ideographic number zero
    "\u3040-\u30ff"  # hiragana, katakana (with the prolonged sound mark)
    "\u3100-\u312f"  # bopomofo
    "\u3130-\u318f"  # hangul compatibility jamo
    "\u31f0-\u31ff"  # katakana phonetic extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7af"  # hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\U00020000-\U0003134f"  # CJK extensions B-G
)
_CJK_RUN = re.compile(rf"[{_CJK_RANGES}]+")
_HAS_CJK = re.compile(rf"[{_CJK_RANGES}]")
# A word broken at a line end by a soft hyphen: always joined.
_SOFT_BREAK = re.compile(SOFT_HYPHEN + r"[ \t]*\r?\n[ \t]*")
# A hyphen (ASCII or U+2010) at a line end, between a letter and what follows the break.
_LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])[-\u2010][ \t]*\r?\n[ \t]*(?=\S)")


def _join_hyphenated(match: re.Match[str]) -> str:
    following = match.string[match.end()]
    # "docu-\nment": a word cut by the typesetter. "Baden-\nWürttemberg", "COVID-\n19": the hyphen
    # belongs to the word; only the line break goes.
    return "" if following.islower() else "-"


def normalise(text: str) -> str:
    """`text` with soft hyphens removed, line-end hyphenation undone and NFKC applied."""
    if SOFT_HYPHEN in text:
        text = _SOFT_BREAK.sub("", text).replace(SOFT_HYPHEN, "")
    text = unicodedata.normalize("NFKC", text)
    if "\n" in text:
        text = _LINE_END_HYPHEN.sub(_join_hyphenated, text)
    return text


def has_cjk(text: str) -> bool:
    return _HAS_CJK.search(text) is not None


def cjk_pairs(run: str) -> list[str]:
    """A run of space-less script as its overlapping pairs, then its last character alone."""
    pairs = [run[i : i + 2] for i in range(len(run) - 1)]
    return [*pairs, run[-1]]


def _segment(match: re.Match[str]) -> str:
    return " " + " ".join(cjk_pairs(match.group())) + " "


def search_form(text: str) -> str:
    """What the full-text index holds for `text`: normalised, space-less runs as pairs."""
    normal = normalise(text)
    if has_cjk(normal):
        normal = _CJK_RUN.sub(_segment, normal)
    return normal


def split_cjk(word: str) -> list[str]:
    """`word` cut where space-less script starts or ends: "Hearthテスト用" -> ["Hearth",
    "テスト用"] (each part is searched for as a term of its own)."""
    if not has_cjk(word):
        return [word]
    parts: list[str] = []
    at = 0
    for match in _CJK_RUN.finditer(word):
        if match.start() > at:
            parts.append(word[at : match.start()])
        parts.append(match.group())
        at = match.end()
    if at < len(word):
        parts.append(word[at:])
    return parts
