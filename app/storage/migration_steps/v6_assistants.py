"""v6: domain assistants (model, adapters, instructions, knowledge, templates) and their chats."""

from __future__ import annotations

STEP: tuple[str, ...] = ()
