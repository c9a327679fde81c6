"""Pull every checkable fact out of a text: contacts first, then reference numbers, dates,
phone numbers and plain figures, each span claimed once (a date's digits are not also a figure).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from . import contacts, numbers
from .dates import DateKey, find_dates

# Fact.kind -> the Issue kind it is reported as
ISSUE_KIND = {
    "email": "contact",
    "url": "contact",
    "iban": "contact",
    "phone": "contact",
    "reference": "number",
    "date": "date",
    "time": "date",
    "number": "number",
}
# 14:30, 9:05 (a time of day; "14.30" stays a figure: it is also a decimal)
_TIME_RE = re.compile(r"(?<![\d:.,])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])")


@dataclass(frozen=True)
class Fact:
    kind: str  # email | url | iban | phone | reference | date | time | number
    start: int
    end: int
    text: str
    key: str = ""  # normal form of a contact or reference
    values: frozenset[Decimal] = frozenset()  # a figure's candidate values
    dates: frozenset[DateKey] = frozenset()


_DIGIT_RE = re.compile(r"\d")


class _Claims:
    def __init__(self, length: int) -> None:
        self._taken = bytearray(length)

    def take(self, start: int, end: int) -> bool:
        if any(self._taken[start:end]):
            return False
        self._taken[start:end] = b"\x01" * (end - start)
        return True


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in ".,;:!?":
        end -= 1
    return start, end


def extract_facts(text: str) -> list[Fact]:
    claims = _Claims(len(text))
    found: list[Fact] = []

    def add(kind: str, start: int, end: int, **extra: object) -> bool:
        start, end = _trim(text, start, end)
        if end <= start or not claims.take(start, end):
            return False
        found.append(Fact(kind, start, end, text[start:end], **extra))  # type: ignore[arg-type]
        return True

    if "@" in text:
        for m in contacts.EMAIL_RE.finditer(text):
            add("email", m.start(), m.end(), key=contacts.email_key(m.group()))
    if "." in text:
        for m in contacts.URL_RE.finditer(text):
            add("url", m.start(), m.end(), key=contacts.url_key(m.group()))
    if not _DIGIT_RE.search(text):
        found.sort(key=lambda f: f.start)
        return found  # every other fact has a digit in it
    for m in contacts.IBAN_RE.finditer(text):
        if contacts.is_iban(m.group()):
            add("iban", m.start(), m.end(), key=contacts.iban_key(m.group()))
    for d in find_dates(text):
        add("date", d.start, d.end, dates=d.keys)
    for m in _TIME_RE.finditer(text):
        add("time", m.start(), m.end(), key=f"{int(m.group(1))}:{m.group(2)}")
    for m in contacts.PHONE_RE.finditer(text):
        if contacts.looks_like_phone(m.group()):
            add("phone", m.start(), m.end(), key=contacts.phone_digits(m.group()))
    for m in contacts.REFERENCE_RE.finditer(text):
        add("reference", m.start(), m.end(), key=contacts.reference_key(m.group()))
    for m in numbers.NUMBER_RE.finditer(text):
        if _is_list_marker(text, m.start(), m.end()):
            continue
        values = numbers.number_values(m.group())
        if values:
            values = numbers.scaled(values, text[m.end() : m.end() + 16])
            add("number", m.start(), m.end(), values=values)
    found.sort(key=lambda f: f.start)
    return found


def _is_list_marker(text: str, start: int, end: int) -> bool:
    """ "12. Next steps" or "3) Budget" at the start of a line numbers a list item."""
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip() and text[end : end + 2] in (". ", ") ")


def reference_values(facts: Iterable[Fact]) -> set[Decimal]:
    """The digit runs inside reference numbers: "INV-1042" also vouches for "1042"."""
    values: set[Decimal] = set()
    for fact in facts:
        if fact.kind == "reference":
            digits = "".join(ch if ch.isdigit() else " " for ch in numbers.ascii_digits(fact.key))
            values.update(Decimal(part) for part in digits.split())
    return values
