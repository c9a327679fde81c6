"""Read a `.hearth` pack without trusting it: structure, limits, manifest, signature, checksums.

Everything here happens before the library is touched. The order matters: the zip's directory
is checked first (member count, names, zip-slip, declared sizes, compression ratios), so a
hostile pack is refused before a byte of it is inflated; then the manifest and its signature;
then every member is streamed into a private staging folder while its sha256 is computed, with
reads capped at the declared size.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Final, Literal

from app.assistants.model import AssistantError
from app.assistants.pack_format import (
    FORMAT,
    FORMAT_VERSION,
    KINDS,
    MANIFEST,
    NAME_PATTERNS,
    SIGNATURE,
    MemberKind,
    PackLimits,
    human_size,
    kind_label,
)
from app.assistants.signing import SigningError, verify

CHUNK: Final = 1 << 20
_SHA256_HEX: Final = frozenset("0123456789abcdef")


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


def _check_name(name: str, label: str) -> None:
    """Refuse names that could land outside a folder if anyone ever extracted them by name."""
    pure = PurePosixPath(name)
    if (
        not name
        or name.startswith(("/", "\\"))
        or "\\" in name
        or ".." in pure.parts
        or (len(name) > 1 and name[1] == ":")
        or "\x00" in name
    ):
        raise PackPathError(
            f"{label}: refused the member {name!r}: its path leaves the pack's folder "
            "(a zip-slip attack or a damaged pack)"
        )


def _kind_of(name: str, label: str) -> MemberKind | None:
    if name in (MANIFEST, SIGNATURE):
        return None
    for kind in KINDS:
        if NAME_PATTERNS[kind].fullmatch(name):
            return kind
    raise PackPathError(f"{label}: {name!r} is not a file an assistant pack may hold")


def _check_directory(
    zf: zipfile.ZipFile, label: str, limits: PackLimits
) -> dict[str, zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise PackSizeError(
            f"{label} holds {len(infos):,} files; a pack may hold at most {limits.max_members:,} "
            "(refused as a possible zip bomb)"
        )
    found: dict[str, zipfile.ZipInfo] = {}
    total_without_model = 0
    for info in infos:
        name = info.filename
        _check_name(name, label)
        if name in found:
            raise PackFormatError(f"{label}: {name!r} appears twice in the zip")
        if info.is_dir():
            raise PackPathError(f"{label}: {name!r} is a folder entry; a pack holds files only")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise PackPathError(f"{label}: {name!r} is a symbolic link; a pack holds files only")
        if info.flag_bits & 0x1:
            raise PackFormatError(f"{label}: {name!r} is encrypted; packs are not")
        kind = _kind_of(name, label)
        limit = (
            limits.max_manifest_bytes
            if name == MANIFEST
            else limits.max_signature_bytes
            if name == SIGNATURE
            else limits.for_kind(kind)  # type: ignore[arg-type]
        )
        what = "the manifest" if kind is None else kind_label(kind)
        if info.file_size > limit:
            raise PackSizeError(
                f"{label}: {name} is {human_size(info.file_size)}, more than the "
                f"{human_size(limit)} allowed for {what}"
            )
        if (
            info.file_size > limits.ratio_floor_bytes
            and info.file_size > limits.max_compression_ratio * max(1, info.compress_size)
        ):
            raise PackSizeError(
                f"{label}: {name} would unpack from {human_size(info.compress_size)} to "
                f"{human_size(info.file_size)}; refused as a zip bomb"
            )
        if kind != "model":
            total_without_model += info.file_size
        found[name] = info
    if total_without_model > limits.max_total_bytes_without_model:
        raise PackSizeError(
            f"{label} would unpack to {human_size(total_without_model)} besides the model; "
            f"the limit is {human_size(limits.max_total_bytes_without_model)}"
        )
    return found


def _json_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> tuple[bytes, Any]:
    raw = _read_capped(zf, info, label)
    try:
        return raw, json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise PackFormatError(f"{label}: {info.filename} is not valid JSON ({exc})") from exc


def _read_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> bytes:
    try:
        with zf.open(info) as handle:
            data = handle.read(info.file_size + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
        raise PackFormatError(f"{label}: {info.filename} is damaged ({exc})") from exc
    if len(data) != info.file_size:
        raise PackFormatError(f"{label}: {info.filename} is not the size the zip says")
    return data


def _manifest_entries(manifest: Any, label: str) -> list[dict[str, Any]]:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackFormatError(
            f"{label} is not a Hearth assistant pack (its manifest says otherwise)"
        )
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise PackFormatError(f"{label}: the manifest has no format_version")
    if version > FORMAT_VERSION:
        raise PackFormatError(
            f"{label} was made by a newer Hearth (pack format {version}); this Hearth reads "
            f"format {FORMAT_VERSION}. Update Hearth to import it"
        )
    if version < 1:
        raise PackFormatError(f"{label}: invalid pack format_version {version}")
    model = manifest.get("model")
    if (
        not isinstance(model, dict)
        or not isinstance(model.get("sha256"), str)
        or not isinstance(model.get("name"), str)
        or not isinstance(model.get("included"), bool)
    ):
        raise PackFormatError(f"{label}: the manifest does not say which model the assistant needs")
    entries = manifest.get("members")
    if not isinstance(entries, list) or not entries:
        raise PackFormatError(f"{label}: the manifest lists no members")
    for index, entry in enumerate(entries, start=1):
        where = f"{label}: manifest member #{index}"
        if not isinstance(entry, dict):
            raise PackFormatError(f"{where} is not an object")
        name, kind, size, sha256 = (entry.get(k) for k in ("name", "kind", "size", "sha256"))
        if not isinstance(name, str) or kind not in KINDS:
            raise PackFormatError(f"{where} has no valid name and kind")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise PackFormatError(f"{where} ({name}) has no valid size")
        if not isinstance(sha256, str) or len(sha256) != 64 or not set(sha256) <= _SHA256_HEX:
            raise PackFormatError(f"{where} ({name}) has no valid sha256")
    return entries


def read_pack(source: Path, staging: Path, *, limits: PackLimits | None = None) -> VerifiedPack:
    """Check everything about the pack at `source` and stage its members, verified, in
    `staging` (an empty private folder the caller removes). Raises a PackError subclass."""
    limits = limits or PackLimits()
    source = Path(source).expanduser()
    label = source.name
    try:
        packed = source.stat().st_size
        zf = zipfile.ZipFile(source)
    except FileNotFoundError:
        raise PackFormatError(f"{source}: file not found") from None
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        raise PackFormatError(
            f"{label} is not an assistant pack (not a readable zip: {exc})"
        ) from exc
    with zf:
        infos = _check_directory(zf, label, limits)
        if MANIFEST not in infos:
            raise PackFormatError(f"{label} is not an assistant pack (it has no {MANIFEST})")
        manifest_bytes, manifest = _json_member(zf, infos[MANIFEST], label)
        entries = _manifest_entries(manifest, label)
        signature = _signature(zf, infos, manifest_bytes, label)
        if signature.state == "invalid":
            raise PackSignatureError(
                f"{label}: the signature does not verify. The pack was changed after it was "
                f"signed (the signature claims the key {signature.fingerprint}), or the "
                "signature is forged; it was refused"
            )
        listed = {str(e["name"]) for e in entries}
        if len(listed) != len(entries):
            raise PackFormatError(f"{label}: the manifest lists a member twice")
        unlisted = sorted(set(infos) - listed - {MANIFEST, SIGNATURE})
        if unlisted:
            raise PackChecksumError(
                f"{label}: {unlisted[0]} is in the pack but not in its manifest (added after "
                "the pack was made?)"
            )
        members = []
        for index, entry in enumerate(entries):
            members.append(_stage(zf, infos, entry, staging / f"{index}.member", label))
    return VerifiedPack(
        source, manifest, tuple(members), signature, packed, sum(m.size for m in members)
    )


def _signature(
    zf: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo], manifest: bytes, label: str
) -> SignatureStatus:
    if SIGNATURE not in infos:
        return SignatureStatus("unsigned")
    _, block = _json_member(zf, infos[SIGNATURE], label)
    try:
        check = verify(manifest, block)
    except SigningError as exc:
        raise PackSignatureError(f"{label}: {exc}") from exc
    if not check.valid:
        return SignatureStatus("invalid", check.fingerprint)
    return SignatureStatus("signed", check.fingerprint)


def _stage(
    zf: zipfile.ZipFile,
    infos: dict[str, zipfile.ZipInfo],
    entry: dict[str, Any],
    target: Path,
    label: str,
) -> PackMember:
    name = str(entry["name"])
    kind: MemberKind = entry["kind"]
    info = infos.get(name)
    if info is None:
        raise PackChecksumError(f"{label}: {name} is listed in the manifest but missing")
    if _kind_of(name, label) != kind:
        raise PackFormatError(f"{label}: {name} is listed as {kind_label(kind)}, which it is not")
    declared = int(entry["size"])
    if info.file_size != declared:
        raise PackChecksumError(
            f"{label}: {name} is {info.file_size:,} bytes, the manifest says {declared:,} "
            "(damaged or altered after packing)"
        )
    try:
        free = shutil.disk_usage(target.parent).free
    except OSError:
        free = declared + 1
    if free < declared + (64 << 20):
        raise PackSizeError(
            f"not enough free disk space to check {label}: {name} needs {human_size(declared)}"
        )
    digest = hashlib.sha256()
    written = 0
    try:
        with zf.open(info) as src, target.open("wb") as dst:
            while block := src.read(CHUNK):
                written += len(block)
                if written > declared:  # a lying header must not fill the disk
                    raise PackSizeError(f"{label}: {name} is larger than it says")
                digest.update(block)
                dst.write(block)
    except (zipfile.BadZipFile, EOFError, ValueError, zlib.error) as exc:
        raise PackChecksumError(f"{label}: {name} is damaged ({exc})") from exc
    except OSError as exc:
        raise PackError(f"could not check {label}: {name}: {exc.strerror or exc}") from exc
    if written != declared or digest.hexdigest() != entry["sha256"]:
        raise PackChecksumError(
            f"{label}: {name} does not match its checksum in the manifest: it was damaged or "
            "altered after the pack was made"
        )
    return PackMember(name, kind, declared, digest.hexdigest(), target, dict(entry))
