"""A reply that may hold tool calls, streamed as it is generated: the plain text goes out at
once, the call markup (`<tool_call>…`, `[TOOL_CALLS]…`, a bare JSON call) never does. Text that
could still turn into a marker is held back until the next piece shows what it is.

Per round: `feed` each piece, then `finish` with the round's plain text as parsed (what the user
should read in the end); whatever of it was held back goes out then."""

from __future__ import annotations

from collections.abc import Callable

_MARKERS = {
    "llama3": ("<tool_call>", "<|python_tag|>"),
    "mistral": ("<tool_call>", "[TOOL_CALLS]"),
}
_DEFAULT_MARKERS = ("<tool_call>",)
# Families whose calls may be a bare JSON value, the whole reply.
_BARE_JSON = frozenset({"llama3", "mistral"})


class CallHidingStream:
    def __init__(self, family: str, emit: Callable[[str], None]) -> None:
        self._markers = _MARKERS.get(family, _DEFAULT_MARKERS)
        self._bare_json = family in _BARE_JSON
        self._emit = emit
        self._raw = ""
        self.sent = ""  # what went out so far
        self._held = False  # a call began: nothing more goes out until `finish`

    def feed(self, piece: str) -> None:
        self._raw += piece
        if self._held:
            return
        if not self.sent:
            start = self._raw.lstrip()
            if not start:
                return  # only blanks so far: they may lead into a call
            if self._bare_json and start[0] in "{[":
                self._held = True
                return
        found = [i for i in (self._raw.find(m) for m in self._markers) if i >= 0]
        if found:
            self._send(self._raw[: min(found)])
            self._held = True
            return
        self._send(self._raw[: len(self._raw) - self._partial_marker_length()])

    def finish(self, plain: str) -> None:
        """The round is over and `plain` is its text without the calls: send the rest of it
        (nothing, when what went out is not where `plain` begins)."""
        if plain.startswith(self.sent):
            self._send(plain)
        elif plain.startswith(self.sent.rstrip()):
            self._emit_text(plain[len(self.sent.rstrip()) :].lstrip())

    def _partial_marker_length(self) -> int:
        """How many characters at the end could be the start of a marker."""
        longest = 0
        for marker in self._markers:
            for size in range(min(len(marker) - 1, len(self._raw)), longest, -1):
                if self._raw.endswith(marker[:size]):
                    longest = size
                    break
        return longest

    def _send(self, upto: str) -> None:
        """Send what `upto` (a text that begins with `sent`) adds."""
        if len(upto) > len(self.sent):
            self._emit_text(upto[len(self.sent) :])

    def _emit_text(self, text: str) -> None:
        if text:
            self.sent += text
            self._emit(text)
