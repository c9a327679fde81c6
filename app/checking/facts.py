"""Pull every checkable fact out of a text: contacts first, then reference numbers, dates,
phone numbers and plain figures, each span claimed once (a date's digits are not also a figure).
"""

from __future__ import annotations

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
    "number": "number",
}


@dataclass(frozen=True)
class Fact:
    kind: str  # email | url | iban | phone | reference | date | number
    start: int
    end: int
    text: str
    key: str = ""  # normal form of a contact or reference
    values: frozenset[Decimal] = frozenset()  # a figure's candidate values
    dates: frozenset[DateKey] = frozenset()


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

    for m in contacts.EMAIL_RE.finditer(text):
        add("email", m.start(), m.end(), key=contacts.email_key(m.group()))
    for m in contacts.URL_RE.finditer(text):
        add("url", m.start(), m.end(), key=contacts.url_key(m.group()))
    for m in contacts.IBAN_RE.finditer(text):
        if contacts.is_iban(m.group()):
            add("iban", m.start(), m.end(), key=contacts.iban_key(m.group()))
    for d in find_dates(text):
        add("date", d.start, d.end, dates=d.keys)
    for m in contacts.PHONE_RE.finditer(text):
        if contacts.looks_like_phone(m.group()):
            add("phone", m.start(), m.end(), key=contacts.phone_digits(m.group()))
    for m in contacts.REFERENCE_RE.finditer(text):
        add("reference", m.start(), m.end(), key=contacts.reference_key(m.group()))
    for m in numbers.NUMBER_RE.finditer(text):
        values = numbers.number_values(m.group())
        if values:
            values = numbers.scaled(values, text[m.end() : m.end() + 16])
            add("number", m.start(), m.end(), values=values)
    found.sort(key=lambda f: f.start)
    return found


def reference_values(facts: Iterable[Fact]) -> set[Decimal]:
    """The digit runs inside reference numbers: "INV-1042" also vouches for "1042"."""
    values: set[Decimal] = set()
    for fact in facts:
        if fact.kind == "reference":
            digits = "".join(ch if ch.isdigit() else " " for ch in numbers.ascii_digits(fact.key))
            values.update(Decimal(part) for part in digits.split())
    return values
