"""A reply being generated, and how it is stored when it ends (finished or failed).

Qt-free, so the GUI's controller only routes engine events here and shows the outcome.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Final

from app.engine.types import GenerationStats, LoadedModel, SamplingParams
from app.storage import StorageError
from app.storage.records import TokenConfidence

from .conversation_service import ConversationService, PendingReply
from .recording import summary_line
from .streaming_reply import StreamingReply

# What to tell the user when a reply ends other than by itself.
FINISH_STATES: Final = {
    "cancelled": "Stopped: the reply so far is kept and marked incomplete.",
    "length": "The reply reached its length limit: Continue writes on.",
    "repetition": "The reply began repeating itself, so it was stopped there.",
}


@dataclass(frozen=True)
class ActiveReply:
    request_id: int
    pending: PendingReply
    sampling: SamplingParams
    reply: StreamingReply

    @property
    def text(self) -> str:
        """The whole reply so far (for a continuation: with the part before)."""
        return self.reply.text


@dataclass(frozen=True)
class StoredReply:
    """How a finished reply is shown: its whole text, stored id, summary and state."""

    text: str
    message_id: int
    meta: str
    complete: bool
    error: str | None = None  # storing it failed: say so (the text is still shown)
    confidence: TokenConfidence | None = None  # its tokens' log-probabilities, when recorded


def store_finished(
    chats: ConversationService,
    active: ActiveReply,
    added: str,
    stats: GenerationStats,
    model: LoadedModel | None,
) -> StoredReply:
    """Save the reply that ended with `added` as this generation's text, with its record."""
    pending = active.pending
    text = pending.reply_text(added)
    try:
        if model is None:
            raise StorageError("the model was unloaded during the reply")
        message = chats.finish(
            pending.reply_message_id,
            text,
            stats=stats,
            sampling=active.sampling,
            model=model,
            citations=pending.citations,
            earlier=pending.earlier,
            turns=pending.turns,
        )
    except StorageError as exc:
        return StoredReply(text, pending.reply_message_id, "", False, error=str(exc))
    # The stored text: with documents, it carries the citations Hearth placed.
    confidence = message.generation.confidence if message.generation else None
    meta = summary_line(message.generation)
    return StoredReply(message.content, message.id, meta, message.complete, confidence=confidence)


def store_failed(chats: ConversationService, active: ActiveReply) -> None:
    """Keep what arrived, marked incomplete; a storage error here is not the one to show."""
    with contextlib.suppress(StorageError):
        chats.fail(active.pending.reply_message_id, active.text)
