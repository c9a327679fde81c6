"""Checking a grounded reply against what it was given: its passages, the chat's earlier turns
and the assistant's instructions. Runs once, when the reply ends (the checker is fast by design:
<= 20 ms for 1,000 words), so the CLI and the window store and show the same flags."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, Final

from app.checking import CheckSources, Issue, chat_issues, check_text
from app.engine.types import ChatTurn
from app.knowledge.grounding import CONTEXT_HEADING

# The [n] markers Hearth placed are not figures of the reply.
_MARKER: Final = re.compile(r"\[\d+(?:\s*(?:[,;]|[-\u2013])\s*\d+)*\]")


def check_reply(
    text: str,
    passages: Sequence[str],
    turns: Sequence[ChatTurn],
    *,
    unsupported: Iterable[Issue] = (),
) -> tuple[dict[str, Any], ...]:
    """The flags of a reply (stored form, in text order): the checker's, plus the sentences
    citation placement found no passage for. A reply given no passages may rightly use what
    the model knows, so only invented contact details and echoed instructions are flagged."""
    # The system turn may end with whole documents (conversation_service._grounded): those
    # are sources, not instructions a reply must not echo.
    system = [split_documents(t.content) for t in turns if t.role == "system"]
    sources = CheckSources(
        passages=tuple(passages),
        # The last user turn carries retrieved passages; the turns say what was asked.
        turns=(*(d for _, d in system if d), *(t.content for t in turns if t.role != "system")),
        instructions=tuple(i for i, _ in system),
    )
    markers = [(m.start(), m.end()) for m in _MARKER.finditer(text)]
    found: dict[tuple[str, int, int], Issue] = {}
    checked = chat_issues(check_text(text, sources).issues, grounded=bool(passages))
    for issue in (*checked, *unsupported):
        if any(start <= issue.start and issue.end <= end for start, end in markers):
            continue
        found.setdefault((issue.kind, issue.start, issue.end), issue)
    return tuple(i.to_json() for i in sorted(found.values(), key=lambda i: (i.start, i.end)))


def split_documents(system_turn: str) -> tuple[str, str]:
    """(instructions, documents) of a system turn that may end with a documents block."""
    instructions, mark, documents = system_turn.partition(f"\n\n{CONTEXT_HEADING}\n")
    return (instructions, mark.lstrip() + documents) if mark else (system_turn, "")
