"""Hearth's storage: one SQLite database, upgraded on open, read and written via repositories.

Qt-free and independent of the inference engine.
"""

from __future__ import annotations

from app.storage.database import Database
from app.storage.errors import (
    NotFoundError,
    SchemaTooNewError,
    StorageError,
    to_storage_error,
    translate_errors,
)
from app.storage.migrations import LATEST_VERSION, list_backups
from app.storage.records import (
    Conversation,
    FinishReason,
    GenerationRecord,
    Message,
    ModelRecord,
    NewModel,
    Role,
)
from app.storage.repositories import (
    AdapterRepository,
    ConversationRepository,
    MessageRepository,
    ModelRepository,
)

__all__ = [
    "LATEST_VERSION",
    "AdapterRepository",
    "Conversation",
    "ConversationRepository",
    "Database",
    "FinishReason",
    "GenerationRecord",
    "Message",
    "MessageRepository",
    "ModelRecord",
    "ModelRepository",
    "NewModel",
    "NotFoundError",
    "Role",
    "SchemaTooNewError",
    "StorageError",
    "list_backups",
    "to_storage_error",
    "translate_errors",
]
