"""Field validation: each type's accepted forms, canonical values and per-field messages."""

from __future__ import annotations

from datetime import date

import pytest

from app.templates.errors import FieldValidationError
from app.templates.fields import TemplateField, render_value, validate_values

TEXT = TemplateField("name", "Client name", "text", required=True, max_length=20)
LONG = TemplateField("notes", "Notes", "long_text", max_length=50)
NUMBER = TemplateField("count", "Head count", "number", minimum=0, maximum=500)
MONEY = TemplateField("price", "Price", "money", minimum=0, currency="EUR")
DATE = TemplateField("due", "Due date", "date")
CHOICE = TemplateField("tier", "Tier", "choice", choices=("Basic", "Premium"), default="Basic")
LIST = TemplateField("items", "Items", "list", max_items=3)
DOCUMENT = TemplateField("source", "Source", "document")
ALL = (TEXT, LONG, NUMBER, MONEY, DATE, CHOICE, LIST, DOCUMENT)


def problems(values: dict[str, object]) -> dict[str, str]:
    with pytest.raises(FieldValidationError) as caught:
        validate_values(ALL, {"name": "Ann", **values})
    return caught.value.problems


def test_valid_values_become_canonical() -> None:
    result = validate_values(
        ALL,
        {
            "name": "  Ann Lee ",
            "notes": "line one\nline two",
            "count": "120",
            "price": "€1,250.5",
            "due": date(2025, 3, 1),
            "tier": "premium",
            "items": "- first\n\n2. second\n",
            "source": "report.md",
        },
    )
    assert result == {
        "name": "Ann Lee",
        "notes": "line one\nline two",
        "count": 120,
        "price": "1250.50",
        "due": "2025-03-01",
        "tier": "Premium",
        "items": ["first", "second"],
        "source": "report.md",
    }


def test_defaults_and_empty_values() -> None:
    result = validate_values(ALL, {"name": "Ann"})
    assert result["tier"] == "Basic"
    assert result["items"] == []
    assert result["count"] == ""


def test_required_field_left_empty_is_named() -> None:
    with pytest.raises(FieldValidationError) as caught:
        validate_values(ALL, {"name": "   "})
    assert caught.value.problems == {"name": "Client name: enter a value (required)"}
    assert "name: Client name: enter a value (required)" in str(caught.value)


def test_text_refuses_newlines_and_overlong_values() -> None:
    assert "single line" in problems({"name": "a\nb"})["name"]
    assert "at most 20 characters (this has 21)" in problems({"name": "x" * 21})["name"]
    assert "at most 50 characters" in problems({"notes": "y" * 51})["notes"]


def test_number_checks_form_and_range() -> None:
    assert problems({"count": "twelve"})["count"] == "Head count: enter a number, e.g. 1200"
    assert "at most 500" in problems({"count": "501"})["count"]
    assert "at least 0" in problems({"count": -1})["count"]
    assert "true/false" in problems({"count": True})["count"]
    assert validate_values((NUMBER,), {"count": "12.5"})["count"] == 12.5
    assert "finite" in problems({"count": "NaN"})["count"]


def test_money_checks_form_places_and_range() -> None:
    assert "at most two decimal places" in problems({"price": "10.005"})["price"]
    assert "enter an amount, e.g." in problems({"price": "ten euros"})["price"]
    assert "at least 0" in problems({"price": "-5"})["price"]
    assert validate_values((MONEY,), {"price": "EUR 99"})["price"] == "99.00"


def test_date_must_be_iso() -> None:
    assert "YYYY-MM-DD" in problems({"due": "03/01/2025"})["due"]
    assert "YYYY-MM-DD" in problems({"due": "2025-02-30"})["due"]


def test_choice_must_be_offered() -> None:
    message = problems({"tier": "Gold"})["tier"]
    assert message.endswith("choose one of: Basic, Premium")


def test_list_limits_items() -> None:
    assert "at most 3 items (this has 4)" in problems({"items": ["a", "b", "c", "d"]})["items"]
    assert "enter text items" in problems({"items": [1, 2]})["items"]
    assert validate_values((LIST,), {"items": ["a\nb", " c "]})["items"] == ["a", "b", "c"]


def test_every_problem_is_reported_at_once_and_unknown_keys_too() -> None:
    found = problems({"count": "x", "due": "soon", "colour": "red"})
    assert set(found) == {"count", "due", "colour"}
    assert "no field 'colour'" in found["colour"]


def test_money_is_rendered_with_its_currency() -> None:
    assert render_value(MONEY, "1250000.00") == "EUR 1,250,000.00"
    assert render_value(MONEY, "") == ""
    assert render_value(LIST, ["a"]) == ["a"]


def test_every_type_says_what_to_enter_in_one_pattern() -> None:
    found = problems({"count": "twelve hundred", "price": "lots", "due": "2020-13-45"})
    assert found["count"] == "Head count: enter a number, e.g. 1200"
    assert found["price"] == "Price: enter an amount, e.g. 1250.00"
    assert found["due"] == "Due date: enter a date as YYYY-MM-DD, e.g. 2025-03-31"
    with_example = TemplateField("n", "Months", "number", example=18)
    with pytest.raises(FieldValidationError) as caught:
        validate_values((with_example,), {"n": "soon"})
    assert caught.value.problems == {"n": "Months: enter a number, e.g. 18"}
