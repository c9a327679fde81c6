"""One training example: a short conversation whose last turn is the assistant reply to learn."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Final, Literal

Role = Literal["system", "user", "assistant"]
ROLES: Final[tuple[Role, ...]] = ("system", "user", "assistant")
Split = Literal["train", "held_out"]


@dataclass(frozen=True)
class Turn:
    role: Role
    content: str


@dataclass(frozen=True)
class TrainingExample:
    """`turns` ends with the assistant reply the adapter learns; the turns before are context.

    `expected`: phrases a correct reply contains (the automatic held-out score); empty means
    the score falls back to the reference reply's content words. `split` is None until the
    dataset is split (or when a file leaves it to the split).
    """

    turns: tuple[Turn, ...]
    source: str = "file"
    expected: tuple[str, ...] = ()
    split: Split | None = None
    metadata: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def prompt_turns(self) -> tuple[Turn, ...]:
        return self.turns[:-1]

    @property
    def reply(self) -> str:
        return self.turns[-1].content

    @property
    def question(self) -> str:
        """The last user turn: what a table shows as the example's prompt."""
        for turn in reversed(self.prompt_turns):
            if turn.role == "user":
                return turn.content
        return ""

    def as_record(self) -> dict[str, Any]:
        """The JSONL form (`{"messages": [...]}` plus optional keys) used in files and storage."""
        record: dict[str, Any] = {
            "messages": [{"role": t.role, "content": t.content} for t in self.turns]
        }
        if self.expected:
            record["expected"] = list(self.expected)
        if self.split is not None:
            record["split"] = self.split
        return record

    @property
    def content_key(self) -> str:
        """What makes two examples the same for deduplication: the normalised conversation."""
        normalised = [(t.role, " ".join(t.content.split()).casefold()) for t in self.turns]
        return hashlib.sha256(json.dumps(normalised, ensure_ascii=False).encode()).hexdigest()

    @property
    def content_hash(self) -> str:
        """Exact content (turns, expected phrases, split): part of a dataset version's hash."""
        text = json.dumps(self.as_record(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_example(
    prompt: str,
    reply: str,
    *,
    system: str | None = None,
    source: str = "file",
    expected: tuple[str, ...] = (),
    split: Split | None = None,
) -> TrainingExample:
    turns: list[Turn] = []
    if system:
        turns.append(Turn("system", system))
    turns.append(Turn("user", prompt))
    turns.append(Turn("assistant", reply))
    return TrainingExample(tuple(turns), source=source, expected=expected, split=split)
