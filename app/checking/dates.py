"""Dates: find them in English, German and Finnish text and normalise them to
(year | None, month, day), so "30 November", "November 30, 2026", "30.11.2026" and
"2026-11-30" all match. A date written without its year matches that day in any year.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

DateKey = tuple[int | None, int, int]

_ENGLISH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_GERMAN = r"januar|jänner|februar|märz|mai|juni|juli|oktober|dezember"
_FINNISH = r"(?:tammi|helmi|maalis|huhti|touko|kesä|heinä|elo|syys|loka|marras|joulu)kuu\w*"
_MONTH = rf"(?:{_FINNISH}|{_GERMAN}|{_ENGLISH})\.?"

_FINNISH_MONTHS = ("tammi", "helmi", "maalis", "huhti", "touko", "kesä", "heinä", "elo",
                   "syys", "loka", "marras", "joulu")  # fmt: skip
_ENGLISH_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                   "nov", "dec")  # fmt: skip
_GERMAN_MONTHS = {"januar": 1, "jänner": 1, "februar": 2, "märz": 3, "mai": 5, "juni": 6,
                  "juli": 7, "oktober": 10, "dezember": 12}  # fmt: skip

_ISO = re.compile(r"(?<![\d.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])")
_NUMERIC = re.compile(r"(?<![\d.,/])(\d{1,2})([./])(\d{1,2})\2(\d{4}|\d{2})(?![\d.,/]\d)")
_NUMERIC_NO_YEAR = re.compile(r"(?<![\d.,])(\d{1,2})\.(\d{1,2})\.(?![\d.,]?\d)")
_DAY_MONTH = re.compile(
    rf"(?<![\w.,])(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?({_MONTH})(?!\w)(?:,?\s+(\d{{4}})(?!\d))?",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(
    rf"(?<!\w)({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?![\d.,]\d|\w)(?:,?\s+(\d{{4}})(?!\d))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    keys: frozenset[DateKey]


def month_number(word: str) -> int | None:
    lowered = word.lower().rstrip(".")
    for number, stem in enumerate(_FINNISH_MONTHS, start=1):
        if lowered.startswith(stem + "kuu"):
            return number
    if lowered in _GERMAN_MONTHS:
        return _GERMAN_MONTHS[lowered]
    for number, stem in enumerate(_ENGLISH_MONTHS, start=1):
        if lowered.startswith(stem):
            return number
    return None


def _year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return year + 2000 if year < 100 else year


def _valid(keys: set[DateKey]) -> frozenset[DateKey]:
    return frozenset(k for k in keys if 1 <= k[1] <= 12 and 1 <= k[2] <= 31)


def find_dates(text: str) -> Iterator[FoundDate]:
    """Every date in `text`, possibly overlapping (the caller keeps the first of overlaps)."""
    for m in _ISO.finditer(text):
        keys = _valid({(int(m.group(1)), int(m.group(2)), int(m.group(3)))})
        if keys:
            yield FoundDate(m.start(), m.end(), keys)
    for m in _NUMERIC.finditer(text):
        first, second, year = int(m.group(1)), int(m.group(3)), _year(m.group(4))
        candidates: set[DateKey] = {(year, second, first)}
        if m.group(2) == "/":  # 11/30/2026 in the US, 30/11/2026 elsewhere
            candidates.add((year, first, second))
        keys = _valid(candidates)
        if keys:
            yield FoundDate(m.start(), m.end(), keys)
    for m in _DAY_MONTH.finditer(text):
        month = month_number(m.group(2))
        keys = _valid({(_year(m.group(3)), month, int(m.group(1)))}) if month else frozenset()
        if keys:
            yield FoundDate(m.start(), m.end(), keys)
    for m in _MONTH_DAY.finditer(text):
        month = month_number(m.group(1))
        keys = _valid({(_year(m.group(3)), month, int(m.group(2)))}) if month else frozenset()
        if keys:
            yield FoundDate(m.start(), m.end(), keys)
    for m in _NUMERIC_NO_YEAR.finditer(text):
        keys = _valid({(None, int(m.group(2)), int(m.group(1)))})
        if keys:
            yield FoundDate(m.start(), m.end(), keys)


class DateBook:
    """The dates the sources hold, for matching written dates against them."""

    def __init__(self) -> None:
        self.full: set[DateKey] = set()
        self.month_days: set[tuple[int, int]] = set()
        self.yearless: set[tuple[int, int]] = set()
        self.written: list[tuple[frozenset[DateKey], str]] = []

    def add(self, keys: frozenset[DateKey], written: str) -> None:
        self.written.append((keys, written))
        for year, month, day in keys:
            self.month_days.add((month, day))
            if year is None:
                self.yearless.add((month, day))
            else:
                self.full.add((year, month, day))

    def years(self) -> set[int]:
        return {year for year, _m, _d in self.full if year is not None}

    def knows(self, keys: frozenset[DateKey]) -> bool:
        for year, month, day in keys:
            if year is None:
                if (month, day) in self.month_days:
                    return True
            elif (year, month, day) in self.full or (month, day) in self.yearless:
                return True
        return False

    def nearest(self, keys: frozenset[DateKey]) -> str:
        """A source date in the same month (or year) as the written one, for the reason."""
        for wanted in keys:
            for known, written in self.written:
                if any(k[1] == wanted[1] for k in known):
                    return written
        return self.written[0][1] if len(self.written) == 1 else ""
