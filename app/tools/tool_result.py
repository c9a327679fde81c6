"""What a tool call gave back, capped so that one tool cannot flood the model's context."""

from __future__ import annotations

from dataclasses import dataclass

# About 5,000 tokens: enough for a page of results, small enough to leave the model room.
RESULT_CAP_CHARS = 20_000


@dataclass(frozen=True)
class ToolResult:
    text: str
    is_error: bool = False
    truncated: bool = False


def capped(text: str, *, is_error: bool = False, cap: int = RESULT_CAP_CHARS) -> ToolResult:
    if len(text) <= cap:
        return ToolResult(text=text, is_error=is_error)
    note = (
        f"\n[Hearth cut this result: the tool returned {len(text):,} characters; "
        f"only the first {cap:,} are shown.]"
    )
    return ToolResult(text=text[:cap] + note, is_error=is_error, truncated=True)
