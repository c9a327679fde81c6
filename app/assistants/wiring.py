"""Build the assistant services over an open Core (the CLI and the GUI share this).

Once Core carries an `assistants` field (see the report to the lead), `service_for` returns it;
until then it builds the service once per Core and keeps it on the instance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.assistants.pack_export import PackExporter
from app.assistants.pack_import import PackImporter
from app.assistants.repository import AssistantRepository
from app.assistants.service import AssistantService

if TYPE_CHECKING:
    from app.core import Core

_ATTRIBUTE = "_assistant_service"


def build_service(core: Core) -> AssistantService:
    """A new service over `core`'s database, with the built-ins seeded."""
    service = AssistantService(
        AssistantRepository(core.database),
        models=core.models,
        adapters=core.adapters,
        knowledge=core.knowledge,
        templates=core.templates.library,
        chats=core.chats,
        default_model=core.default_model,
    )
    service.seed_builtins()
    return service


def service_for(core: Core) -> AssistantService:
    existing = getattr(core, "assistants", None) or getattr(core, _ATTRIBUTE, None)
    if isinstance(existing, AssistantService):
        return existing
    service = build_service(core)
    setattr(core, _ATTRIBUTE, service)
    return service


def exporter_for(core: Core) -> PackExporter:
    return PackExporter(service_for(core), key=core.encryption_key)


def importer_for(core: Core) -> PackImporter:
    return PackImporter(service_for(core), core.library, core.paths, key=core.encryption_key)
