"""Hostile template files (TOML and JSON) and hostile prompt text: a TemplateError that names the
file and the problem, or a valid template; never another exception, a hang or a memory blow-up."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.templates.errors import TemplateError
from app.templates.library import builtin_templates_dir
from app.templates.renderer import render_text
from app.templates.template_files import read_template_file

from .fuzz_support import Tally, bounded_memory, expect_only, fuzz_settings, mutated

SCRATCH = Path(tempfile.mkdtemp(prefix="hearth-fuzz-templates-"))
TOML_SEEDS = [p.read_bytes() for p in sorted(builtin_templates_dir().glob("*.toml"))[:4]]
FILE_TALLY = Tally("template files")
PROMPT_TALLY = Tally("template prompts")

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=30,
)
KNOWN_KEYS = [
    "schema",
    "id",
    "name",
    "category",
    "description",
    "version",
    "prompt",
    "fields",
    "system",
    "outline",
    "tones",
    "default_tone",
    "lengths",
    "default_length",
]
JINJA_PIECES = st.sampled_from(
    [
        "{{ x }}",
        "{{ x * 100000000 }}",
        "{% for i in range(100000000) %}a{% endfor %}",
        "{{ ''.__class__.__mro__ }}",
        "{{ 'a' * 99999999 }}",
        "{{ 9 ** 9 ** 9 }}",
        "{% raw %}",
        "{{ x.__init__ }}",
        "{{ '{:>999999999}'.format(1) }}",
        "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
        "{{ lipsum(999999) }}",
        "{{ range(10**9) | list }}",
        "{{",
        "}}",
        "{%",
        "%}",
        "\x00",
        "{{ x | join(x) }}",
        "{% set y = [1] %}{% for _ in y %}{{ y.append(1) }}{% endfor %}",
        "{{ cycler }}",
    ]
)


@st.composite
def template_objects(draw: st.DrawFn) -> bytes:
    """A JSON template with the real keys and hostile values."""
    data = {
        key: draw(JSON_VALUES) for key in draw(st.lists(st.sampled_from(KNOWN_KEYS), max_size=14))
    }
    if draw(st.booleans()):
        data["prompt"] = "".join(draw(st.lists(JINJA_PIECES | st.text(max_size=10), max_size=8)))
    return json.dumps(data).encode()


@pytest.fixture(scope="module", autouse=True)
def _report() -> object:
    yield
    FILE_TALLY.report()
    PROMPT_TALLY.report()


@fuzz_settings(scale=1.5)
@given(
    st.one_of(
        st.sampled_from(TOML_SEEDS).flatmap(lambda seed: mutated(seed)).map(lambda d: (".toml", d)),
        template_objects().map(lambda d: (".json", d)),
        st.binary(max_size=512).map(lambda d: (".toml", d)),
    )
)
def test_hostile_template_files_get_a_clear_error(file: tuple[str, bytes]) -> None:
    suffix, data = file
    path = SCRATCH / f"hostile{suffix}"
    path.write_bytes(data)
    with bounded_memory(str(path)):
        outcome = expect_only(lambda: read_template_file(path), (TemplateError,))
    if isinstance(outcome, TemplateError):
        assert path.name in str(outcome), str(outcome)
        FILE_TALLY.note(type(outcome).__name__)
    else:
        FILE_TALLY.note("accepted")


@fuzz_settings()
@given(st.lists(JINJA_PIECES | st.text(max_size=20), min_size=1, max_size=8).map("".join))
def test_hostile_prompt_text_renders_or_is_refused(source: str) -> None:
    with bounded_memory("prompt"):
        outcome = expect_only(
            lambda: render_text(source, {"x": "value", "items": ["a", "b"]}), (TemplateError,)
        )
    if isinstance(outcome, TemplateError):
        assert str(outcome).strip()
        PROMPT_TALLY.note(type(outcome).__name__)
    else:
        assert len(outcome) < 1_000_000
        PROMPT_TALLY.note("rendered")
