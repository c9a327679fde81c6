"""The prompt renderer is a sandbox: template code cannot reach Python internals or run away,
and what the user typed is data, never template code."""

from __future__ import annotations

import pytest

from app.templates.errors import TemplateRenderError
from app.templates.fields import TemplateField
from app.templates.model import Template
from app.templates.plan import plan_document
from app.templates.renderer import parse_problems, render_text

ESCAPES = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ name.__class__.__base__ }}",
    "{{ name['__class__'] }}",
    "{{ items.__len__() }}",
    "{{ name.format(1) }}",
    "{{ '{0.__class__}'.format(name) }}",
    "{{ name.ljust(100000000) }}",
    "{{ items.append('x') }}",
    "{{ self.__init__.__globals__ }}",
    "{{ lipsum.__globals__ }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ namespace }}",
    "{{ 'x' * 100000000 }}",
    "{{ 9 ** 9 ** 9 }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "{{ name | replace('x', name * 9000) | replace('x', name * 9000) }}",
    "{{ name | center(100000000) }}",
    "{{ name | random }}",
    "{% include '/etc/passwd' %}",
    "{% import 'os' as os %}",
]


@pytest.mark.parametrize("source", ESCAPES)
def test_escape_attempts_are_refused(source: str) -> None:
    with pytest.raises(TemplateRenderError) as caught:
        render_text(source, {"name": "xxxxxxxxxx", "items": ["a"]})
    assert "prompt" in str(caught.value)


def test_refusal_says_what_was_refused() -> None:
    with pytest.raises(TemplateRenderError, match=r"unsafe.*__class__"):
        render_text("{{ ''.__class__ }}", {})


def test_ordinary_template_features_work() -> None:
    text = render_text(
        "{% for item in items %}{{ loop.index }}. {{ item | upper }}\n{% endfor %}"
        "{{ items | join(', ') }} {{ name.title() }} {{ count + 1 }}{% if missing %}!{% endif %}",
        {"items": ["a", "b"], "name": "ann lee", "count": 2, "missing": ""},
    )
    assert text == "1. A\n2. B\na, b Ann Lee 3"


def test_user_values_with_template_syntax_stay_literal() -> None:
    value = "{{ ''.__class__.__mro__ }} {% for x in range(9) %}{{ x }}{% endfor %} {{ 7*7 }}"
    assert render_text("Client: {{ name }}.", {"name": value}) == f"Client: {value}."


def test_user_values_stay_literal_through_a_whole_plan() -> None:
    template = Template(
        id="t1",
        name="T",
        category="email",
        description="d",
        version=1,
        prompt="Write to {{ client }} about {{ topics | join(' and ') }}.",
        fields=(
            TemplateField("client", "Client", "text", required=True),
            TemplateField("topics", "Topics", "list"),
        ),
    )
    plan = plan_document(template, {"client": "{{ 7*7 }}", "topics": ["{% raw %}", "b"]})
    assert "Write to {{ 7*7 }} about {% raw %} and b." in plan.brief


def test_parse_problems_reports_syntax_and_unknown_names() -> None:
    assert parse_problems("{{ client }} {{ clinet }}", {"client"}, what="prompt") == [
        "prompt uses {{ clinet }}, which is not a field of this template"
    ]
    (problem,) = parse_problems("line\n{% if x %}", {"x"}, what="prompt")
    assert problem.startswith("prompt, line 2:")
    assert "limit" in parse_problems("x" * 70_000, set(), what="prompt")[0]
