"""The GUI-hosted API lists the assistants that can run as models of their own."""

from __future__ import annotations

from pathlib import Path

from app.api.served_models import assistant_provider, combined, library_provider, ready_assistants
from app.config import Paths
from app.core import Core


def test_ready_assistants_are_served_as_models(hearth_home: Path, starter_model: Path) -> None:
    core = Core.open(Paths.resolve())
    try:
        assert ready_assistants(core.assistants) == []  # no model in the library: none can run
        record = core.library.import_model(starter_model)
        provider = combined(
            library_provider(core.models.list),
            assistant_provider(lambda: ready_assistants(core.assistants)),
        )
        served = {m.id: m for m in provider()}
        writer = served["assistant-business-writer"]
        assert writer.owned_by == "hearth-assistant" and writer.path == record.path
        assert writer.system_prompt and writer.system_prompt.strip()
        assert len([m for m in served.values() if m.owned_by == "hearth-assistant"]) == 4
    finally:
        core.close()
