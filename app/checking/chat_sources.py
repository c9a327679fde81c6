"""The sources of a chat reply: the passages it was given, the turns before it, and the
system prompt (the assistant's instructions)."""

from __future__ import annotations

from collections.abc import Sequence

from .model import CheckSources


def chat_sources(turns: Sequence[tuple[str, str]], passages: Sequence[str] = ()) -> CheckSources:
    """`turns`: (role, content) pairs the model was asked to continue, system turn included."""
    return CheckSources(
        passages=tuple(passages),
        turns=tuple(content for role, content in turns if role != "system"),
        instructions=tuple(content for role, content in turns if role == "system"),
    )
