"""Import a `.hearth` pack: review everything first, then apply it all or nothing.

`review` reads and verifies the pack (pack_reader.py), parses the assistant and its templates,
inspects every adapter and checks that it fits the base model (one in the library, or the one in
the pack), and says what an import would add. It changes nothing. `apply` then adds the model
file, adapters (copied in, encrypted on an encrypted profile), templates, knowledge documents
(into a collection named after the assistant) and finally the assistant; if any step fails,
what was already added is removed again.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.assistants.codec import profile_from_dict
from app.assistants.load_plan import MissingModel
from app.assistants.model import Assistant, AssistantError, AssistantProfile
from app.assistants.pack_format import ASSISTANT, ICON, PackLimits
from app.assistants.pack_reader import (
    PackError,
    PackFormatError,
    PackMember,
    PackSignatureError,
    SignatureStatus,
    VerifiedPack,
    read_pack,
)
from app.assistants.service import AssistantService
from app.config import Paths
from app.knowledge.knowledge_base import Attach, KnowledgeBase
from app.library.adapters import AdapterError, AdapterInfo, check_compatible, inspect_adapter
from app.library.gguf_errors import GgufError
from app.library.gguf_header import GgufHeader, read_gguf_header
from app.library.model_library import LibraryError, ModelLibrary
from app.storage.errors import StorageError
from app.storage.records import ModelRecord
from app.templates.codec import template_to_dict
from app.templates.errors import TemplateError
from app.templates.model import Template
from app.templates.template_files import parse_template_text

if TYPE_CHECKING:
    from app.security.keys import MasterKey

log = logging.getLogger(__name__)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
KNOWLEDGE_FOLDER = "assistant-documents"


class PackCompatibilityError(PackError):
    """An adapter in the pack does not fit the base model."""


class MissingModelError(PackError):
    """The pack needs a model that is neither in the pack nor in the library."""

    def __init__(self, message: str, missing: MissingModel) -> None:
        super().__init__(message)
        self.missing = missing


@dataclass(frozen=True)
class PackAdapter:
    name: str
    sha256: str
    scale: float
    size: int
    in_library: bool
    member: PackMember
    info: AdapterInfo


@dataclass(frozen=True)
class PackTemplate:
    template: Template
    action: str  # "add", "same" (already here, identical) or "rename" (id taken: new id)
    new_id: str


@dataclass(frozen=True)
class PackDocument:
    file_name: str
    size: int
    original: bool  # False: the author's file was gone and its extracted text travels
    member: PackMember


@dataclass
class PackReview:
    """What importing the pack would do; nothing has been changed. Call `close()` after."""

    source: Path
    pack: VerifiedPack
    profile: AssistantProfile  # as written in the pack
    final_name: str  # the name it gets here (a free one)
    signature: SignatureStatus
    adapters: tuple[PackAdapter, ...]
    templates: tuple[PackTemplate, ...]
    documents: tuple[PackDocument, ...]
    model_included: bool
    model_size: int | None
    model_in_library: ModelRecord | None  # the library's copy of the model, if any
    missing_model: MissingModel | None
    collection_name: str | None  # where the documents go
    notes: list[str] = field(default_factory=list)
    _staging: Path | None = None

    @property
    def model_name(self) -> str:
        return self.profile.model.name

    @property
    def can_apply(self) -> bool:
        return self.missing_model is None

    def summary_lines(self) -> list[str]:
        """What an import adds, one line each (the CLI's dry run and the dialog show these)."""
        lines = [f"Assistant: {self.final_name}"]
        if self.model_included and self.model_in_library is None:
            lines.append(f"Model: {self.model_name} (in the pack, {self.model_size or 0:,} bytes)")
        elif self.model_in_library is not None:
            lines.append(f"Model: {self.model_in_library.name} (already in your library)")
        else:
            lines.append(f"Model: {self.model_name} (missing)")
        for adapter in self.adapters:
            state = "already in your library" if adapter.in_library else "new"
            lines.append(f"Adapter: {adapter.name} at {adapter.scale:g} ({state})")
        for template in self.templates:
            lines.append(f"Template: {template.template.name} ({template.action})")
        if self.documents:
            lines.append(
                f"Documents: {len(self.documents)} into the collection {self.collection_name!r}"
            )
        return lines

    def close(self) -> None:
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None

    def __enter__(self) -> PackReview:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


@dataclass(frozen=True)
class ImportResult:
    assistant: Assistant
    added: tuple[str, ...]  # what was added, one line each
    notes: tuple[str, ...]


class PackImporter:
    def __init__(
        self,
        service: AssistantService,
        library: ModelLibrary,
        paths: Paths,
        *,
        limits: PackLimits | None = None,
        key: MasterKey | None = None,
    ) -> None:
        self.service = service
        self.library = library
        self.paths = paths
        self.limits = limits or PackLimits()
        # On an encrypted profile the pack's document files are kept encrypted (their text is
        # in the encrypted database already; the files stay only as the documents' sources).
        self.key = key

    # ---- review ------------------------------------------------------------------------------

    def review(self, source: Path, *, require_signature: bool = False) -> PackReview:
        """Verify the pack and work out what importing it would do. Raises a PackError."""
        self.paths.data_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".pack-import-", dir=self.paths.data_dir))
        try:
            pack = read_pack(source, staging, limits=self.limits)
            label = pack.source.name
            if require_signature and pack.signature.state != "signed":
                raise PackSignatureError(f"{label} is unsigned, and a signed pack was required")
            review = self._review(pack, label)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        review._staging = staging
        return review

    def _review(self, pack: VerifiedPack, label: str) -> PackReview:
        assistant_members = pack.of_kind("assistant")
        if len(assistant_members) != 1:
            raise PackFormatError(f"{label} holds no {ASSISTANT}")
        try:
            data = json.loads(assistant_members[0].staged.read_text(encoding="utf-8"))
            profile = profile_from_dict(data, where=f"{label}: {ASSISTANT}")
        except (UnicodeDecodeError, ValueError) as exc:
            raise PackFormatError(f"{label}: {ASSISTANT} is not valid ({exc})") from exc
        if profile.model.sha256 != str(pack.manifest["model"]["sha256"]).lower():
            raise PackFormatError(f"{label}: the manifest and {ASSISTANT} name different models")
        notes: list[str] = []
        adapters = self._adapters(pack, profile, label)
        templates = self._templates(pack, profile, label, notes)
        documents = self._documents(pack, label)
        icon = pack.of_kind("icon")
        if icon and not icon[0].staged.read_bytes().startswith(PNG_MAGIC):
            raise PackFormatError(f"{label}: {ICON} is not a PNG image")
        model_members = pack.of_kind("model")
        if (
            bool(model_members) != bool(pack.manifest["model"]["included"])
            or len(model_members) > 1
        ):
            raise PackFormatError(
                f"{label}: the manifest and the pack disagree about the model file"
            )
        model_member = model_members[0] if model_members else None
        in_library = self._library_model(profile)
        missing = None
        base: GgufHeader | None = None
        if model_member is not None:
            if model_member.sha256 != profile.model.sha256:
                raise PackFormatError(f"{label}: the model file in it is not the model it names")
            base = self._model_header(model_member.staged, label, model_member.name)
        elif in_library is not None:
            try:
                base = self.library.inspect(Path(in_library.path))
            except (LibraryError, GgufError) as exc:
                raise PackError(
                    f"{label} needs the model {in_library.name}, whose file cannot be read: {exc}"
                ) from exc
        else:
            missing = MissingModel(
                profile.model.sha256,
                profile.model.name,
                self.service.catalog_entry_for(profile.model.sha256, profile.model.catalog_id),
            )
        if base is not None:
            for adapter in adapters:
                try:
                    check_compatible(adapter.info.header, base)
                except AdapterError as exc:
                    raise PackCompatibilityError(
                        f"{label}: the adapter {adapter.name} does not fit the base model "
                        f"{base.name}: {exc}"
                    ) from exc
        final_name = self.service.free_name(profile.name)
        if final_name != profile.name:
            notes.append(f"an assistant named {profile.name!r} exists; this one is {final_name!r}")
        collection = self._free_collection(final_name) if documents else None
        return PackReview(
            source=pack.source,
            pack=pack,
            profile=profile,
            final_name=final_name,
            signature=pack.signature,
            adapters=tuple(adapters),
            templates=tuple(templates),
            documents=tuple(documents),
            model_included=model_member is not None,
            model_size=model_member.size if model_member else None,
            model_in_library=in_library,
            missing_model=missing,
            collection_name=collection,
            notes=notes,
        )

    def _library_model(self, profile: AssistantProfile) -> ModelRecord | None:
        matches = self.service.models.find_by_sha256(profile.model.sha256)
        if matches:
            return matches[0]
        if profile.model.follows_default:
            return self.service.default_model()
        return None

    @staticmethod
    def _model_header(path: Path, label: str, name: str) -> GgufHeader:
        try:
            header = read_gguf_header(path)
        except (GgufError, OSError) as exc:
            raise PackFormatError(f"{label}: {name} is not a readable model file ({exc})") from exc
        if header.kind != "model" or header.architecture is None:
            raise PackFormatError(f"{label}: {name} is not a model file")
        return header

    def _adapters(
        self, pack: VerifiedPack, profile: AssistantProfile, label: str
    ) -> list[PackAdapter]:
        by_sha = {m.sha256: m for m in pack.of_kind("adapter")}
        wanted = {a.sha256 for a in profile.adapters}
        extra = sorted(set(by_sha) - wanted)
        if extra:
            raise PackFormatError(f"{label}: adapters/{extra[0]}.gguf is not used by the assistant")
        found = []
        for setting in profile.adapters:
            member = by_sha.get(setting.sha256)
            if member is None or member.name != f"adapters/{setting.sha256}.gguf":
                raise PackFormatError(
                    f"{label}: the assistant uses the adapter {setting.name}, which is not in "
                    "the pack"
                )
            try:
                info = inspect_adapter(member.staged)
            except (AdapterError, GgufError, OSError) as exc:
                raise PackFormatError(
                    f"{label}: the adapter {setting.name} is not a usable LoRA adapter: {exc}"
                ) from exc
            in_library = self.service.adapter_for(setting.sha256) is not None
            found.append(
                PackAdapter(
                    setting.name,
                    setting.sha256,
                    setting.scale,
                    member.size,
                    in_library,
                    member,
                    info,
                )
            )
        return found

    def _templates(
        self, pack: VerifiedPack, profile: AssistantProfile, label: str, notes: list[str]
    ) -> list[PackTemplate]:
        library = self.service.templates
        found = []
        packed_ids = set()
        for member in pack.of_kind("template"):
            where = f"{label}: {member.name}"
            try:
                template = parse_template_text(
                    member.staged.read_text(encoding="utf-8"), "json", source=where, origin="user"
                )
            except (UnicodeDecodeError, TemplateError) as exc:
                raise PackFormatError(f"{where} is not a valid template: {exc}") from exc
            if member.name != f"templates/{template.id}.json":
                raise PackFormatError(f"{where} holds the template {template.id!r}, not its own")
            packed_ids.add(template.id)
            existing = library.find(template.id)
            if existing is not None and existing.id == template.id:
                if template_to_dict(existing) == template_to_dict(template):
                    found.append(PackTemplate(template, "same", template.id))
                    continue
                found.append(
                    PackTemplate(template, "rename", _free_template_id(library, template.id))
                )
            else:
                found.append(PackTemplate(template, "add", template.id))
        for template_id in profile.pinned_templates:
            if template_id not in packed_ids and not library.is_builtin(template_id):
                notes.append(f"the pinned template {template_id!r} is not available here; unpinned")
        return found

    @staticmethod
    def _documents(pack: VerifiedPack, label: str) -> list[PackDocument]:
        found = []
        for member in pack.of_kind("knowledge"):
            file_name = member.fields.get("file_name")
            original = member.fields.get("original") == "yes"
            if not isinstance(file_name, str) or not file_name.strip():
                file_name = member.name.rsplit("/", 1)[-1]
            found.append(PackDocument(file_name, member.size, original, member))
        return found

    def _free_collection(self, name: str) -> str:
        taken = {c.name.casefold() for c in self.service.knowledge.collections()}
        candidate, number = name, 2
        while candidate.casefold() in taken:
            candidate = f"{name} ({number})"
            number += 1
        return candidate

    # ---- apply -------------------------------------------------------------------------------

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
        files = []
        for document in review.documents:
            target = _free_path(folder, _plain_name(document.file_name, document.original))
            os.replace(document.member.staged, target)
            files.append(target)
        collection = knowledge.create_collection(review.collection_name)
        undo.append(lambda: knowledge.store.delete_collection(collection.id, with_documents=True))
        report = knowledge.add_files(files, attach_to=Attach.to_collection(collection.name))
        if report.failed:
            failure = report.failed[0]
            raise PackError(
                f"{review.source.name}: the document {failure.path.name} could not be read: "
                f"{failure.error}"
            )
        if self.key is not None:
            from app.security.file_crypto import encrypt_in_place

            for file in files:
                encrypt_in_place(file, self.key)
        added.append(f"{len(files)} document(s) in the collection {collection.name}")
        return collection.name


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


def _free_template_id(library: Any, base: str) -> str:
    candidate, number = f"{base}-imported", 2
    while library.find(candidate) is not None:
        candidate = f"{base}-imported-{number}"
        number += 1
    return candidate
