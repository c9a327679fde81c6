"""Joining letter-spaced text ("H e l l o  W o r l d" -> "Hello World") so that it is found.

Headings set with wide tracking, and text drawn one positioned letter at a time, come out of a
PDF as single characters separated by spaces; no search for the word can find them. A line is
joined only when the whole line is letter-spaced (every piece between spaces is one character)
and it holds a run of at least four single letters: "a b c" inside a sentence, or "1 2 3 4" on a
line of its own, stays as it is. Two or more spaces mark the gaps between words.
"""

from __future__ import annotations

import re

# A line of four or more single characters separated by spaces (a cheap first test).
LETTER_SPACED_LINE = re.compile(r"(?m)^[ \t]*(?:\S[ \t]+){3,}\S[ \t\r]*$")
_MIN_LETTERS = 4
_FOUR_LETTERS = re.compile(r"(?:[^\W\d_] ){3}[^\W\d_]")
_WORD_GAP = re.compile(r"[ \t]{2,}")
_LETTER_GAP = re.compile(r"[ \t]")


def join_letter_spaced(text: str) -> str:
    """`text` with each letter-spaced line written as words."""
    if not LETTER_SPACED_LINE.search(text):
        return text
    return LETTER_SPACED_LINE.sub(_joined_line, text)


def _joined_line(match: re.Match[str]) -> str:
    line = match.group(0)
    body = line.strip(" \t\r")
    words = _WORD_GAP.split(body)
    if not any(_FOUR_LETTERS.search(word) for word in words):
        return line
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    ending = "\r" if line.endswith("\r") else ""
    return indent + " ".join(_LETTER_GAP.sub("", word) for word in words) + ending
