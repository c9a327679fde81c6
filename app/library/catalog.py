"""The curated model catalog: current open instruct GGUF models that Hearth can download.

The catalog is a data file (`resources/catalog.json`, schema-versioned) so it can be updated
without touching code. Every entry is pinned to a repository commit and, where one could be
established, to the file's sha256; it also says under which licence the model may be used and for
which memory tier it is the recommendation. Loading validates every entry and names the file, the
entry and the field when something is wrong: a hand-edited catalog must never crash the app.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal, TypeVar, cast

from app.resources import resource_path

CATALOG_SCHEMA_VERSION: Final = 2

Verification = Literal["sha256", "hub-lfs-sha256"]
CommercialUse = Literal["allowed", "restricted"]
VERIFICATIONS: Final[tuple[Verification, ...]] = ("sha256", "hub-lfs-sha256")
COMMERCIAL_USES: Final[tuple[CommercialUse, ...]] = ("allowed", "restricted")
USES: Final = ("chat", "documents", "writing", "coding", "multilingual")
TIERS: Final = ("ram-8", "ram-16", "ram-32", "gpu")
_Choice = TypeVar("_Choice", bound=str)

_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,79}")
_REPO = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_COMMIT = re.compile(r"[0-9a-f]{40}")
_RELEASED = re.compile(r"(19|20)\d\d-(0[1-9]|1[0-2])")
_ARCHITECTURE = re.compile(r"[a-z][a-z0-9_.-]{0,39}")
_FIELDS: Final = (
    "id",
    "name",
    "repo",
    "file",
    "revision",
    "quantization",
    "parameters",
    "size_bytes",
    "sha256",
    "verification",
    "license",
    "commercial_use",
    "license_note",
    "context_length",
    "good_for",
    "released",
    "uses",
    "recommended_for",
    "architecture",
)


class CatalogError(ValueError):
    """The catalog file is missing or malformed; `str(error)` names the file and the problem."""


@dataclass(frozen=True)
class SizeBand:
    """A range of parameter counts the catalog groups models by."""

    key: str
    label: str
    max_parameters: int  # inclusive upper bound


# Bounds sit between the usual nominal sizes, so "1B" models (Llama 3.2 1B has 1.24e9
# parameters) stay in the first band and 3.8B models (Phi-3.5 mini) in the second.
SIZE_BANDS: Final = (
    SizeBand("tiny", "Up to 1B parameters", 1_300_000_000),
    SizeBand("small", "1\u20134B parameters", 4_500_000_000),
    SizeBand("medium", "7\u20139B parameters", 10_500_000_000),
    SizeBand("large", "12\u201314B parameters", 16_000_000_000),
)


def size_band(parameters: int) -> SizeBand:
    """The band a model of `parameters` parameters belongs to (ValueError past the last one)."""
    for band in SIZE_BANDS:
        if parameters <= band.max_parameters:
            return band
    raise ValueError(
        f"{parameters:,} parameters is larger than the catalog's largest size band "
        f"({SIZE_BANDS[-1].label})"
    )


@dataclass(frozen=True)
class CatalogEntry:
    """One downloadable model file, pinned to a commit of its repository."""

    id: str
    name: str
    repo: str
    file: str
    revision: str  # the 40-hex commit the file is downloaded from, never a moving branch
    quantization: str
    parameters: int
    size_bytes: int
    sha256: str | None  # None: verified by the hub's LFS sha256 at download time
    verification: Verification
    license: str
    commercial_use: CommercialUse
    license_note: str  # what the licence asks of a business user ("" when nothing notable)
    context_length: int
    good_for: str
    released: str  # "YYYY-MM"
    uses: tuple[str, ...]  # a subset of USES
    recommended_for: tuple[str, ...]  # a subset of TIERS
    architecture: str  # llama.cpp's name for it (GGUF general.architecture)

    @property
    def band(self) -> SizeBand:
        return size_band(self.parameters)


@dataclass(frozen=True)
class Catalog:
    """The validated catalog, in file order."""

    path: Path
    entries: tuple[CatalogEntry, ...]
    about: str = ""
    recommendation_method: str = ""

    def __iter__(self) -> Iterator[CatalogEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entry_id: str) -> CatalogEntry:
        """The entry with this id; `KeyError` with the known ids when there is none."""
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        known = ", ".join(e.id for e in self.entries)
        raise KeyError(f"no model {entry_id!r} in the catalog; known ids: {known}")

    def recommended(self, tier: str) -> CatalogEntry | None:
        """The entry recommended for `tier` (one of TIERS), None when the catalog names none."""
        if tier not in TIERS:
            raise ValueError(f"unknown tier {tier!r}; the tiers are {', '.join(TIERS)}")
        return next((e for e in self.entries if tier in e.recommended_for), None)

    def find(
        self, *, sha256: str | None = None, file_name: str | None = None
    ) -> CatalogEntry | None:
        """The entry whose pinned sha256 is `sha256`, else the one whose file is `file_name`."""
        if sha256:
            digest = sha256.lower()
            for entry in self.entries:
                if entry.sha256 == digest:
                    return entry
        if file_name:
            for entry in self.entries:
                if entry.file == file_name:
                    return entry
        return None

    def by_band(self) -> list[tuple[SizeBand, list[CatalogEntry]]]:
        """Non-empty bands, smallest first, each with its entries smallest first."""
        grouped: list[tuple[SizeBand, list[CatalogEntry]]] = []
        for band in SIZE_BANDS:
            members = sorted(
                (e for e in self.entries if e.band.key == band.key), key=lambda e: e.parameters
            )
            if members:
                grouped.append((band, members))
        return grouped


def default_catalog_path() -> Path:
    return resource_path("catalog.json")


def load_catalog(path: Path | None = None) -> Catalog:
    """Read and validate a catalog file (the built-in one by default); raises `CatalogError`."""
    source = Path(path) if path is not None else default_catalog_path()
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogError(f"model catalog not found: {source}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"cannot read the model catalog {source}: {exc}") from exc
    try:
        raw: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogError(
            f"the model catalog {source} is not valid JSON: {exc.msg} at line {exc.lineno}, "
            f"column {exc.colno}"
        ) from exc
    return parse_catalog(raw, source)


def parse_catalog(raw: Any, source: Path) -> Catalog:
    """Validate already-decoded catalog JSON; `source` is named in every error."""
    if not isinstance(raw, dict):
        raise CatalogError(f"the model catalog {source} must be a JSON object")
    version = raw.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise CatalogError(f"the model catalog {source} has no integer schema_version")
    if version > CATALOG_SCHEMA_VERSION:
        raise CatalogError(
            f"the model catalog {source} uses schema version {version}, newer than this Hearth "
            f"understands ({CATALOG_SCHEMA_VERSION}); update Hearth"
        )
    if version < CATALOG_SCHEMA_VERSION:
        raise CatalogError(
            f"the model catalog {source} uses schema version {version}; this Hearth reads only "
            f"version {CATALOG_SCHEMA_VERSION} (entries pinned to a commit, with licence terms)"
        )
    about = _text(raw, "about", f"the model catalog {source}")
    method = _text(raw, "recommendation_method", f"the model catalog {source}")
    models = raw.get("models")
    if not isinstance(models, list) or not models:
        raise CatalogError(f'the model catalog {source} has no "models" list')
    entries: list[CatalogEntry] = []
    seen: set[str] = set()
    recommended: dict[str, str] = {}
    for index, item in enumerate(models):
        entry = _parse_entry(item, f"{source}: model #{index + 1}")
        if entry.id in seen:
            raise CatalogError(f"{source}: model #{index + 1}: the id {entry.id!r} is used twice")
        seen.add(entry.id)
        for tier in entry.recommended_for:
            if tier in recommended:
                raise CatalogError(
                    f"{source}: model #{index + 1} ({entry.id}): {tier} is already recommended "
                    f"by {recommended[tier]}; each tier has one recommendation"
                )
            recommended[tier] = entry.id
        entries.append(entry)
    return Catalog(path=source, entries=tuple(entries), about=about, recommendation_method=method)


def _parse_entry(item: Any, where: str) -> CatalogEntry:
    if not isinstance(item, Mapping):
        raise CatalogError(f"{where} must be a JSON object")
    if isinstance(item.get("id"), str):
        where = f"{where} ({item['id']})"
    missing = [key for key in _FIELDS if key not in item]
    if missing:
        raise CatalogError(f"{where} lacks {', '.join(missing)}")
    unknown = sorted(set(item) - set(_FIELDS))
    if unknown:
        raise CatalogError(f"{where} has unknown field(s) {', '.join(unknown)} (a typo?)")

    entry_id = _text(item, "id", where)
    if not _ID.fullmatch(entry_id):
        raise CatalogError(
            f"{where}: id {entry_id!r} must be lowercase letters, digits, '.', '_' or '-'"
        )
    repo = _text(item, "repo", where)
    if not _REPO.fullmatch(repo) or ".." in repo:
        raise CatalogError(f"{where}: repo {repo!r} is not of the form owner/name")
    file = _text(item, "file", where)
    if "/" in file or "\\" in file or file.startswith(".") or not file.lower().endswith(".gguf"):
        raise CatalogError(f"{where}: file {file!r} must be a plain file name ending in .gguf")
    revision = item["revision"]
    if not isinstance(revision, str) or not _COMMIT.fullmatch(revision):
        raise CatalogError(
            f"{where}: revision must be the 40-hex-digit commit the file is pinned to, "
            f"not {revision!r}"
        )
    sha256, verification = _verification(item, where)
    parameters = _positive(item, "parameters", where)
    try:
        size_band(parameters)
    except ValueError as exc:
        raise CatalogError(f"{where}: {exc}") from None
    commercial_use = _choice(item, "commercial_use", COMMERCIAL_USES, where)
    license_note = item["license_note"]
    if not isinstance(license_note, str):
        raise CatalogError(f'{where}: license_note must be a string ("" when there is none)')
    if commercial_use == "restricted" and not license_note.strip():
        raise CatalogError(f"{where}: a restricted licence needs a license_note saying how")
    released = _text(item, "released", where)
    if not _RELEASED.fullmatch(released):
        raise CatalogError(f"{where}: released must be a month as YYYY-MM, not {released!r}")
    architecture = _text(item, "architecture", where)
    if not _ARCHITECTURE.fullmatch(architecture):
        raise CatalogError(
            f"{where}: architecture {architecture!r} must be llama.cpp's lowercase name for it"
        )
    uses = _subset(item, "uses", USES, where)
    if not uses:
        raise CatalogError(f"{where}: uses must name at least one of {', '.join(USES)}")
    return CatalogEntry(
        id=entry_id,
        name=_text(item, "name", where),
        repo=repo,
        file=file,
        revision=revision,
        quantization=_text(item, "quantization", where),
        parameters=parameters,
        size_bytes=_positive(item, "size_bytes", where),
        sha256=sha256,
        verification=verification,
        license=_text(item, "license", where),
        commercial_use=commercial_use,
        license_note=license_note.strip(),
        context_length=_positive(item, "context_length", where),
        good_for=_text(item, "good_for", where),
        released=released,
        uses=uses,
        recommended_for=_subset(item, "recommended_for", TIERS, where),
        architecture=architecture,
    )


def _verification(item: Mapping[str, Any], where: str) -> tuple[str | None, Verification]:
    """The pinned sha256 and how a download is checked; the two must agree."""
    sha256 = item["sha256"]
    if sha256 is not None and (not isinstance(sha256, str) or not _SHA256.fullmatch(sha256)):
        raise CatalogError(f"{where}: sha256 must be 64 lowercase hex digits or null")
    verification = _choice(item, "verification", VERIFICATIONS, where)
    if verification == "sha256" and sha256 is None:
        raise CatalogError(f'{where}: verification "sha256" needs the sha256 it is checked against')
    if verification == "hub-lfs-sha256" and sha256 is not None:
        raise CatalogError(
            f'{where}: verification "hub-lfs-sha256" is for entries without a sha256; '
            'with one, use "sha256"'
        )
    return sha256, verification


def _text(item: Mapping[str, Any], key: str, where: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(f"{where}: {key} must be a non-empty string")
    return value.strip()


def _positive(item: Mapping[str, Any], key: str, where: str) -> int:
    value = item[key]
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise CatalogError(f"{where}: {key} must be a positive whole number, not {value!r}")
    return value


def _choice(item: Mapping[str, Any], key: str, choices: tuple[_Choice, ...], where: str) -> _Choice:
    value = item[key]
    if value not in choices:
        quoted = ", ".join(f'"{c}"' for c in choices)
        raise CatalogError(f"{where}: {key} must be one of {quoted}, not {value!r}")
    return cast(_Choice, value)


def _subset(
    item: Mapping[str, Any], key: str, allowed: tuple[str, ...], where: str
) -> tuple[str, ...]:
    value = item[key]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CatalogError(f"{where}: {key} must be a list of strings")
    unknown = [v for v in value if v not in allowed]
    if unknown:
        raise CatalogError(
            f"{where}: {key} has {', '.join(map(repr, unknown))}; allowed: {', '.join(allowed)}"
        )
    if len(set(value)) != len(value):
        raise CatalogError(f"{where}: {key} names an item twice")
    return tuple(value)
