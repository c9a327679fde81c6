"""check_text: every figure, date, contact and name in a text traced to its sources."""

from __future__ import annotations

from .contacts import phones_match
from .echo import check_echo
from .facts import ISSUE_KIND, Fact, extract_facts
from .model import CheckReport, CheckSources, Issue
from .names import check_names
from .numbers import is_trivial, nearest
from .required import check_required
from .sources import SourceIndex

_CONTACT_WORDS = {
    "email": "e-mail address",
    "url": "web address",
    "iban": "IBAN",
    "phone": "phone number",
    "reference": "reference",
}


def _supported(fact: Fact, index: SourceIndex) -> bool:
    if fact.kind == "number":
        return is_trivial(fact.values) or bool(fact.values & index.number_values)
    if fact.kind == "date":
        return index.dates.knows(fact.dates)
    if fact.kind == "phone":
        return any(phones_match(fact.key, known) for known in index.phones)
    return fact.key in index.keys[fact.kind]


def _reason(fact: Fact, index: SourceIndex) -> str:
    if fact.kind == "number":
        hint = nearest(fact.values, index.numbers)
    elif fact.kind == "date":
        hint = index.dates.nearest(fact.dates) if index.dates.written else ""
    else:
        known = index.written.get(fact.kind, [])
        hint = known[0] if len(known) == 1 else ""
    what = _CONTACT_WORDS.get(fact.kind, "")
    subject = f"The {what} {fact.text}" if what else fact.text
    base = f"{subject} is not in your sources"
    return f"{base} ({hint})" if hint else base


def check_text(text: str, sources: CheckSources) -> CheckReport:
    """Flag what `text` states that `sources` do not, and required facts it leaves out."""
    index = SourceIndex(sources)
    facts = extract_facts(text)
    issues: list[Issue] = [
        Issue(ISSUE_KIND[f.kind], f.text, f.start, f.end, _reason(f, index))
        for f in facts
        if not _supported(f, index)
    ]
    issues += check_names(text, index)
    issues += check_echo(text, sources.instructions)
    missing_issues, missing = check_required(text, sources.fields, sources.required, facts)
    issues = _without_overlaps(sorted(issues, key=lambda i: (i.start, i.end)))
    return CheckReport(tuple(issues) + tuple(missing_issues), tuple(missing))


def _without_overlaps(issues: list[Issue]) -> list[Issue]:
    """An echoed instruction is reported once, not also as the names and figures inside it."""
    echoes = [i for i in issues if i.kind == "prompt_echo"]
    return [
        i
        for i in issues
        if i.kind == "prompt_echo" or not any(e.start <= i.start and i.end <= e.end for e in echoes)
    ]
