"""The backend's ModelUse (what a recipe records) from what the chat controller has loaded."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from app.engine.types import ActiveAdapter, LoadedModel
from app.storage.records import AdapterRecord
from app.templates import AdapterUse, ModelUse

AdapterLookup = Callable[[str], AdapterRecord | None]


class ModelSource(Protocol):
    """What the panel reads from the chat controller: the model and adapters in use."""

    @property
    def loaded_model(self) -> LoadedModel | None: ...

    @property
    def active_adapters(self) -> tuple[ActiveAdapter, ...]: ...


def no_adapter_record(_path: str) -> None:
    return None


def model_use(
    loaded: LoadedModel, active: Sequence[ActiveAdapter], adapter_at: AdapterLookup
) -> ModelUse:
    """Adapters are recorded by sha256 (looked up by path in the library), like chat replies;
    one not in the library is recorded by name with an empty sha256."""
    uses: list[AdapterUse] = []
    for adapter in active:
        record = adapter_at(adapter.path)
        name = record.name if record is not None else adapter.name
        uses.append(AdapterUse(name, record.sha256 if record is not None else "", adapter.scale))
    return ModelUse(sha256=loaded.sha256, name=loaded.name, adapters=tuple(uses))
