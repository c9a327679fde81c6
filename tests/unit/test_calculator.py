"""The built-in calculator does arithmetic and refuses anything that is code."""

from __future__ import annotations

import pytest

from app.tools.builtin_tools import BuiltinTools
from app.tools.calculator import CalculatorError, calculate, formatted


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("2 + 3 * 4", "14"),
        ("(1200 * 0.19) + 35", "263"),
        ("2^10 - sqrt(16)", "1020"),
        ("-(7 // 2) % 5", "2"),
        ("max(3, 9, 4) / 4", "2.25"),
        ("12 \u00d7 3", "36"),
    ],
)
def test_arithmetic(expression: str, expected: str) -> None:
    assert formatted(calculate(expression)) == expected


@pytest.mark.parametrize(
    "code",
    [
        "__import__('os').system('touch /tmp/hearth-pwned')",
        "().__class__.__bases__[0].__subclasses__()",
        "open('/etc/passwd').read()",
        "(lambda: 1)()",
        "[x for x in range(10)]",
        "'a' * 3",
        "x + 1",
        "sqrt(x=4)",
        "True + 1",
    ],
)
def test_code_is_refused(code: str) -> None:
    with pytest.raises(CalculatorError):
        calculate(code)


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("9 ** 9 ** 9", "Exponents above"),
        ("1 / 0", "divides by zero"),
        ("1" + " + 1" * 200, "longer than"),
        ("10 ** 400", "too large"),
        ("2 +", "not an arithmetic expression"),
    ],
)
def test_limits_say_what_went_wrong(expression: str, reason: str) -> None:
    with pytest.raises(CalculatorError, match=reason):
        calculate(expression)


def test_the_tool_reports_refusals_as_errors_for_the_model() -> None:
    tools = BuiltinTools()
    assert tools.run("calculator", {"expression": "6 * 7"}).text == "6 * 7 = 42"
    refused = tools.run("calculator", {"expression": "__import__('os')"})
    assert refused.is_error and "only arithmetic" in refused.text
    assert tools.run("calculator", {}).is_error
