"""Required template fields whose value the text never states."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .contacts import phones_match
from .facts import Fact, extract_facts
from .model import Issue
from .sources import field_label
from .words import inflected_match, words


def _same_fact(wanted: Fact, fact: Fact) -> bool:
    if wanted.kind != fact.kind:
        return False
    if wanted.kind == "number":
        return bool(wanted.values & fact.values)
    if wanted.kind == "date":
        return any(
            (y1 is None or y2 is None or y1 == y2) and (m1, d1) == (m2, d2)
            for y1, m1, d1 in wanted.dates
            for y2, m2, d2 in fact.dates
        )
    if wanted.kind == "phone":
        return phones_match(wanted.key, fact.key)
    return wanted.key == fact.key


def _fact_present(wanted: Fact, found: Sequence[Fact]) -> bool:
    return any(_same_fact(wanted, fact) for fact in found)


def _words_present(value: str, text_words: set[str]) -> bool:
    wanted = [w.text.casefold() for w in words(value) if len(w.text) > 1]
    return all(
        w in text_words or any(inflected_match(w, t) for t in text_words if t[:4] == w[:4])
        for w in wanted
    )


def value_stated(value: str, text: str, text_facts: Sequence[Fact] | None = None) -> bool:
    """Whether `text` states `value` (normalised: "2,400" is stated by "2 400 EUR")."""
    found = extract_facts(text) if text_facts is None else text_facts
    wanted_facts = extract_facts(value)
    if wanted_facts:
        return all(_fact_present(w, found) for w in wanted_facts)
    if " ".join(value.split()).casefold() in " ".join(text.split()).casefold():
        return True
    return _words_present(value, {w.text.casefold() for w in words(text)})


def check_required(
    text: str, fields: Mapping[str, str], required: Sequence[str], text_facts: Sequence[Fact]
) -> tuple[list[Issue], list[str]]:
    issues: list[Issue] = []
    missing: list[str] = []
    for key in required:
        value = str(fields.get(key, "")).strip()
        if not value:
            continue  # nothing was given to state; the form asks for it, not the checker
        if not value_stated(value, text, text_facts):
            missing.append(key)
            issues.append(
                Issue(
                    "missing_field",
                    "",
                    0,
                    0,
                    f"The {field_label(key)} ({value}) is not stated in the text",
                )
            )
    return issues, missing
