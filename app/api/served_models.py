"""What the local API offers as "models": library models now, domain assistants when they exist.

A provider is any callable returning ServedModel values; the server merges several. An assistant
is served as a model with its own id, its instructions (prepended as the system prompt) and its
adapters, on its base model's file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.storage.records import ModelRecord

if TYPE_CHECKING:
    from app.assistants.service import AssistantService

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


@dataclass(frozen=True)
class AssistantModel:
    """An assistant ready to run: its name, its model file, instructions and adapters."""

    name: str
    model_path: str
    model_sha256: str
    instructions: str | None
    adapters: tuple[tuple[str, float], ...]


def assistant_provider(list_ready: Callable[[], Sequence[AssistantModel]]) -> ModelProvider:
    """Assistants as models, ids "assistant-<name>": their instructions come first in every
    request, on their model with their adapters."""

    def provide() -> list[ServedModel]:
        return [
            ServedModel(
                f"assistant-{slug(a.name)}",
                a.name,
                a.model_path,
                a.model_sha256,
                system_prompt=a.instructions,
                adapters=a.adapters,
                owned_by="hearth-assistant",
            )
            for a in list_ready()
        ]

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


def ready_assistants(service: AssistantService) -> list[AssistantModel]:
    """The assistants whose model and adapters are all in the library (others cannot run)."""
    ready = []
    for assistant in service.list():
        model = service.model_for(assistant)
        adapters = [(service.adapter_for(a.sha256), a.scale) for a in assistant.profile.adapters]
        if model is None or any(record is None for record, _ in adapters):
            continue
        ready.append(
            AssistantModel(
                assistant.name,
                model.path,
                model.sha256,
                assistant.profile.instructions.strip() or None,
                tuple((record.path, scale) for record, scale in adapters if record is not None),
            )
        )
    return ready
