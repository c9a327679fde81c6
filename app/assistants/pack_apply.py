"""Apply a reviewed pack, all or nothing: the model file, adapters (copied in, encrypted on an
encrypted profile), templates, knowledge documents (into a collection named after the assistant)
and finally the assistant. Each step registers its undo; if any step fails, what was already
added is removed again, in reverse order.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from app.assistants.load_plan import MissingModel
from app.assistants.model import Assistant, AssistantError
from app.assistants.pack_reader import PackError
from app.assistants.pack_review import PackReview
from app.assistants.service import AssistantService
from app.config import Paths
from app.knowledge.knowledge_base import Attach, KnowledgeBase
from app.library.model_library import LibraryError, ModelLibrary
from app.storage.errors import StorageError
from app.templates.errors import TemplateError

if TYPE_CHECKING:
    from app.security.keys import MasterKey
    from app.tools.mcp_repository import McpServerRepository

log = logging.getLogger(__name__)

KNOWLEDGE_FOLDER = "assistant-documents"


class MissingModelError(PackError):
    """The pack needs a model that is neither in the pack nor in the library."""

    def __init__(self, message: str, missing: MissingModel) -> None:
        super().__init__(message)
        self.missing = missing


@dataclass(frozen=True)
class ImportResult:
    assistant: Assistant
    added: tuple[str, ...]  # what was added, one line each
    notes: tuple[str, ...]


class PackApplier:
    """Adds a reviewed pack's parts to the profile (see the module's docstring)."""

    def __init__(
        self,
        service: AssistantService,
        library: ModelLibrary,
        paths: Paths,
        key: MasterKey | None,
        tool_servers: McpServerRepository | None = None,
    ) -> None:
        self.service = service
        self.library = library
        self.paths = paths
        self.key = key
        self.tool_servers = tool_servers

    def apply(self, review: PackReview) -> ImportResult:
        """Add everything the review listed; on any failure remove what was added and raise."""
        if review.missing_model is not None:
            raise MissingModelError(
                f"{review.source.name}: {review.missing_model.message()}; then import the "
                "pack again",
                review.missing_model,
            )
        undo: list[Callable[[], None]] = []
        added: list[str] = []
        try:
            self._apply_model(review, undo, added)
            self._apply_adapters(review, undo, added)
            pinned = self._apply_templates(review, undo, added)
            collection = self._apply_documents(review, undo, added)
            icon = review.pack.of_kind("icon")
            profile = replace(
                review.profile,
                name=review.final_name,
                icon_image=icon[0].staged.read_bytes() if icon else None,
                knowledge_collections=(collection,) if collection else (),
                pinned_templates=pinned,
            )
            assistant = self.service.create(profile)
            added.insert(0, f"assistant {assistant.name}")
            self._apply_tool_servers(review, assistant, undo, added)
        except BaseException as exc:
            for step in reversed(undo):
                try:
                    step()
                except Exception:  # keep undoing the rest; the first error is what matters
                    log.warning("could not undo a step of a failed pack import", exc_info=True)
            if isinstance(exc, PackError):
                raise
            if isinstance(
                exc, AssistantError | StorageError | LibraryError | TemplateError | OSError
            ):
                raise PackError(
                    f"{review.source.name} could not be imported, and nothing was kept: {exc}"
                ) from exc
            raise
        return ImportResult(assistant, tuple(added), tuple(review.notes))

    def _apply_tool_servers(
        self,
        review: PackReview,
        assistant: Assistant,
        undo: list[Callable[[], None]],
        added: list[str],
    ) -> None:
        """Store the pack's MCP servers for the new assistant, unapproved: none of them runs
        before the user has read what it starts and approved it."""
        if self.tool_servers is None:
            return
        for server in review.tool_servers:
            name = self.tool_servers.free_name(server.name)
            saved = self.tool_servers.add(
                replace(server, name=name, assistant_id=assistant.id, approved=False)
            )
            assert saved.id is not None
            undo.append(partial(self.tool_servers.remove, saved.id))
            added.append(f"tool server {saved.name}, not approved yet (it {saved.describe()})")

    def _apply_model(
        self, review: PackReview, undo: list[Callable[[], None]], added: list[str]
    ) -> None:
        if not review.model_included or review.model_in_library is not None:
            return
        member = review.pack.of_kind("model")[0]
        folder = self.library.models_dir
        folder.mkdir(parents=True, exist_ok=True)
        target = _free_path(folder, member.name.rsplit("/", 1)[-1])
        os.replace(member.staged, target)  # the staging folder is on the same disk
        try:
            record = self.library.import_model(target)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        undo.append(lambda: self.library.remove(record.id, delete_file=True))
        added.append(f"model {record.name}")

    def _apply_adapters(
        self, review: PackReview, undo: list[Callable[[], None]], added: list[str]
    ) -> None:
        library = self.service.adapters
        for adapter in review.adapters:
            if self.service.adapter_for(adapter.sha256) is not None:
                continue
            named = adapter.member.staged.with_name(f"{_slug(adapter.name)}.gguf")
            os.replace(adapter.member.staged, named)  # the copy is named after the adapter
            record = library.import_adapter(named, copy=True)
            undo.append(partial(library.remove, record.id, delete_file=True))
            if record.sha256 != adapter.sha256:
                raise PackError(
                    f"{review.source.name}: the adapter {adapter.name} changed on import"
                )
            added.append(f"adapter {record.name}")

    def _apply_templates(
        self, review: PackReview, undo: list[Callable[[], None]], added: list[str]
    ) -> tuple[str, ...]:
        library = self.service.templates
        renamed: dict[str, str] = {}
        for item in review.templates:
            if item.action == "same":
                continue
            saved = library.save(replace(item.template, id=item.new_id))
            undo.append(partial(library.delete, saved.id))
            renamed[item.template.id] = saved.id
            added.append(f"template {saved.name}")
        packed = {t.template.id for t in review.templates}
        return tuple(
            renamed.get(t, t)
            for t in review.profile.pinned_templates
            if t in packed or library.is_builtin(t)
        )

    def _apply_documents(
        self, review: PackReview, undo: list[Callable[[], None]], added: list[str]
    ) -> str | None:
        if not review.documents or review.collection_name is None:
            return None
        knowledge = self.service.knowledge
        root = self.paths.data_dir / KNOWLEDGE_FOLDER
        root.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=f"{_slug(review.final_name)}-", dir=root))
        undo.append(lambda: shutil.rmtree(folder, ignore_errors=True))
        undo.append(lambda: _forget_documents_in(knowledge, folder))
        files: list[Path] = []
        for document in review.documents:
            target = _free_path(folder, _plain_name(document.file_name, document.original))
            os.replace(document.member.staged, target)
            files.append(target)
        collection = knowledge.create_collection(review.collection_name)
        undo.append(lambda: knowledge.store.delete_collection(collection.id, with_documents=True))
        index_pack_documents(knowledge, files, collection.name, review.source.name)
        if self.key is not None:
            from app.security.file_crypto import encrypt_in_place

            for file in files:
                encrypt_in_place(file, self.key)
        added.append(f"{len(files)} document(s) in the collection {collection.name}")
        return collection.name


def index_pack_documents(
    knowledge: KnowledgeBase, files: list[Path], collection: str, label: str
) -> None:
    """Index the pack's document `files` into `collection`: the one place a pack import hands
    documents to the knowledge base. The first file that cannot be read fails the import."""
    report = knowledge.add_files(files, attach_to=Attach.to_collection(collection))
    if report.failed:
        failure = report.failed[0]
        raise PackError(f"{label}: a document could not be read: {failure.error}")


def _forget_documents_in(knowledge: KnowledgeBase, folder: Path) -> None:
    """Undo indexing: every document (indexed or failed) whose file is in `folder`."""
    for document in knowledge.documents():
        if Path(document.path).is_relative_to(folder):
            knowledge.remove(document.id)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:40] or "assistant"


def _plain_name(file_name: str, original: bool) -> str:
    cleaned = "".join("_" if c in '/\\:*?"<>|' or ord(c) < 32 else c for c in file_name)
    cleaned = cleaned.strip(". ")[:200] or "document"
    return cleaned if original else f"{Path(cleaned).stem}.txt"


def _free_path(folder: Path, name: str) -> Path:
    candidate = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate
