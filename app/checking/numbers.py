"""Figures: find them in text and normalise them, so "2,400", "2400", "2 400 EUR",
"EUR 2.400,00" and "2,400.00" all mean the same value.

A lone separator followed by exactly three digits is ambiguous ("2.400" is 2400 in Finnish or
German and 2.4 in English), so a figure normalises to a set of candidate values and two figures
match when their sets meet.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

# Python's \d already matches every Unicode decimal digit (Arabic-Indic, Devanagari, ...).
_GROUP_SPACE = "[ \u00a0\u202f\u2009]"
NUMBER_RE = re.compile(
    rf"(?<![\w.,])(?:\d{{1,3}}(?:{_GROUP_SPACE}\d{{3}})+(?:[.,]\d+)?|\d+(?:[.,'\u2019]\d+)*)(?!\w)"
)
_SCALE_RE = re.compile(
    r"\s*(million|millions|mill?\.?|milj\.?|miljoonaa|miljoona|mio\.?|millionen|"
    r"billion|billions|bn|mrd\.?|miljardia|milliarden|thousand|tuhatta|tausend)\b",
    re.IGNORECASE,
)
_SCALES = {
    "million": 10**6, "millions": 10**6, "mill": 10**6, "mil": 10**6, "milj": 10**6,
    "miljoonaa": 10**6, "miljoona": 10**6, "mio": 10**6, "millionen": 10**6,
    "billion": 10**9, "billions": 10**9, "bn": 10**9, "mrd": 10**9, "miljardia": 10**9,
    "milliarden": 10**9, "thousand": 10**3, "tuhatta": 10**3, "tausend": 10**3,
}  # fmt: skip


def ascii_digits(text: str) -> str:
    """The same string with every Unicode decimal digit replaced by its ASCII digit."""
    return "".join(
        str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text
    )


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def number_values(raw: str) -> frozenset[Decimal]:
    """Every value a written figure can mean (usually one; two for "2.400" or "1,500")."""
    text = ascii_digits(raw)
    for space in (" ", "\u00a0", "\u202f", "\u2009", "'", "\u2019"):
        text = text.replace(space, "")
    dots, commas = text.count("."), text.count(",")
    candidates: list[str] = []
    if dots and commas:
        decimal_mark = "." if text.rfind(".") > text.rfind(",") else ","
        grouping = "," if decimal_mark == "." else "."
        candidates.append(text.replace(grouping, "").replace(decimal_mark, "."))
    elif dots + commas == 0:
        candidates.append(text)
    else:
        mark = "." if dots else ","
        if dots + commas > 1:
            candidates.append(text.replace(mark, ""))
        else:
            head, tail = text.split(mark)
            candidates.append(f"{head}.{tail}")
            if len(tail) == 3:
                candidates.append(head + tail)
    values = {v for v in (_decimal(c) for c in candidates) if v is not None}
    return frozenset(values)


def scaled(values: frozenset[Decimal], following: str) -> frozenset[Decimal]:
    """Add the values a scale word after the figure gives ("48.2 million")."""
    match = _SCALE_RE.match(following)
    if not match:
        return values
    factor = _SCALES.get(match.group(1).lower().rstrip("."), 1)
    return values | frozenset(v * factor for v in values)


def is_trivial(values: frozenset[Decimal]) -> bool:
    """Single-digit whole numbers (list items, "1 of 2") are too common to check."""
    return all(v == v.to_integral_value() and 0 <= v < 10 for v in values)


def nearest(value_set: frozenset[Decimal], known: list[tuple[frozenset[Decimal], str]]) -> str:
    """The written form of the known figure closest to one of `value_set` ("" if none close)."""
    best: tuple[Decimal, str] | None = None
    for values, written in known:
        for a in value_set:
            for b in values:
                scale = max(abs(a), abs(b))
                if scale == 0:
                    continue
                distance = abs(a - b) / scale
                if distance < Decimal("0.5") and (best is None or distance < best[0]):
                    best = (distance, written)
    return best[1] if best else ""
