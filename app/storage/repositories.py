"""The repositories, in one place: each returns records from records.py, never ORM rows."""

from __future__ import annotations

from app.storage.adapter_repository import AdapterRepository
from app.storage.conversation_repository import ConversationRepository
from app.storage.message_repository import MessageRepository
from app.storage.model_repository import ModelRepository

__all__ = ["AdapterRepository", "ConversationRepository", "MessageRepository", "ModelRepository"]
