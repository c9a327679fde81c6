"""The one Qt-free composition root: the services every front end shares (GUI, CLI, local API).

It builds the repositories and services over one open profile and hands them out (the assistants
and their pack reader/writer, Adapter Studio's training repository, the local API's settings), so
no feature builds another's parts. `bootstrap.py` builds the GUI on top of this; the CLI builds
only this. Nothing here reaches for a global: everything is passed in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from app.chats.conversation_repository import ConversationRepository
from app.chats.conversation_service import ConversationService
from app.chats.message_repository import MessageRepository
from app.components import OCR
from app.components.activation import ComponentDirs, component_dirs
from app.config import Paths, Settings, SettingsStore
from app.data_archive import ArchiveError, apply_pending_restore
from app.knowledge.knowledge_base import KnowledgeBase
from app.knowledge.limits import ExtractionLimits
from app.library.adapter_library import AdapterLibrary
from app.library.adapter_repository import AdapterRepository
from app.library.bundled_starter import (
    NO_STARTER,
    StarterStatus,
    bundled_starter_path,
    open_bundled_starter,
)
from app.library.hashing import remove_stale_partials
from app.library.model_library import ModelLibrary
from app.library.model_repository import ModelRepository
from app.storage import Database, NotFoundError
from app.storage.cipher import EncryptionLockedError, looks_encrypted
from app.storage.daily_backup import take_daily_backup
from app.storage.records import ModelRecord
from app.templates.references import KnowledgeResolver
from app.templates.service import TemplateDocumentService

if TYPE_CHECKING:
    from app.api.settings import ApiSettingsStore
    from app.assistants.pack_export import PackExporter
    from app.assistants.pack_import import PackImporter
    from app.assistants.service import AssistantService
    from app.endpoints.service import EndpointService
    from app.engine.client import EngineClient
    from app.engine.llama_engine import LlamaEngine
    from app.engine.worker import Engine
    from app.security.keys import MasterKey  # crypto libraries load only for encrypted profiles
    from app.tools.mcp_repository import McpServerRepository
    from app.training.repository import TrainingRepository

log = logging.getLogger(__name__)


@dataclass
class Core:
    paths: Paths
    settings_store: SettingsStore
    database: Database
    models: ModelRepository
    library: ModelLibrary
    adapters: AdapterLibrary
    chats: ConversationService
    knowledge: KnowledgeBase
    templates: TemplateDocumentService
    settings: Settings = field(default_factory=Settings)
    # What happened to a restore the user asked for at the last run (shown once by the GUI).
    restore_note: str | None = None
    # The unlocked key of an encrypted profile (None: plain). Kept for exports, the adapter
    # decryption and the encryption settings; never written anywhere.
    encryption_key: MasterKey | None = None
    # The starter model shipped with Hearth: registered on a profile with no model; `problem`
    # says when the bundled file is missing or damaged (app.library.bundled_starter).
    starter_status: StarterStatus = NO_STARTER

    @classmethod
    def open(cls, paths: Paths | None = None, *, key: MasterKey | None = None) -> Core:
        """Open the profile. An encrypted one needs `key` (from `app.security.profile_encryption`
        `unlock` or `remembered_key`): without it EncryptionLockedError tells the front end to ask
        for the passphrase; with a wrong one WrongPassphraseError (nothing changed)."""
        paths = (paths or Paths.resolve()).ensure()
        if key is None and looks_encrypted(paths.database):
            # Before a pending restore: it must not be used up by a start that cannot open.
            raise EncryptionLockedError(paths.database)
        database_key = key.database_key if key is not None else None
        restore_note = None
        try:
            restored = apply_pending_restore(paths, database_key=database_key)
            if restored is not None:
                restore_note = (
                    f"Your data was restored ({len(restored.restored)} files). What was here "
                    f"before is saved in {restored.backup}."
                )
        except ArchiveError as exc:
            log.warning("restore failed: %s", exc)
            restore_note = f"The restore did not happen and nothing was changed: {exc}"
        store = SettingsStore(paths.settings_file)
        settings = store.load()
        if key is None and looks_encrypted(paths.database):  # a restored export may be encrypted
            raise EncryptionLockedError(paths.database)
        database = Database.open(paths.database, backups_dir=paths.backups_dir, key=database_key)
        take_daily_backup(paths.database, paths.backups_dir, key=database_key)
        for folder in (paths.models_dir, paths.adapters_dir):
            remove_stale_partials(folder)
        models = ModelRepository(database)
        adapter_repo = AdapterRepository(database)
        # OCR results are kept by page hash so a re-index does not read scans again; not for an
        # encrypted profile, whose documents' text must not sit in clear files.
        ocr_cache = paths.cache_dir / "ocr" if database_key is None else None

        def extraction_limits() -> ExtractionLimits:
            # Looked up for each indexing job (a few small manifest reads): an OCR component
            # installed while Hearth runs, from the window or `hearth components install`, is
            # used by the next job's extraction child without a restart.
            ocr = component_dirs(paths.data_dir, OCR) or ComponentDirs()
            return ExtractionLimits(
                ocr_cache_dir=ocr_cache, ocr_site_dirs=ocr.site, ocr_fallback_dirs=ocr.fallback
            )

        knowledge = KnowledgeBase(database, limits_source=extraction_limits)
        chats = ConversationService(
            ConversationRepository(database),
            MessageRepository(database),
            default_system_prompt=settings.system_prompt,
            adapter_at=adapter_repo.find_by_path,
            knowledge=knowledge,
        )
        core = cls(
            paths=paths,
            settings_store=store,
            database=database,
            models=models,
            library=ModelLibrary(models, paths),
            adapters=AdapterLibrary(adapter_repo, paths, key=key),
            chats=chats,
            knowledge=knowledge,
            templates=TemplateDocumentService.open(database, resolver=KnowledgeResolver(knowledge)),
            settings=settings,
            restore_note=restore_note,
            encryption_key=key,
        )
        core.open_starter()
        return core

    @cached_property
    def assistants(self) -> AssistantService:
        """Built on first use (seeds the built-in assistants): commands that never touch
        assistants do not pay for it."""
        from app.assistants.repository import AssistantRepository
        from app.assistants.service import AssistantService

        service = AssistantService(
            AssistantRepository(self.database),
            models=self.models,
            adapters=self.adapters,
            knowledge=self.knowledge,
            templates=self.templates.library,
            chats=self.chats,
            default_model=self.default_model,
        )
        service.seed_builtins()
        return service

    def pack_exporter(self) -> PackExporter:
        """Writes assistant packs; built per use because the profile's key can change."""
        from app.assistants.pack_export import PackExporter

        return PackExporter(self.assistants, key=self.encryption_key, tool_servers=self.mcp_servers)

    def pack_importer(self) -> PackImporter:
        """Reads assistant packs into this profile; built per use (the key can change)."""
        from app.assistants.pack_import import PackImporter

        return PackImporter(
            self.assistants,
            self.library,
            self.paths,
            key=self.encryption_key,
            tool_servers=self.mcp_servers,
        )

    @cached_property
    def training(self) -> TrainingRepository:
        """Adapter Studio's datasets, cards, evaluations and reply feedback."""
        from app.training.repository import TrainingRepository

        return TrainingRepository(self.database, self.chats.messages)

    @cached_property
    def api_settings(self) -> ApiSettingsStore:
        """The local API server's settings file (the server itself is the GUI's to run)."""
        from app.api.settings import ApiSettingsStore

        return ApiSettingsStore(self.paths.config_dir)

    @cached_property
    def endpoints(self) -> EndpointService:
        """Remote inference servers: none exists until the user adds one."""
        from app.endpoints.service import open_endpoint_service

        return open_endpoint_service(self.database, self.paths.data_dir)

    @cached_property
    def mcp_servers(self) -> McpServerRepository:
        """The MCP servers assistants may call, and the tools the user always allows."""
        from app.tools.mcp_repository import McpServerRepository

        return McpServerRepository(self.database)

    def open_starter(self) -> None:
        """A profile with no model gets the bundled starter model as its default, so the first
        answer needs no set-up step (GUI and CLI alike)."""
        status, registered = open_bundled_starter(self.library, self.models, bundled_starter_path())
        if registered is not None:
            try:
                self.save_settings(replace(self.settings, default_model_id=registered.id))
            except OSError as exc:  # default_model() falls back to the first model anyway
                log.warning("could not save the starter model as the default: %s", exc)
        self.starter_status = status

    def set_encryption_key(self, key: MasterKey | None) -> None:
        """After encryption was switched on or off, or the passphrase changed."""
        self.encryption_key = key
        self.adapters.key = key

    @property
    def database_key(self) -> bytes | None:
        return self.encryption_key.database_key if self.encryption_key is not None else None

    def save_settings(self, settings: Settings) -> None:
        self.settings = settings.validated()
        self.settings_store.save(self.settings)
        self.chats.default_system_prompt = self.settings.system_prompt

    def default_model(self) -> ModelRecord | None:
        """The model the user picked, else the first one registered (the starter model)."""
        if self.settings.default_model_id is not None:
            try:
                return self.models.get(self.settings.default_model_id)
            except NotFoundError:
                pass
        available = self.models.list()
        return available[0] if available else None

    # ---- the engine: only here and in bootstrap.py is a LlamaEngine built -------------------

    def local_engine(self) -> LlamaEngine:
        """llama.cpp for the calling thread, which becomes its one owner (a CLI command that
        loads a model, generates and closes it). Adapters Hearth stores sealed on an encrypted
        profile are decrypted to a private temp file for the load."""
        from app.engine.llama_engine import LlamaEngine

        if self.encryption_key is None:  # crypto libraries load only for encrypted profiles
            return LlamaEngine()
        from app.security.file_crypto import adapter_opener

        return LlamaEngine(adapter_opener=adapter_opener(lambda: self.encryption_key))

    def engine_factory(self, *, remote: bool = True) -> Callable[[], Engine]:
        """What the InferenceWorker builds its engine with, on its own thread. `remote`: route
        to a team's server when a LoadModel names one (the GUI), else llama.cpp only."""

        def make_engine() -> Engine:
            # Imported on the worker thread: loading llama.cpp's libraries does not delay the
            # window. The key is asked at each load: encryption can be switched on meanwhile.
            from app.engine.llama_engine import LlamaEngine
            from app.engine.router import EngineRouter
            from app.security.file_crypto import adapter_opener

            opener = adapter_opener(lambda: self.encryption_key)
            if not remote:
                return LlamaEngine(adapter_opener=opener)
            return EngineRouter(lambda: LlamaEngine(adapter_opener=opener))

        return make_engine

    def start_engine(self, *, remote: bool = True) -> EngineClient:
        """The one inference thread of this process, started, and its client."""
        from app.engine.client import EngineClient
        from app.engine.shared_worker import SharedWorker

        return EngineClient(SharedWorker(self.engine_factory(remote=remote)).start())

    def close(self) -> None:
        self.database.close()
