"""The built-in calculator: arithmetic on numbers, read with Python's parser and evaluated node
by node. Never eval: a name, an attribute, a string or any call outside the few maths functions
below is refused, so a model (or a prompt injected into its sources) cannot run code through it.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable
from typing import Final

MAX_EXPRESSION_CHARS: Final = 300
MAX_EXPONENT: Final = 1000  # 10 ** 1000 is fine; 9 ** 9 ** 9 would take the machine
MAX_MAGNITUDE: Final = 1e300

Number = int | float

_BINARY: Final[dict[type[ast.operator], Callable[[Number, Number], Number]]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_UNARY: Final[dict[type[ast.unaryop], Callable[[Number], Number]]] = {
    ast.UAdd: operator.pos,
    ast.USub: operator.neg,
}
_FUNCTIONS: Final[dict[str, Callable[..., Number]]] = {
    "sqrt": math.sqrt,
    "abs": abs,
    "round": round,
    "min": min,
    "max": max,
    "log": math.log,
    "log10": math.log10,
    "exp": math.exp,
    "sin": math.sin,
    "cos": math.cos,
    "tan": math.tan,
    "floor": math.floor,
    "ceil": math.ceil,
}
_CONSTANTS: Final[dict[str, float]] = {"pi": math.pi, "e": math.e}


class CalculatorError(ValueError):
    """An expression the calculator refuses or cannot work out; the message says which part."""


def calculate(expression: str) -> Number:
    text = expression.strip().replace("\u00d7", "*").replace("\u00f7", "/").replace("^", "**")
    if not text:
        raise CalculatorError("The expression is empty.")
    if len(text) > MAX_EXPRESSION_CHARS:
        raise CalculatorError(f"The expression is longer than {MAX_EXPRESSION_CHARS} characters.")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        raise CalculatorError(f"“{expression}” is not an arithmetic expression.") from None
    try:
        value = _value(tree.body)
    except ZeroDivisionError:
        raise CalculatorError("The expression divides by zero.") from None
    except (OverflowError, ValueError) as error:
        if isinstance(error, CalculatorError):
            raise
        raise CalculatorError(f"The expression has no finite answer ({error}).") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise CalculatorError("The expression has no finite answer.")
    return value


def formatted(value: Number) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def _value(node: ast.expr) -> Number:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise CalculatorError("The calculator works only on numbers.")
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _value(node.left), _value(node.right)
        if isinstance(node.op, ast.Pow) and abs(right) > MAX_EXPONENT:
            raise CalculatorError(f"Exponents above {MAX_EXPONENT} are refused.")
        result = _BINARY[type(node.op)](left, right)
        if isinstance(result, complex) or abs(result) > MAX_MAGNITUDE:
            raise CalculatorError("The answer is too large (or not a real number).")
        return result
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return _UNARY[type(node.op)](_value(node.operand))
    if isinstance(node, ast.Name) and node.id in _CONSTANTS:
        return _CONSTANTS[node.id]
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _FUNCTIONS
        and not node.keywords
        and 0 < len(node.args) <= 4
    ):
        return _FUNCTIONS[node.func.id](*(_value(arg) for arg in node.args))
    raise CalculatorError(
        f"The calculator does only arithmetic (+ - * / ** %, parentheses, "
        f"{', '.join(sorted(_FUNCTIONS))}); it refuses “{_describe(node)}”."
    )


def _describe(node: ast.expr) -> str:
    try:
        return ast.unparse(node)[:60]
    except Exception:  # unparse of an odd tree: name the node kind instead
        return type(node).__name__
