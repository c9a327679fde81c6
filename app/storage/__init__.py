"""Hearth's storage: one SQLite database, its schema, migrations and records.

Each feature owns the repository that reads and writes its tables (app/chats,
app/library, app/assistants, ...), so this package knows no feature. Qt-free and
independent of the inference engine.
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

__all__ = [
    "LATEST_VERSION",
    "Conversation",
    "Database",
    "FinishReason",
    "GenerationRecord",
    "Message",
    "ModelRecord",
    "NewModel",
    "NotFoundError",
    "Role",
    "SchemaTooNewError",
    "StorageError",
    "list_backups",
    "to_storage_error",
    "translate_errors",
]
