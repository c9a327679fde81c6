"""Read a `.hearth` pack without trusting it: structure, limits, manifest, signature, checksums.

Everything here happens before the library is touched. The shared manifest-zip reader
(app/archive) checks the zip's directory and the manifest's listing before a byte is inflated;
this module adds what only a pack has (member kinds, the model it needs, the signature), then
streams every member into a private staging folder, verified.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from app.archive import (
    ArchiveChecksumError,
    ArchiveFormatError,
    ArchiveKind,
    ArchiveReadError,
    ArchiveSizeError,
    ManifestZip,
    MemberRule,
    UnsafeMemberError,
    open_manifest_zip,
)
from app.assistants.model import AssistantError
from app.assistants.pack_format import (
    FORMAT,
    FORMAT_VERSION,
    KINDS,
    NAME_PATTERNS,
    SIGNATURE,
    MemberKind,
    PackLimits,
    kind_label,
)
from app.assistants.signing import SigningError, verify


class PackError(AssistantError):
    """A pack was refused; the message names the pack and the problem. Nothing was changed."""


class PackPathError(PackError):
    """A member's name would leave the pack's folder (zip-slip) or is not one a pack may hold."""


class PackSizeError(PackError):
    """Too many members, a member or the whole too large, or a compression-ratio bomb."""


class PackFormatError(PackError):
    """Not a pack, a damaged one, or a manifest this Hearth does not read."""


class PackChecksumError(PackError):
    """A member's content does not match the manifest (damaged or altered after packing)."""


class PackSignatureError(PackError):
    """The pack is signed, but the signature does not verify (or is required and missing)."""


SignatureState = Literal["signed", "unsigned", "invalid"]


@dataclass(frozen=True)
class SignatureStatus:
    state: SignatureState
    fingerprint: str | None = None

    def label(self) -> str:
        if self.state == "signed":
            return f"signed by {self.fingerprint}"
        if self.state == "unsigned":
            return "unsigned"
        return "signature does not verify"


@dataclass(frozen=True)
class PackMember:
    name: str
    kind: MemberKind
    size: int
    sha256: str
    staged: Path  # the verified copy in the staging folder
    fields: dict[str, Any]  # the manifest entry as written (file_name, collection, original)


@dataclass(frozen=True)
class VerifiedPack:
    source: Path
    manifest: dict[str, Any]
    members: tuple[PackMember, ...]
    signature: SignatureStatus
    packed_bytes: int
    unpacked_bytes: int

    def of_kind(self, kind: MemberKind) -> list[PackMember]:
        return [m for m in self.members if m.kind == kind]


def _kind_of(name: str) -> MemberKind | None:
    for kind in KINDS:
        if NAME_PATTERNS[kind].fullmatch(name):
            return kind
    return None


def _pack_kind(limits: PackLimits) -> ArchiveKind:
    def rule_for(name: str) -> MemberRule | None:
        if name == SIGNATURE:
            return MemberRule("the signature", limits.max_signature_bytes)
        kind = _kind_of(name)
        if kind is None:
            return None
        return MemberRule(
            kind_label(kind), limits.for_kind(kind), counts_toward_total=kind != "model"
        )

    return ArchiveKind(
        format=FORMAT,
        format_version=FORMAT_VERSION,
        title="a Hearth assistant pack",
        noun="an assistant pack",
        short_noun="a pack",
        folder="the pack's folder",
        version_word="pack format",
        total_scope=" besides the model",
        rule_for=rule_for,
        unlisted_names=frozenset({SIGNATURE}),
    )


# Each refusal of the shared reader, as the pack error a caller of this module expects.
_PACK_ERRORS: dict[type[ArchiveReadError], type[PackError]] = {
    UnsafeMemberError: PackPathError,
    ArchiveSizeError: PackSizeError,
    ArchiveFormatError: PackFormatError,
    ArchiveChecksumError: PackChecksumError,
}


@contextmanager
def _as_pack_errors() -> Iterator[None]:
    try:
        yield
    except ArchiveReadError as exc:
        raise _PACK_ERRORS.get(type(exc), PackError)(str(exc)) from exc


def _check_pack_manifest(
    manifest: dict[str, Any], entries: list[dict[str, Any]], label: str
) -> None:
    """What only a pack's manifest has: the model it needs and each member's kind."""
    model = manifest.get("model")
    if (
        not isinstance(model, dict)
        or not isinstance(model.get("sha256"), str)
        or not isinstance(model.get("name"), str)
        or not isinstance(model.get("included"), bool)
    ):
        raise PackFormatError(f"{label}: the manifest does not say which model the assistant needs")
    for index, entry in enumerate(entries, start=1):
        name, kind = entry["name"], entry.get("kind")
        if kind not in KINDS:
            raise PackFormatError(f"{label}: manifest member #{index} ({name}) has no valid kind")
        if _kind_of(name) != kind:
            raise PackFormatError(
                f"{label}: {name} is listed as {kind_label(kind)}, which it is not"
            )


def read_pack(source: Path, staging: Path, *, limits: PackLimits | None = None) -> VerifiedPack:
    """Check everything about the pack at `source` and stage its members, verified, in
    `staging` (an empty private folder the caller removes). Raises a PackError subclass."""
    limits = limits or PackLimits()
    with (
        _as_pack_errors(),
        open_manifest_zip(source, _pack_kind(limits), limits.read_limits()) as archive,
    ):
        label = archive.label
        entries = archive.entries
        _check_pack_manifest(archive.manifest, entries, label)
        signature = _signature(archive)
        if signature.state == "invalid":
            raise PackSignatureError(
                f"{label}: the signature does not verify. The pack was changed after it was "
                f"signed (the signature claims the key {signature.fingerprint}), or the "
                "signature is forged; it was refused"
            )
        members = []
        for index, entry in enumerate(entries):
            target = staging / f"{index}.member"
            archive.extract(entry, target)
            members.append(
                PackMember(
                    str(entry["name"]),
                    entry["kind"],
                    int(entry["size"]),
                    str(entry["sha256"]),
                    target,
                    dict(entry),
                )
            )
        return VerifiedPack(
            archive.source,
            archive.manifest,
            tuple(members),
            signature,
            archive.packed_bytes,
            sum(m.size for m in members),
        )


def _signature(archive: ManifestZip) -> SignatureStatus:
    raw = archive.read_unlisted(SIGNATURE)
    if raw is None:
        return SignatureStatus("unsigned")
    try:
        block = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise PackFormatError(f"{archive.label}: {SIGNATURE} is not valid JSON ({exc})") from exc
    try:
        check = verify(archive.manifest_bytes, block)
    except SigningError as exc:
        raise PackSignatureError(f"{archive.label}: {exc}") from exc
    if not check.valid:
        return SignatureStatus("invalid", check.fingerprint)
    return SignatureStatus("signed", check.fingerprint)
