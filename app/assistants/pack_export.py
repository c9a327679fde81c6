"""Write an assistant as a `.hearth` pack (see pack_format.py), optionally signed.

Adapter copies may be encrypted at rest; they are read through `decrypted_copy`, so a pack
always holds the plain adapter (whose sha256 names it). The pack is written to a temporary file
beside the target and renamed into place: a cancelled or failed export leaves nothing.
"""

from __future__ import annotations

import io
import json
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from app import __version__
from app.archive import ArchiveWriteError, ZipMember, human_size, write_manifest_zip
from app.assistants.codec import profile_to_dict
from app.assistants.model import Assistant, AssistantError, AssistantProfile, ModelRef
from app.assistants.pack_format import (
    ASSISTANT,
    FORMAT,
    FORMAT_VERSION,
    ICON,
    LARGE_PACK_BYTES,
    SIGNATURE,
    MemberKind,
)
from app.assistants.pack_tools import TOOLS, left_out_values_note, tools_json
from app.assistants.service import AssistantService
from app.assistants.signing import (
    SigningError,
    load_private_key,
    public_fingerprint_of,
    sign,
    throwaway_key,
)
from app.file_names import shown_file_name
from app.templates.template_files import template_text

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from app.security.keys import MasterKey
    from app.tools.mcp_repository import McpServerRepository

# Packs whose files add up to no more than this are built in a temporary folder to measure them.
MEASURE_UP_TO_BYTES = 8 << 20
# Above it, the manifest and zip headers are estimated: a few KiB, and some bytes per file.
PACK_ALLOWANCE_BYTES = 4096
MEMBER_ALLOWANCE_BYTES = 512

Progress = Callable[[int, int], None]


class PackExportError(AssistantError):
    """The pack could not be written; nothing was left behind."""


@dataclass(frozen=True)
class _Member:
    name: str
    kind: MemberKind
    size: int
    # Either a file on disk (read through `open_source`) or bytes in memory.
    path: Path | None = None
    data: bytes | None = None
    expected_sha256: str | None = None  # refuse to pack a file that changed since import
    extra: tuple[tuple[str, str], ...] = ()  # more manifest fields (a document's origin)
    stored: bool = False  # GGUF files barely compress: store them, it is much faster


@dataclass(frozen=True)
class SizeEstimate:
    total_bytes: int
    model_bytes: int
    knowledge_bytes: int
    adapter_bytes: int
    warning: str | None  # set when the pack would be large (say so before writing it)
    # True: the pack was built in a temporary folder and measured (a small pack, where the zip's
    # headers and manifest are much of its size); False: its files' sizes plus an allowance.
    measured: bool = False


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    members: int
    bytes_written: int
    signed_by: str | None  # the key's fingerprint
    notes: tuple[str, ...]  # what was left out and why


class PackExporter:
    def __init__(
        self,
        service: AssistantService,
        *,
        key: MasterKey | None = None,
        tool_servers: McpServerRepository | None = None,
    ) -> None:
        self.service = service
        self.key = key  # the profile's key: adapter copies may be encrypted with it
        self.tool_servers = tool_servers  # the assistant's own MCP servers go in tools.json

    # ---- planning ----------------------------------------------------------------------------

    def _members(
        self,
        assistant: Assistant,
        *,
        include_knowledge: bool,
        include_model: bool,
        include_env_values: bool = False,
    ) -> tuple[list[_Member], AssistantProfile, list[str]]:
        plan = self.service.plan(assistant)
        profile = assistant.profile
        notes: list[str] = []
        members: list[_Member] = []
        for record, _scale in plan.adapters:
            members.append(
                _Member(
                    f"adapters/{record.sha256}.gguf",
                    "adapter",
                    record.size_bytes,
                    path=Path(record.path),
                    expected_sha256=record.sha256,
                    stored=True,
                )
            )
        if plan.missing_adapters:
            names = ", ".join(a.name for a in plan.missing_adapters)
            raise PackExportError(
                f"cannot export {assistant.name}: its adapter(s) {names} are not in the library"
            )
        model = plan.model
        if model is not None and profile.model.follows_default:
            # The pack names the model this assistant really runs on here.
            entry = self.service.catalog_entry_for(model.sha256, None)
            profile = replace(
                profile,
                model=ModelRef(model.sha256, model.name, entry.id if entry else None, True),
            )
        if include_model:
            if model is None or plan.missing_model is not None:
                why = plan.missing_model.message() if plan.missing_model else "it is missing"
                raise PackExportError(f"cannot include the model: {why}")
            members.append(
                _Member(
                    f"model/{Path(model.path).name}",
                    "model",
                    model.size_bytes,
                    path=Path(model.path),
                    expected_sha256=model.sha256,
                    stored=True,
                )
            )
        for template_id in profile.pinned_templates:
            template = self.service.templates.find(template_id)
            if template is None:
                notes.append(f"the pinned template {template_id!r} no longer exists; left out")
            elif not self.service.templates.is_builtin(template.id):
                data = template_text(template, "json").encode("utf-8")
                members.append(
                    _Member(f"templates/{template.id}.json", "template", len(data), data=data)
                )
        if include_knowledge:
            members += self._knowledge(profile.knowledge_collections, notes)
        elif profile.knowledge_collections:
            notes.append("knowledge documents were not included (the importer gets none)")
        if profile.icon_image:
            members.append(_Member(ICON, "icon", len(profile.icon_image), data=profile.icon_image))
        servers = self.tool_servers.of_assistant(assistant.id) if self.tool_servers else []
        if servers:
            # Environment values are often secrets: they go only when asked for.
            tools = tools_json(servers, env_values=include_env_values)
            members.append(_Member(TOOLS, "tools", len(tools), data=tools))
            note = None if include_env_values else left_out_values_note(servers)
            if note:
                notes.append(note)
        data = json.dumps(profile_to_dict(profile), ensure_ascii=False, indent=2).encode("utf-8")
        members.insert(0, _Member(ASSISTANT, "assistant", len(data), data=data))
        return members, profile, notes

    def _knowledge(self, collections: tuple[str, ...], notes: list[str]) -> list[_Member]:
        found: list[_Member] = []
        seen: set[int] = set()
        knowledge = self.service.knowledge
        for collection in collections:
            for document in knowledge.documents(collection=collection):
                if document.id in seen or document.status != "indexed":
                    continue
                seen.add(document.id)
                folder = f"knowledge/{len(found) + 1}"
                original = Path(document.path)
                extra = (("collection", collection), ("file_name", document.file_name))
                if original.is_file() and original.stat().st_size == document.size_bytes:
                    found.append(
                        _Member(
                            f"{folder}/{_safe_file_name(document.file_name)}",
                            "knowledge",
                            document.size_bytes,
                            path=original,
                            expected_sha256=document.sha256,
                            extra=(*extra, ("original", "yes")),
                        )
                    )
                    continue
                # The user's file moved or changed: what Hearth extracted from it still travels.
                text = knowledge.text_of(document.id).encode("utf-8")
                name = shown_file_name(document.file_name)
                notes.append(f"{name}: the original file is gone; its text is packed")
                found.append(
                    _Member(
                        f"{folder}/{_safe_file_name(Path(document.file_name).stem)}.txt",
                        "knowledge",
                        len(text),
                        data=text,
                        extra=(*extra, ("original", "no")),
                    )
                )
        return found

    def estimate(
        self,
        assistant: Assistant,
        *,
        include_knowledge: bool,
        include_model: bool,
        include_env_values: bool = False,
        signed: bool = False,
    ) -> SizeEstimate:
        """How big the pack will be, and a warning when that is large (before writing it).

        A small pack is built in a temporary folder and measured: its zip headers, manifest and
        signature are most of its size, so adding up its files would say half of it. A large
        one is its files plus an allowance for those (compression is not guessed)."""
        members, _, _ = self._members(
            assistant,
            include_knowledge=include_knowledge,
            include_model=include_model,
            include_env_values=include_env_values,
        )
        by_kind: dict[str, int] = {}
        for member in members:
            by_kind[member.kind] = by_kind.get(member.kind, 0) + member.size
        total = sum(by_kind.values())
        measured = total <= MEASURE_UP_TO_BYTES
        if measured:
            total = self._measured_size(
                assistant,
                include_knowledge=include_knowledge,
                include_model=include_model,
                include_env_values=include_env_values,
                signed=signed,
            )
        else:
            total += PACK_ALLOWANCE_BYTES + MEMBER_ALLOWANCE_BYTES * len(members)
        warning = None
        if total >= LARGE_PACK_BYTES:
            warning = (
                f"The pack will be about {human_size(total)}"
                + (" (mostly the model file)" if by_kind.get("model", 0) > total / 2 else "")
                + ". Sharing it takes time and disk space; leave the model out if the other "
                "person can get it from the catalog."
            )
        return SizeEstimate(
            total,
            by_kind.get("model", 0),
            by_kind.get("knowledge", 0),
            by_kind.get("adapter", 0),
            warning,
            measured,
        )

    def _measured_size(
        self,
        assistant: Assistant,
        *,
        include_knowledge: bool,
        include_model: bool,
        include_env_values: bool,
        signed: bool,
    ) -> int:
        with tempfile.TemporaryDirectory(prefix="hearth-pack-size-") as folder:
            return self._write(
                assistant,
                Path(folder) / "measure.hearth",
                include_knowledge=include_knowledge,
                include_model=include_model,
                include_env_values=include_env_values,
                signing_key=throwaway_key() if signed else None,
            ).bytes_written

    # ---- writing -----------------------------------------------------------------------------

    def export(
        self,
        assistant: Assistant,
        out: Path,
        *,
        include_knowledge: bool = False,
        include_model: bool = False,
        include_env_values: bool = False,
        signing_key_file: Path | None = None,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> ExportSummary:
        signing_key = None
        if signing_key_file is not None:
            try:
                signing_key = load_private_key(signing_key_file)
            except SigningError as exc:
                raise PackExportError(str(exc)) from exc
        return self._write(
            assistant,
            out,
            include_knowledge=include_knowledge,
            include_model=include_model,
            include_env_values=include_env_values,
            signing_key=signing_key,
            progress=progress,
            cancel=cancel,
        )

    def _write(
        self,
        assistant: Assistant,
        out: Path,
        *,
        include_knowledge: bool,
        include_model: bool,
        include_env_values: bool,
        signing_key: Ed25519PrivateKey | None,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> ExportSummary:
        out = Path(out).expanduser()
        members, profile, notes = self._members(
            assistant,
            include_knowledge=include_knowledge,
            include_model=include_model,
            include_env_values=include_env_values,
        )

        def manifest(entries: list[dict[str, Any]]) -> bytes:
            return self._manifest(assistant, profile, entries, include_model)

        def signature(manifest_bytes: bytes) -> dict[str, bytes]:
            if signing_key is None:
                return {}
            return {SIGNATURE: json.dumps(sign(manifest_bytes, signing_key), indent=2).encode()}

        try:
            written = write_manifest_zip(
                out,
                [self._zip_member(m) for m in members],
                manifest,
                covering=signature,
                progress=progress,
                cancel=cancel,
            )
        except ArchiveWriteError as exc:
            raise PackExportError(str(exc)) from exc
        return ExportSummary(
            out,
            len(written.entries),
            out.stat().st_size,
            public_fingerprint_of(signing_key) if signing_key is not None else None,
            tuple(notes),
        )

    def _zip_member(self, member: _Member) -> ZipMember:
        fields: dict[str, Any] = {"kind": member.kind, **dict(member.extra)}
        return ZipMember(
            member.name,
            member.size,
            lambda: self._source(member),
            fields=fields,
            stored=member.stored,
            expected_sha256=member.expected_sha256,
            origin=str(member.path or member.name),
        )

    @contextmanager
    def _source(self, member: _Member) -> Iterator[IO[bytes]]:
        if member.data is not None:
            yield io.BytesIO(member.data)
            return
        assert member.path is not None
        with ExitStack() as stack:
            path = member.path
            if member.kind == "adapter":
                from app.security.file_crypto import FileCryptoError, decrypted_copy

                try:
                    path = stack.enter_context(decrypted_copy(path, self.key))
                except FileCryptoError as exc:
                    raise PackExportError(str(exc)) from exc
            try:
                handle = stack.enter_context(path.open("rb"))
            except OSError as exc:
                raise PackExportError(f"cannot read {path}: {exc.strerror or exc}") from exc
            yield handle

    @staticmethod
    def _manifest(
        assistant: Assistant,
        profile: AssistantProfile,
        entries: list[dict[str, Any]],
        include_model: bool,
    ) -> bytes:
        model_member = next((e for e in entries if e["kind"] == "model"), None)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "hearth_version": __version__,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "assistant": {"name": assistant.name, "description": profile.description},
            "model": {
                "sha256": profile.model.sha256,
                "name": profile.model.name,
                "catalog_id": profile.model.catalog_id,
                "included": include_model,
                "size": model_member["size"] if model_member else None,
            },
            "members": entries,
        }
        return json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def _safe_file_name(name: str) -> str:
    """A plain file name for a pack member: no folders, no control or reserved characters."""
    cleaned = "".join("_" if c in '/\\:*?"<>|' or ord(c) < 32 else c for c in name).strip(". ")
    return cleaned[:200] or "document"
