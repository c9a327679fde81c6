"""What the window's controllers read and change of the user's profile (`app.core.Core` is one)."""

from __future__ import annotations

from typing import Protocol

from app.config import Settings
from app.storage.records import ModelRecord


class Profile(Protocol):
    settings: Settings

    def save_settings(self, settings: Settings) -> None: ...

    def default_model(self) -> ModelRecord | None: ...
