"""Typed template fields: what each type accepts, its defaults, and clear per-field messages.

A value arrives as the user typed it (a string from a form or `--field KEY=VALUE`) or already
typed (a number, a date, a list). `validate_values` turns all values of a template into their
canonical, JSON-friendly form (the form stored in a recipe), or raises FieldValidationError with
one message per faulty field. `render_value` gives the form a prompt sees.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Final, Literal, get_args

from app.templates.errors import FieldValidationError

FieldType = Literal["text", "long_text", "number", "money", "date", "choice", "list", "document"]
FIELD_TYPES: Final[tuple[str, ...]] = get_args(FieldType)

# Canonical values: text, long_text, choice, document -> str; number -> int | float;
# money -> str holding a decimal with two places ("1250.00"); date -> "YYYY-MM-DD";
# list -> list[str].
FieldValue = str | int | float | list[str]

KEY_PATTERN: Final = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# Names the prompt context defines itself; a field may not shadow them.
RESERVED_KEYS: Final = frozenset({"tone", "length", "length_name", "title", "loop", "range"})

DEFAULT_MAX_LENGTH: Final[dict[str, int]] = {
    "text": 200,
    "long_text": 20_000,
    "choice": 200,
    "document": 1_000,
}
DEFAULT_MAX_ITEMS: Final = 50
LIST_ITEM_MAX_LENGTH: Final = 500
REQUIRED: Final = "enter a value (required)"
_CURRENCY_NOISE: Final = re.compile(r"[\s,_'$€£¥]|[A-Z]{3}")


@dataclass(frozen=True)
class TemplateField:
    key: str
    label: str
    type: FieldType
    required: bool = False
    help: str = ""
    default: FieldValue | None = None
    example: FieldValue | None = None  # shown as a placeholder; used by previews and tests
    choices: tuple[str, ...] = ()  # choice only
    minimum: float | None = None  # number, money
    maximum: float | None = None  # number, money
    max_length: int | None = None  # text, long_text, document (characters)
    max_items: int | None = None  # list
    currency: str = ""  # money: ISO code shown with the amount, e.g. "EUR"

    @property
    def length_limit(self) -> int:
        return self.max_length or DEFAULT_MAX_LENGTH.get(self.type, 200)


class _Refused(Exception):
    """One value is not acceptable; the message says what to enter instead, without the field's
    name: every message reads "<Label>: enter …" once `problem_message` prefixes the label."""


# What a message suggests when the template gives no example of its own.
_FALLBACK_EXAMPLES: Final[dict[str, str]] = {
    "number": "1200",
    "money": "1250.00",
    "date": "2025-03-31",
}


def _example(field: TemplateField) -> str:
    if field.example is not None and not isinstance(field.example, list):
        shown = str(field.example).strip()
        if shown:
            return shown
    return _FALLBACK_EXAMPLES.get(field.type, "")


def problem_message(field: TemplateField, problem: str) -> str:
    """One field's message, in the one pattern every type shares: "Amount due: enter a number,
    e.g. 1200"."""
    return f"{field.label}: {problem}"


def _is_blank(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, (list, tuple)):
        return all(_is_blank(item) for item in raw)
    return False


def _text(field: TemplateField, raw: object, *, multiline: bool) -> str:
    if not isinstance(raw, str):
        raise _Refused(f"enter text (not {type(raw).__name__})")
    value = raw.strip()
    if not multiline and ("\n" in value or "\r" in value):
        raise _Refused("enter a single line (a long text field takes paragraphs)")
    if len(value) > field.length_limit:
        raise _Refused(f"enter at most {field.length_limit} characters (this has {len(value)})")
    return value


def _not_a_number(field: TemplateField) -> _Refused:
    kind = "an amount" if field.type == "money" else "a number"
    return _Refused(f"enter {kind}, e.g. {_example(field)}")


def _decimal(field: TemplateField, raw: object) -> Decimal:
    money = field.type == "money"
    if isinstance(raw, bool):
        raise _Refused(f"enter a number, not true/false, e.g. {_example(field)}")
    if isinstance(raw, (int, float, Decimal)):
        text = str(raw)
    elif isinstance(raw, str):
        text = _CURRENCY_NOISE.sub("", raw.strip()) if money else raw.strip().replace(",", "")
        text = text.replace("_", "").replace(" ", "")
    else:
        raise _not_a_number(field)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _not_a_number(field) from None
    if not number.is_finite():
        raise _Refused(f"enter a finite number, e.g. {_example(field)}")
    return number


def _check_range(field: TemplateField, number: Decimal) -> None:
    if field.minimum is not None and number < Decimal(str(field.minimum)):
        raise _Refused(f"enter a number of at least {field.minimum:g}")
    if field.maximum is not None and number > Decimal(str(field.maximum)):
        raise _Refused(f"enter a number of at most {field.maximum:g}")


def _number(field: TemplateField, raw: object) -> int | float:
    number = _decimal(field, raw)
    _check_range(field, number)
    if number == number.to_integral_value() and abs(number) < 10**15:
        return int(number)
    return float(number)


def _money(field: TemplateField, raw: object) -> str:
    number = _decimal(field, raw)
    if number != number.quantize(Decimal("0.01")):
        raise _Refused(f"enter at most two decimal places, e.g. {_example(field)}")
    _check_range(field, number)
    return str(number.quantize(Decimal("0.01")))


def _date(field: TemplateField, raw: object) -> str:
    if isinstance(raw, date):
        return raw.isoformat()
    refused = _Refused(f"enter a date as YYYY-MM-DD, e.g. {_example(field)}")
    if not isinstance(raw, str):
        raise refused
    try:
        return date.fromisoformat(raw.strip()).isoformat()
    except ValueError:
        raise refused from None


def _choice(field: TemplateField, raw: object) -> str:
    refused = _Refused(f"choose one of: {', '.join(field.choices)}")
    if not isinstance(raw, str):
        raise refused
    wanted = raw.strip().casefold()
    for option in field.choices:
        if option.casefold() == wanted:
            return option
    raise refused


def _list(field: TemplateField, raw: object) -> list[str]:
    if isinstance(raw, str):
        items = raw.splitlines()
    elif isinstance(raw, (list, tuple)):
        items = []
        for item in raw:
            if not isinstance(item, str):
                raise _Refused(f"enter text items, one per line (not {type(item).__name__})")
            items.extend(item.splitlines())
    else:
        raise _Refused(f"enter text items, one per line (not {type(raw).__name__})")
    # A leading bullet typed by hand ("- item") is presentation, not content.
    cleaned = [re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", item).strip() for item in items]
    cleaned = [item for item in cleaned if item]
    limit = field.max_items or DEFAULT_MAX_ITEMS
    if len(cleaned) > limit:
        raise _Refused(f"enter at most {limit} items (this has {len(cleaned)})")
    for number, item in enumerate(cleaned, start=1):
        if len(item) > LIST_ITEM_MAX_LENGTH:
            raise _Refused(
                f"enter at most {LIST_ITEM_MAX_LENGTH} characters per item (item {number} is "
                "longer)"
            )
    return cleaned


def parse_value(field: TemplateField, raw: object) -> FieldValue:
    """The canonical value of one non-blank input. Raises _Refused."""
    if field.type == "text":
        return _text(field, raw, multiline=False)
    if field.type in ("long_text", "document"):
        return _text(field, raw, multiline=field.type == "long_text")
    if field.type == "number":
        return _number(field, raw)
    if field.type == "money":
        return _money(field, raw)
    if field.type == "date":
        return _date(field, raw)
    if field.type == "choice":
        return _choice(field, raw)
    return _list(field, raw)


def check_value(field: TemplateField, raw: object) -> str | None:
    """The problem with `raw` for `field` (None when it is fine); blank values are fine here."""
    if _is_blank(raw):
        return None
    try:
        parse_value(field, raw)
    except _Refused as refused:
        return str(refused)
    return None


def validate_values(
    fields: Sequence[TemplateField], values: Mapping[str, object]
) -> dict[str, FieldValue]:
    """Every field's canonical value: the one given, else its default, else empty.

    Raises FieldValidationError naming each field whose value is refused, each required field
    left empty, and each value given for a field the template does not have.
    """
    problems: dict[str, str] = {}
    known = {field.key for field in fields}
    for key in values:
        if key not in known:
            problems[key] = (
                f"{key}: this template has no field {key!r} (fields: {', '.join(sorted(known))})"
            )
    result: dict[str, FieldValue] = {}
    for field in fields:
        raw = values.get(field.key)
        if _is_blank(raw):
            raw = field.default
        if _is_blank(raw):
            if field.required:
                problems[field.key] = problem_message(field, REQUIRED)
            result[field.key] = [] if field.type == "list" else ""
            continue
        try:
            result[field.key] = parse_value(field, raw)
        except _Refused as refused:
            problems[field.key] = problem_message(field, str(refused))
    if problems:
        raise FieldValidationError(problems)
    return result


def format_money(amount: str, currency: str) -> str:
    if not amount:
        return ""
    number = Decimal(amount)
    shown = f"{number:,.2f}"
    return f"{currency} {shown}" if currency else shown


def render_value(field: TemplateField, value: FieldValue) -> object:
    """The form a prompt sees: money formatted with its currency; the rest unchanged.

    Only plain str, int, float and list[str] reach the sandbox, so templates cannot reach any
    object with methods worth abusing.
    """
    if field.type == "money" and isinstance(value, str):
        return format_money(value, field.currency)
    if isinstance(value, list):
        return list(value)
    return value
