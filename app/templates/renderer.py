"""Render instruction prompts in Jinja2's immutable sandbox.

Template text may come from a file someone sent (an imported template), so it is treated as
hostile: the sandbox refuses internals (`__class__`, `mro`, ...), attribute access is limited to
a few harmless methods of plain values, only deterministic filters are offered, and the things a
template could use to eat memory or time (`*` on strings, `**`, `range`, output size) are capped.
What the user typed is passed in as data: a value containing "{{ ... }}" is printed literally,
never evaluated.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

import jinja2
from jinja2 import meta, nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment

from app.templates.errors import TemplateRenderError

MAX_SOURCE_CHARS: Final = 64_000
MAX_OUTPUT_CHARS: Final = 200_000
MAX_VALUE_CHARS: Final = 200_000  # any one string or list a template builds while rendering
MAX_RANGE_ITEMS: Final = 10_000  # all range() calls of one render together

_SAFE_FILTERS: Final = [
    "abs",
    "capitalize",
    "count",
    "d",
    "default",
    "dictsort",
    "first",
    "float",
    "int",
    "items",
    "join",
    "last",
    "length",
    "list",
    "lower",
    "map",
    "max",
    "min",
    "reject",
    "rejectattr",
    "replace",
    "reverse",
    "round",
    "select",
    "selectattr",
    "slice",
    "sort",
    "string",
    "sum",
    "title",
    "trim",
    "truncate",
    "unique",
    "upper",
    "wordcount",
    "batch",
]
_STR_METHODS: Final = frozenset(
    [
        "capitalize",
        "endswith",
        "lower",
        "lstrip",
        "rstrip",
        "split",
        "startswith",
        "strip",
        "title",
        "upper",
    ]
)
_SAFE_ATTRIBUTES: Final[dict[type, frozenset[str]]] = {
    str: _STR_METHODS,
    dict: frozenset({"get", "items", "keys", "values"}),
    list: frozenset({"count", "index"}),
    tuple: frozenset({"count", "index"}),
    LoopContext: frozenset(
        [
            "index",
            "index0",
            "revindex",
            "revindex0",
            "first",
            "last",
            "length",
            "previtem",
            "nextitem",
            "cycle",
            "changed",
            "depth",
            "depth0",
        ]
    ),
}


def _size(value: object) -> int:
    return len(value) if isinstance(value, (str, list, tuple, dict)) else 0


def _check_size(value: object) -> object:
    if _size(value) > MAX_VALUE_CHARS:
        raise SecurityError(f"the template built a value longer than {MAX_VALUE_CHARS} items")
    return value


def _guarded(filter_function: Callable[..., Any]) -> Callable[..., Any]:
    # functools.wraps copies `jinja_pass_arg`, so context/environment filters still get theirs.
    @functools.wraps(filter_function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        return _check_size(filter_function(*args, **kwargs))

    return guarded


def _guarded_join(value: Iterable[object], d: str = "", attribute: str | None = None) -> str:
    items = list(value)
    if len(d) * len(items) > MAX_VALUE_CHARS:
        raise SecurityError("join would build a value too long for a prompt")
    return str(_check_size(jinja2.filters.sync_do_join(_EVAL_CONTEXT, items, d, attribute)))


def _guarded_replace(value: str, old: str, new: str, count: int | None = None) -> str:
    text = str(value)
    growth = max(0, len(str(new)) - len(str(old))) * (text.count(str(old)) if old else len(text))
    if len(text) + growth > MAX_VALUE_CHARS:
        raise SecurityError("replace would build a value too long for a prompt")
    return text.replace(str(old), str(new), -1 if count is None else count)


class _RangeBudget:
    """`range` for one render: all its calls together may yield at most MAX_RANGE_ITEMS."""

    def __init__(self) -> None:
        self.left = MAX_RANGE_ITEMS

    def range(self, *args: int) -> range:
        numbers = range(*args)
        self.left -= len(numbers)
        if self.left < 0:
            raise SecurityError(f"the template loops more than {MAX_RANGE_ITEMS} times")
        return numbers


class _HearthSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        allowed = _SAFE_ATTRIBUTES.get(type(obj))
        return allowed is not None and attr in allowed

    def wrap_str_format(self, value: Any) -> None:
        # str.format / format_map: widths like "{:>999999999}" allocate at will; refused (the
        # attribute check then rejects them like any other method not on the list).
        return None

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "**":
            raise SecurityError("the ** operator is not allowed in templates")
        for sequence, times in ((left, right), (right, left)):
            if _size(sequence) and isinstance(times, int) and _size(sequence) * times > 10_000:
                raise SecurityError("repeating a value with * is limited to 10000 characters")
        return operator.mul(left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        return _check_size(super().call(__context, __obj, *args, **kwargs))


def _make_environment() -> _HearthSandbox:
    env = _HearthSandbox(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    filters = {name: _guarded(env.filters[name]) for name in _SAFE_FILTERS}
    filters["join"] = _guarded_join
    filters["replace"] = _guarded_replace
    env.filters = filters
    env.tests = {
        name: env.tests[name]
        for name in (
            "defined",
            "undefined",
            "none",
            "number",
            "string",
            "sequence",
            "in",
            "eq",
            "ne",
            "lt",
            "gt",
            "le",
            "ge",
            "odd",
            "even",
            "divisibleby",
            "lower",
            "upper",
        )
    }
    env.globals = {}
    return env


_ENV: Final = _make_environment()
_EVAL_CONTEXT: Final = nodes.EvalContext(_ENV)


def _describe(exc: Exception) -> str:
    if isinstance(exc, SecurityError):
        return f"refused an unsafe operation ({exc})"
    if isinstance(exc, jinja2.UndefinedError):
        text = str(exc)
        if "unsafe" in text or "__" in text:
            return f"refused an unsafe operation ({text})"
        return f"uses something that is not defined ({text})"
    if isinstance(exc, RecursionError):
        return "recurses too deeply"
    return f"failed: {exc}"


def parse_problems(source: str, allowed_names: Iterable[str], *, what: str) -> list[str]:
    """What is wrong with a template string before it is ever rendered: size, syntax, and
    names that are neither fields nor context values."""
    if len(source) > MAX_SOURCE_CHARS:
        return [f"{what} is {len(source)} characters long; the limit is {MAX_SOURCE_CHARS}"]
    try:
        tree = _ENV.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        return [f"{what}, line {exc.lineno}: {exc.message}"]
    allowed = set(allowed_names) | {"range", "loop"}
    unknown = sorted(meta.find_undeclared_variables(tree) - allowed)
    return [
        f"{what} uses {{{{ {name} }}}}, which is not a field of this template" for name in unknown
    ]


def render_text(source: str, context: Mapping[str, object], *, what: str = "prompt") -> str:
    """Render `source` with `context` (plain values only) in the sandbox.

    Raises TemplateRenderError naming `what` for syntax errors, undefined names, refused
    operations and runaway output.
    """
    if len(source) > MAX_SOURCE_CHARS:
        raise TemplateRenderError(f"the {what} is longer than {MAX_SOURCE_CHARS} characters")
    budget = _RangeBudget()
    try:
        template = _ENV.from_string(source)
        pieces: list[str] = []
        produced = 0
        for piece in template.generate({**context, "range": budget.range}):
            produced += len(piece)
            if produced > MAX_OUTPUT_CHARS:
                raise SecurityError(f"the output is longer than {MAX_OUTPUT_CHARS} characters")
            pieces.append(piece)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateRenderError(
            f"the {what} has a syntax error on line {exc.lineno}: {exc.message}"
        ) from exc
    except (
        jinja2.TemplateError,
        SecurityError,
        RecursionError,
        TypeError,
        ValueError,
        ArithmeticError,
        LookupError,
    ) as exc:
        raise TemplateRenderError(f"the {what} {_describe(exc)}") from exc
    return "".join(pieces).strip()
