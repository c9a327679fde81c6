"""A reply as it streams in: collects the text and saves it every second, marked incomplete.

A kill, a crash or a power cut then loses at most the last second of a reply, never the reply.
"""

from __future__ import annotations

import time

from .conversation_service import ConversationService

SAVE_INTERVAL_S = 1.0


class StreamingReply:
    def __init__(
        self,
        chats: ConversationService,
        message_id: int,
        *,
        save_interval_s: float = SAVE_INTERVAL_S,
        before: str = "",
    ) -> None:
        """`before`: the reply's text so far, when this stream continues it."""
        self._chats = chats
        self.message_id = message_id
        self._before = before
        self._interval = save_interval_s
        self._parts: list[str] = []
        self._last_saved = time.monotonic()

    @property
    def text(self) -> str:
        """The whole reply: what came before, and what has streamed in."""
        return self._before + "".join(self._parts)

    def add(self, text: str) -> None:
        """Append streamed text; may write to the database (raises StorageError on failure)."""
        self._parts.append(text)
        now = time.monotonic()
        if now - self._last_saved >= self._interval:
            self._last_saved = now
            self._chats.save_partial(self.message_id, self.text)
