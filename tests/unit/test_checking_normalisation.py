"""The checker's normalisation: the spellings the issue lists match each other."""

from __future__ import annotations

import pytest

from app.checking import CheckSources, check_text


def kinds(text: str, sources: CheckSources) -> list[str]:
    return [issue.kind for issue in check_text(text, sources).issues]


@pytest.mark.parametrize("source", ["2,400", "2400", "2 400 EUR", "EUR 2.400,00", "2,400.00"])
@pytest.mark.parametrize("written", ["2,400", "2400", "2 400 EUR", "EUR 2.400,00", "2,400.00"])
def test_amount_spellings_match(source: str, written: str) -> None:
    sources = CheckSources(fields={"amount": source})
    assert kinds(f"The amount due is {written} in total.", sources) == []


@pytest.mark.parametrize("source", ["30 November", "November 30, 2026", "30.11.2026", "2026-11-30"])
@pytest.mark.parametrize(
    "written", ["30 November", "November 30, 2026", "30.11.2026", "2026-11-30"]
)
def test_date_spellings_match(source: str, written: str) -> None:
    sources = CheckSources(fields={"due_date": source})
    assert kinds(f"Please pay by {written} at the latest.", sources) == []


def test_a_changed_amount_is_flagged_with_the_near_source_value() -> None:
    report = check_text("Please pay 2,600 soon.", CheckSources(fields={"amount": "2,400"}))
    (issue,) = report.issues
    assert (issue.kind, issue.text) == ("number", "2,600")
    assert "2,400" in issue.reason
    assert report.to_json()["issues"][0]["start"] == issue.start == 11


def test_a_different_date_is_flagged() -> None:
    sources = CheckSources(fields={"due_date": "2026-11-30"})
    assert kinds("Please pay by 15 December 2026.", sources) == ["date"]
