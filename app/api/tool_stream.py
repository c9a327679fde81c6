"""Streaming a reply that may hold tool calls: plain text goes out as it comes; from the point
where a call may begin, the text is held until the end, when it is parsed into calls (or, when
it was not a call after all, sent as text)."""

from __future__ import annotations

from app.engine.types import ToolCall
from app.tools import parse_tool_calls

_MARKER = "<tool_call>"


class ToolStreamSplitter:
    def __init__(self, family: str) -> None:
        self._family = family
        self._held = ""
        self._holding = False  # a call may have begun: keep everything from here on
        self._started = False  # any non-blank text seen yet

    def feed(self, text: str) -> str:
        """The text that is safe to send now."""
        if self._holding:
            self._held += text
            return ""
        self._held += text
        if not self._started and self._held.strip():
            self._started = True
            # Llama 3 and Mistral write a call as the whole reply: a JSON object or list.
            if self._family in ("llama3", "mistral") and self._held.lstrip()[0] in "{[":
                self._holding = True
                return ""
        at = self._held.find(_MARKER)
        if at >= 0:
            self._holding = True
            out, self._held = self._held[:at], self._held[at:]
            return out
        keep = _partial_marker(self._held)
        out, self._held = self._held[: len(self._held) - keep], self._held[len(self._held) - keep :]
        return out

    def finish(self) -> tuple[str, list[ToolCall]]:
        """The rest of the text (without calls), and the calls."""
        held, self._held = self._held, ""
        if not held:
            return "", []
        return parse_tool_calls(held, self._family)


def _partial_marker(text: str) -> int:
    """How many trailing characters could be the start of the marker."""
    for size in range(min(len(_MARKER) - 1, len(text)), 0, -1):
        if _MARKER.startswith(text[-size:]):
            return size
    return 0
