"""Create, edit, duplicate and delete assistants; start chats from them; plan what they load."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from app.assistants.builtins import BuiltinAssistant, load_builtin_assistants
from app.assistants.load_plan import LoadPlan, MissingModel
from app.assistants.model import (
    MAX_NAME_CHARS,
    Assistant,
    AssistantError,
    AssistantProfile,
    check_profile,
)
from app.assistants.repository import AssistantRepository
from app.chats.conversation_service import ConversationService
from app.knowledge.knowledge_base import KnowledgeBase
from app.library.adapter_library import AdapterLibrary
from app.library.catalog import Catalog, CatalogEntry, CatalogError, load_catalog
from app.library.model_repository import ModelRepository
from app.storage.errors import NotFoundError
from app.storage.records import AdapterRecord, Conversation, ModelRecord
from app.templates.library import TemplateLibrary

log = logging.getLogger(__name__)


class AssistantNotFoundError(AssistantError):
    pass


class AssistantService:
    def __init__(
        self,
        repo: AssistantRepository,
        *,
        models: ModelRepository,
        adapters: AdapterLibrary,
        knowledge: KnowledgeBase,
        templates: TemplateLibrary,
        chats: ConversationService,
        default_model: Callable[[], ModelRecord | None],
        catalog: Callable[[], Catalog] = load_catalog,
        builtins: Callable[[], list[BuiltinAssistant]] = load_builtin_assistants,
    ) -> None:
        self.repo = repo
        self.models = models
        self.adapters = adapters
        self.knowledge = knowledge
        self.templates = templates
        self.chats = chats
        self._default_model = default_model
        self._catalog = catalog
        self._builtins = builtins

    # ---- built-ins ---------------------------------------------------------------------------

    def seed_builtins(self) -> list[Assistant]:
        """Add the built-ins this profile has never had (a deleted one stays deleted)."""
        seeded = self.repo.builtin_keys()
        added = []
        taken = {a.name.casefold() for a in self.repo.list()}
        for builtin in self._builtins():
            if builtin.key in seeded:
                continue
            profile = builtin.profile
            if profile.name.casefold() in taken:
                profile = replace(profile, name=self._free_name(profile.name))
            added.append(self.repo.add(profile, builtin_key=builtin.key))
            taken.add(profile.name.casefold())
        return added

    def restore_builtins(self) -> int:
        return self.repo.unhide_builtins()

    # ---- reading -----------------------------------------------------------------------------

    def list(self) -> list[Assistant]:
        return self.repo.list()

    def get(self, assistant_id: int) -> Assistant:
        try:
            return self.repo.get(assistant_id)
        except NotFoundError:
            raise AssistantNotFoundError(f"There is no assistant with id {assistant_id}.") from None

    def find(self, ref: str) -> Assistant:
        """By name (ignoring case and extra spaces), else by id; AssistantNotFoundError."""
        wanted = " ".join(ref.split()).casefold()
        everyone = self.repo.list()
        for assistant in everyone:
            if assistant.name.casefold() == wanted:
                return assistant
        if wanted.isdigit():
            for assistant in everyone:
                if assistant.id == int(wanted):
                    return assistant
        known = ", ".join(a.name for a in everyone) or "none"
        raise AssistantNotFoundError(f"There is no assistant named {ref!r} (known: {known}).")

    # ---- changing ----------------------------------------------------------------------------

    def create(self, profile: AssistantProfile) -> Assistant:
        checked = self._checked(profile)
        self._require_free_name(checked.name)
        return self.repo.add(checked)

    def update(self, assistant_id: int, profile: AssistantProfile) -> Assistant:
        checked = self._checked(profile)
        self._require_free_name(checked.name, except_id=assistant_id)
        return self.repo.update(self.get(assistant_id).id, checked)

    def duplicate(self, assistant_id: int, *, name: str | None = None) -> Assistant:
        source = self.get(assistant_id)
        wanted = (name or "").strip() or self._free_name(f"{source.name} (copy)")
        return self.create(replace(source.profile, name=wanted))

    def delete(self, assistant_id: int) -> None:
        self.get(assistant_id)
        self.repo.delete(assistant_id)

    def free_name(self, name: str) -> str:
        """`name`, or `name (2)`, `name (3)`... when an assistant already has it."""
        return self._free_name(name)

    def _free_name(self, name: str) -> str:
        taken = {a.name.casefold() for a in self.repo.list()}
        base = " ".join(name.split())[: MAX_NAME_CHARS - 5]
        candidate, number = base, 2
        while candidate.casefold() in taken:
            candidate = f"{base} ({number})"
            number += 1
        return candidate

    def _require_free_name(self, name: str, *, except_id: int | None = None) -> None:
        for other in self.repo.list():
            if other.id != except_id and other.name.casefold() == name.casefold():
                raise AssistantError(f"An assistant named {other.name!r} already exists.")

    def _checked(self, profile: AssistantProfile) -> AssistantProfile:
        checked = check_profile(profile)
        known = {c.name for c in self.knowledge.collections()}
        for name in checked.knowledge_collections:
            if name not in known:
                raise AssistantError(f"There is no document collection named {name!r}.")
        for template_id in checked.pinned_templates:
            if self.templates.find(template_id) is None:
                raise AssistantError(f"There is no template {template_id!r} to pin.")
        return checked

    # ---- using -------------------------------------------------------------------------------

    def default_model(self) -> ModelRecord | None:
        return self._default_model()

    def model_for(self, assistant: Assistant) -> ModelRecord | None:
        """The library's model for this assistant, None when it is not there."""
        ref = assistant.profile.model
        if ref.follows_default:
            chosen = self._default_model()
            if chosen is not None:
                return chosen
        matches = self.models.find_by_sha256(ref.sha256)
        return matches[0] if matches else None

    def adapter_for(self, sha256: str) -> AdapterRecord | None:
        for record in self.adapters.list():
            if record.sha256 == sha256.lower():
                return record
        return None

    def catalog_entry_for(self, sha256: str, catalog_id: str | None) -> CatalogEntry | None:
        try:
            catalog = self._catalog()
        except CatalogError as exc:
            log.warning("model catalog unavailable: %s", exc)
            return None
        for entry in catalog:
            if entry.sha256 == sha256.lower():
                return entry
        if catalog_id:
            for entry in catalog:
                if entry.id == catalog_id:
                    return entry
        return None

    def plan(self, assistant: Assistant) -> LoadPlan:
        """Which model and adapters to load for `assistant`, and what is missing."""
        profile = assistant.profile
        model = self.model_for(assistant)
        missing_model = None
        if model is None:
            missing_model = MissingModel(
                profile.model.sha256,
                profile.model.name,
                self.catalog_entry_for(profile.model.sha256, profile.model.catalog_id),
            )
        found: list[tuple[AdapterRecord, float]] = []
        missing = []
        for setting in profile.adapters:
            record = self.adapter_for(setting.sha256)
            if record is None:
                missing.append(setting)
            else:
                found.append((record, setting.scale))
        return LoadPlan(
            assistant_id=assistant.id,
            assistant_name=assistant.name,
            model=model,
            missing_model=missing_model,
            adapters=tuple(found),
            missing_adapters=tuple(missing),
            system_prompt=profile.instructions.strip() or None,
            sampling=profile.sampling,
            collections=profile.knowledge_collections,
        )

    def apply_to_new_chat(
        self, assistant: Assistant, *, model_id: int | None = None
    ) -> Conversation:
        """A new chat set up from the assistant: its model, instructions (the chat's system
        prompt) and knowledge collections attached, linked to the assistant. `model_id`
        overrides the assistant's model (None: the assistant's, when it is in the library)."""
        plan = self.plan(assistant)
        if model_id is None and plan.model is not None:
            model_id = plan.model.id
        conversation = self.chats.new_conversation(model_id=model_id)
        if plan.system_prompt is not None:
            self.chats.conversations.set_system_prompt(conversation.id, plan.system_prompt)
        collection_ids = []
        for name in plan.collections:
            try:
                collection_ids.append(self.knowledge.collection(name).id)
            except NotFoundError:
                continue  # deleted meanwhile: the link went with it
        if collection_ids:
            self.knowledge.store.attach_to_conversation(
                conversation.id, collection_ids=collection_ids
            )
        self.repo.link_conversation(conversation.id, assistant.id)
        return self.chats.conversations.get(conversation.id)
