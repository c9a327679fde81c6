"""The chat turns a plan becomes: one request for a whole document, or one per section."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from app.engine.types import ChatTurn
from app.templates.plan import DocumentPlan

# The earlier sections shown as context for the next one; the newest are kept, because the
# model mostly needs what it has just written to continue without repeating itself.
MAX_PREVIOUS_CHARS: Final = 4_000


def whole_document_turns(plan: DocumentPlan) -> tuple[ChatTurn, ...]:
    user = f"{plan.brief}\n\nLength: {plan.length_text}.\n\nWrite the complete document now."
    return (ChatTurn("system", plan.system_prompt), ChatTurn("user", user))


def _previous_text(previous: Sequence[tuple[str, str]]) -> str:
    text = "\n\n".join(f"## {title}\n\n{body.strip()}" for title, body in previous)
    if len(text) > MAX_PREVIOUS_CHARS:
        text = "[...]\n" + text[-MAX_PREVIOUS_CHARS:]
    return text


def section_turns(
    plan: DocumentPlan, index: int, previous: Sequence[tuple[str, str]]
) -> tuple[ChatTurn, ...]:
    """Turns asking for section `index` alone; `previous` holds (title, text) of the sections
    before it, so the model continues the document instead of starting over."""
    section = plan.sections[index]
    outline = "\n".join(f"{n}. {s.title}" for n, s in enumerate(plan.sections, start=1))
    parts = [
        f"Brief:\n{plan.brief}",
        f'The document "{plan.title}" has these sections:\n{outline}',
    ]
    if previous:
        parts.append(f"The sections written so far:\n\n{_previous_text(previous)}")
    parts.append(
        f'Write only section {index + 1}, "{section.title}". {section.instruction}\n'
        f"Length: {plan.length_text}. Do not write the section heading itself and do not "
        "write any other section."
    )
    return (ChatTurn("system", plan.system_prompt), ChatTurn("user", "\n\n".join(parts)))
