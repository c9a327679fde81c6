"""What the status bar says about the chat in view: its context use and its last reply's speed.

The figures belong to one chat: when another chat comes into view they are replaced by that
chat's own (from its last stored reply), or reset for a chat with no reply yet ("0 / 4,096 ctx",
no speed), so a new chat never shows the previous one's "409 / 4,096 ctx · 56.2 tok/s".
"""

from __future__ import annotations

from collections.abc import Sequence

from app.engine.types import LoadedModel
from app.storage.records import Message
from app.ui.shell.status_bar import HearthStatusBar


def show_chat_figures(
    status: HearthStatusBar, messages: Sequence[Message], loaded: LoadedModel | None
) -> None:
    """The context use and speed of the last reply among `messages`; with no reply, the loaded
    model's empty context (none loaded: nothing shown)."""
    n_ctx = loaded.n_ctx if loaded is not None else 0
    record = next(
        (m.generation for m in reversed(messages) if m.role == "assistant" and m.generation),
        None,
    )
    if record is None:
        status.set_context(0, n_ctx)
        status.set_speed(None)
        return
    status.set_context(record.prompt_tokens + record.completion_tokens, record.n_ctx)
    status.set_speed(record.decode_tokens_per_s if record.decode_tokens_per_s > 0 else None)
