"""The checker's values: what it reads (CheckSources) and what it returns (CheckReport)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

ISSUE_KINDS = (
    "number",
    "date",
    "contact",
    "name",
    "missing_field",
    "prompt_echo",
    "unsupported",
)


@dataclass(frozen=True)
class Issue:
    """One flagged span; start/end are character offsets into the checked text."""

    kind: str
    text: str
    start: int
    end: int
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class CheckSources:
    """Everything a generated text may take its facts from.

    fields: template field values (key -> value); required: the keys the text must state;
    passages: retrieved or attached document passages; turns: the chat's earlier turns;
    instructions: the prompt's instructions (also checked for echoes in the text).
    """

    fields: Mapping[str, str] = field(default_factory=dict)
    required: Sequence[str] = ()
    passages: Sequence[str] = ()
    turns: Sequence[str] = ()
    instructions: Sequence[str] = ()


@dataclass(frozen=True)
class CheckReport:
    issues: tuple[Issue, ...] = ()
    missing: tuple[str, ...] = ()  # required field keys whose value the text never states

    @property
    def clean(self) -> bool:
        return not self.issues and not self.missing

    def to_json(self) -> dict[str, Any]:
        return {"issues": [i.to_json() for i in self.issues], "missing": list(self.missing)}


@dataclass(frozen=True)
class SentenceSupport:
    """A sentence of a text and the passage (index) that supports it, None when none does."""

    start: int
    end: int
    passage: int | None
    score: float
