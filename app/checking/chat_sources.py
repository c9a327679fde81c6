"""The sources of a chat reply: the passages it was given, the turns before it, and the
system prompt (the assistant's instructions)."""

from __future__ import annotations

from collections.abc import Sequence

from .model import CheckSources, Issue

# Without documents a reply may rightly use what the model knows ("Paris", "1989"), so only
# what is never general knowledge is flagged: contact details, and the prompt copied out.
UNGROUNDED_KINDS = frozenset({"contact", "prompt_echo"})


def chat_sources(turns: Sequence[tuple[str, str]], passages: Sequence[str] = ()) -> CheckSources:
    """`turns`: (role, content) pairs the model was asked to continue, system turn included."""
    return CheckSources(
        passages=tuple(passages),
        turns=tuple(content for role, content in turns if role != "system"),
        instructions=tuple(content for role, content in turns if role == "system"),
    )


def chat_issues(issues: Sequence[Issue], *, grounded: bool) -> tuple[Issue, ...]:
    """The issues worth showing under a reply: all of them when it was given documents."""
    if grounded:
        return tuple(issues)
    return tuple(issue for issue in issues if issue.kind in UNGROUNDED_KINDS)
