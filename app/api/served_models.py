"""What the local API offers as "models": library models now, domain assistants when they exist.

A provider is any callable returning ServedModel values; the server merges several. An assistant
is served as a model with its own id, its instructions (prepended as the system prompt) and its
adapters, on its base model's file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from app.storage.records import ModelRecord

ALIAS_CURRENT = "hearth"  # "whatever Hearth has loaded": for tools that want one fixed name


@dataclass(frozen=True)
class ServedModel:
    id: str  # what clients put in "model"
    name: str  # for people
    path: str  # the GGUF file to load
    sha256: str = ""
    system_prompt: str | None = None  # an assistant's instructions
    adapters: tuple[tuple[str, float], ...] = ()  # (adapter path, scale)
    owned_by: str = "hearth"  # "hearth" for library models, "hearth-assistant" for assistants


ModelProvider = Callable[[], Sequence[ServedModel]]


def slug(text: str) -> str:
    """ "SmolLM2 135M Instruct" -> "smollm2-135m-instruct"."""
    return re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-") or "model"


def library_provider(list_models: Callable[[], Iterable[ModelRecord]]) -> ModelProvider:
    """The models in Hearth's library, with ids from their names (a clash adds the id)."""

    def provide() -> list[ServedModel]:
        records = list(list_models())
        counts: dict[str, int] = {}
        for record in records:
            counts[slug(record.name)] = counts.get(slug(record.name), 0) + 1
        served = []
        for record in records:
            base = slug(record.name)
            model_id = base if counts[base] == 1 else f"{base}-{record.id}"
            served.append(ServedModel(model_id, record.name, record.path, record.sha256))
        return served

    return provide


def combined(*providers: ModelProvider) -> ModelProvider:
    """All providers' models; on an id clash the first provider's entry wins."""

    def provide() -> list[ServedModel]:
        seen: dict[str, ServedModel] = {}
        for provider in providers:
            for model in provider():
                seen.setdefault(model.id, model)
        return list(seen.values())

    return provide
