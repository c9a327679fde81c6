"""Errors the engine reports. Their messages are shown to users as they are."""

from __future__ import annotations


class EngineError(Exception):
    """A failure with a message fit for the user (no traceback needed to understand it)."""


class ModelLoadError(EngineError):
    """The model file could not be loaded (missing, not a GGUF, truncated, too big...)."""


class NoModelLoadedError(EngineError):
    def __init__(self) -> None:
        super().__init__("No model is loaded. Choose a model first.")


class PromptTooLongError(EngineError):
    """Even the system prompt and the newest message do not fit in the context window."""


class GenerationCancelled(Exception):
    """Raised inside the decode loop when Stop was requested; not an error for the user."""


class AdapterLoadError(EngineError):
    """A LoRA adapter could not be applied: unreadable, not an adapter, incompatible, refused."""
