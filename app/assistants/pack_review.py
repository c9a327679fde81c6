"""What importing a verified pack would do, worked out in full before anything changes.

The assistant and its templates are parsed, every adapter is inspected and checked against the
base model (the library's copy, or the one in the pack), and the names it would get here (the
assistant's, a renamed template's, the documents' collection) are chosen. Nothing is written.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.assistants.codec import profile_from_dict
from app.assistants.load_plan import MissingModel
from app.assistants.model import AssistantProfile
from app.assistants.pack_format import ASSISTANT, ICON
from app.assistants.pack_reader import (
    PackError,
    PackFormatError,
    PackMember,
    SignatureStatus,
    VerifiedPack,
)
from app.assistants.pack_tools import ToolsMemberError, review_line, servers_from_tools_json
from app.assistants.service import AssistantService
from app.library.adapters import AdapterError, AdapterInfo, check_compatible, inspect_adapter
from app.library.gguf_errors import GgufError
from app.library.gguf_header import GgufHeader, read_gguf_header
from app.library.model_library import LibraryError, ModelLibrary
from app.storage.records import ModelRecord
from app.templates.codec import template_to_dict
from app.templates.errors import TemplateError
from app.templates.model import Template
from app.templates.template_files import parse_template_text
from app.tools.mcp_config import McpServer

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class PackCompatibilityError(PackError):
    """An adapter in the pack does not fit the base model."""


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
    # MCP servers from tools.json: stored unapproved, shown here so the user sees what they run.
    tool_servers: tuple[McpServer, ...] = ()
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
        lines += [review_line(server) for server in self.tool_servers]
        return lines

    def close(self) -> None:
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None

    def __enter__(self) -> PackReview:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def review_pack(pack: VerifiedPack, service: AssistantService, library: ModelLibrary) -> PackReview:
    """What importing the verified `pack` would do, checked in full; changes nothing."""
    label = pack.source.name
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
    adapters = _adapters(service, pack, profile, label)
    templates = _templates(service, pack, profile, label, notes)
    documents = _documents(pack)
    tools = pack.of_kind("tools")
    try:
        tool_servers = servers_from_tools_json(tools[0].staged.read_bytes()) if tools else ()
    except ToolsMemberError as exc:
        raise PackFormatError(f"{label}: {exc}") from exc
    icon = pack.of_kind("icon")
    if icon and not icon[0].staged.read_bytes().startswith(PNG_MAGIC):
        raise PackFormatError(f"{label}: {ICON} is not a PNG image")
    model_members = pack.of_kind("model")
    if bool(model_members) != bool(pack.manifest["model"]["included"]) or len(model_members) > 1:
        raise PackFormatError(f"{label}: the manifest and the pack disagree about the model file")
    model_member = model_members[0] if model_members else None
    in_library = _library_model(service, profile)
    missing = None
    base: GgufHeader | None = None
    if model_member is not None:
        if model_member.sha256 != profile.model.sha256:
            raise PackFormatError(f"{label}: the model file in it is not the model it names")
        base = _model_header(model_member.staged, label, model_member.name)
    elif in_library is not None:
        try:
            base = library.inspect(Path(in_library.path))
        except (LibraryError, GgufError) as exc:
            raise PackError(
                f"{label} needs the model {in_library.name}, whose file cannot be read: {exc}"
            ) from exc
    else:
        missing = MissingModel(
            profile.model.sha256,
            profile.model.name,
            service.catalog_entry_for(profile.model.sha256, profile.model.catalog_id),
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
    final_name = service.free_name(profile.name)
    if final_name != profile.name:
        notes.append(f"an assistant named {profile.name!r} exists; this one is {final_name!r}")
    collection = _free_collection(service, final_name) if documents else None
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
        tool_servers=tool_servers,
        notes=notes,
    )


def _library_model(service: AssistantService, profile: AssistantProfile) -> ModelRecord | None:
    matches = service.models.find_by_sha256(profile.model.sha256)
    if matches:
        return matches[0]
    if profile.model.follows_default:
        return service.default_model()
    return None


def _model_header(path: Path, label: str, name: str) -> GgufHeader:
    try:
        header = read_gguf_header(path)
    except (GgufError, OSError) as exc:
        raise PackFormatError(f"{label}: {name} is not a readable model file ({exc})") from exc
    if header.kind != "model" or header.architecture is None:
        raise PackFormatError(f"{label}: {name} is not a model file")
    return header


def _adapters(
    service: AssistantService, pack: VerifiedPack, profile: AssistantProfile, label: str
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
                f"{label}: the assistant uses the adapter {setting.name}, which is not in the pack"
            )
        try:
            info = inspect_adapter(member.staged)
        except (AdapterError, GgufError, OSError) as exc:
            raise PackFormatError(
                f"{label}: the adapter {setting.name} is not a usable LoRA adapter: {exc}"
            ) from exc
        in_library = service.adapter_for(setting.sha256) is not None
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
    service: AssistantService,
    pack: VerifiedPack,
    profile: AssistantProfile,
    label: str,
    notes: list[str],
) -> list[PackTemplate]:
    library = service.templates
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
            found.append(PackTemplate(template, "rename", _free_template_id(library, template.id)))
        else:
            found.append(PackTemplate(template, "add", template.id))
    for template_id in profile.pinned_templates:
        if template_id not in packed_ids and not library.is_builtin(template_id):
            notes.append(f"the pinned template {template_id!r} is not available here; unpinned")
    return found


def _documents(pack: VerifiedPack) -> list[PackDocument]:
    found = []
    for member in pack.of_kind("knowledge"):
        file_name = member.fields.get("file_name")
        original = member.fields.get("original") == "yes"
        if not isinstance(file_name, str) or not file_name.strip():
            file_name = member.name.rsplit("/", 1)[-1]
        found.append(PackDocument(file_name, member.size, original, member))
    return found


def _free_collection(service: AssistantService, name: str) -> str:
    taken = {c.name.casefold() for c in service.knowledge.collections()}
    candidate, number = name, 2
    while candidate.casefold() in taken:
        candidate = f"{name} ({number})"
        number += 1
    return candidate


def _free_template_id(library: Any, base: str) -> str:
    candidate, number = f"{base}-imported", 2
    while library.find(candidate) is not None:
        candidate = f"{base}-imported-{number}"
        number += 1
    return candidate
