"""JSON schemas as llama.cpp grammars (GBNF), through llama-cpp-python's converter.

The converter silently ignores what it cannot express (a `minimum`, a `not`, an `email`
format...), which would let output through that the schema refuses. So the schema is walked
first and every such feature is named in an UnsupportedSchema error instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from llama_cpp.llama_grammar import SchemaConverter

# Keywords the converter understands (or that only annotate) and that need no check.
_UNDERSTOOD = frozenset(
    {
        "type", "properties", "required", "additionalProperties", "items", "prefixItems",
        "minItems", "maxItems", "enum", "const", "anyOf", "oneOf", "allOf", "$ref", "$defs",
        "definitions", "pattern", "minLength", "maxLength", "format", "title", "description",
        "default", "examples", "$schema", "$id", "$comment", "strict", "deprecated",
        "readOnly", "writeOnly",
    }
)  # fmt: skip
_FORMATS = frozenset({"date", "time", "date-time", "uuid", "uuid1", "uuid2", "uuid3", "uuid4",
                      "uuid5"})  # fmt: skip
_TYPES = frozenset({"string", "number", "integer", "boolean", "null", "object", "array"})


class UnsupportedSchema(ValueError):
    """The schema uses features a grammar cannot enforce; the message names them."""


def unsupported_features(schema: Any, where: str = "schema") -> Iterator[str]:
    """Each feature the converter would ignore, with where it is ("schema.properties.age:
    minimum")."""
    if isinstance(schema, bool):
        return
    if not isinstance(schema, Mapping):
        yield f"{where}: not a schema object"
        return
    for key, value in schema.items():
        if key not in _UNDERSTOOD:
            yield f"{where}: {key}"
        elif key == "format" and value not in _FORMATS:
            yield f"{where}: format “{value}”"
        elif key == "$ref" and not str(value).startswith("#/"):
            yield f"{where}: $ref to “{value}” (only references inside the schema)"
        elif key == "type":
            for name in value if isinstance(value, list) else [value]:
                if name not in _TYPES:
                    yield f"{where}: type “{name}”"
    for key in ("properties", "$defs", "definitions"):
        children = schema.get(key)
        if isinstance(children, Mapping):
            for name, child in children.items():
                yield from unsupported_features(child, f"{where}.{key}.{name}")
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        options = schema.get(key)
        if isinstance(options, list):
            for index, child in enumerate(options):
                yield from unsupported_features(child, f"{where}.{key}[{index}]")
    for key in ("items", "additionalProperties"):
        child = schema.get(key)
        if isinstance(child, Mapping):
            yield from unsupported_features(child, f"{where}.{key}")


class GrammarBuilder:
    """Several schemas as rules of one grammar, each under its own rule name."""

    def __init__(self) -> None:
        self._converter = SchemaConverter(  # type: ignore[no-untyped-call]
            prop_order={}, allow_fetch=False, dotall=False, raw_pattern=False
        )

    def add(self, name: str, schema: Mapping[str, Any], where: str = "schema") -> str:
        """The rule name that matches `schema`; raises UnsupportedSchema."""
        problems = list(unsupported_features(schema, where))
        if problems:
            raise UnsupportedSchema(
                "These JSON schema features cannot be enforced while generating: "
                + "; ".join(problems)
                + ". Remove them (or check them in your program after the reply)."
            )
        try:
            resolved = self._converter.resolve_refs(json.loads(json.dumps(schema)), name)
            rule: str = self._converter.visit(resolved, name)  # type: ignore[no-untyped-call]
        except (AssertionError, ValueError, KeyError, TypeError, RecursionError) as exc:
            raise UnsupportedSchema(f"{where} cannot be turned into a grammar: {exc}") from exc
        return rule

    def rules(self) -> str:
        text: str = self._converter.format_grammar()  # type: ignore[no-untyped-call]
        return text


def json_schema_grammar(schema: Mapping[str, Any]) -> str:
    """A grammar whose root is one JSON value that validates against `schema`."""
    builder = GrammarBuilder()
    rule = builder.add("value", schema)
    return f"root ::= {rule}\n{builder.rules()}"


# Any JSON object (response_format json_object).
JSON_OBJECT_GRAMMAR = json_schema_grammar({"type": "object"})
