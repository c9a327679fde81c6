"""What switching to an assistant needs: which model and adapters to load, and what is missing.

Qt-free and engine-free: the GUI hands `model` to ChatController.load_model and then
`adapter_pairs` to ChatController.set_adapters (both queued to the inference thread); the CLI
loads them itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.assistants.model import AdapterSetting, SamplingDefaults
from app.library.catalog import CatalogEntry
from app.storage.records import AdapterRecord, ModelRecord


@dataclass(frozen=True)
class MissingModel:
    """The assistant's model is not in the library; `catalog_entry` says where to get it."""

    sha256: str
    name: str
    catalog_entry: CatalogEntry | None

    def message(self) -> str:
        where = (
            f"get it from the model catalog (`hearth models download {self.catalog_entry.id}`)"
            if self.catalog_entry is not None
            else "import that model file (`hearth models import PATH`)"
        )
        return f"the model {self.name} (sha256 {self.sha256[:12]}…) is not in your library: {where}"


@dataclass(frozen=True)
class LoadPlan:
    assistant_id: int
    assistant_name: str
    model: ModelRecord | None
    missing_model: MissingModel | None
    adapters: tuple[tuple[AdapterRecord, float], ...]
    missing_adapters: tuple[AdapterSetting, ...]
    system_prompt: str | None  # None: the user's default system prompt
    sampling: SamplingDefaults
    collections: tuple[str, ...]

    @property
    def ready(self) -> bool:
        return self.model is not None and not self.missing_adapters

    def adapter_pairs(self) -> tuple[tuple[str, float], ...]:
        """What ChatController.set_adapters / engine.set_adapters take."""
        return tuple((record.path, scale) for record, scale in self.adapters)

    def needs_model_load(self, loaded_sha256: str | None) -> bool:
        """False when the model already loaded is this one (only the adapters change then)."""
        return self.model is not None and self.model.sha256 != loaded_sha256

    def problems(self) -> list[str]:
        """Why the assistant cannot run yet, one sentence each (empty when ready)."""
        found = [self.missing_model.message()] if self.missing_model is not None else []
        found += [
            f"the adapter {a.name} (sha256 {a.sha256[:12]}…) is not in your library: import it "
            "with `hearth adapters import PATH`"
            for a in self.missing_adapters
        ]
        return found
