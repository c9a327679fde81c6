"""The curated model catalog: well-known instruct GGUF models that Hearth can download.

The catalog is a data file (`resources/catalog.json`, schema-versioned) so it can be updated
without touching code. Loading validates every entry and names the file, the entry and the field
when something is wrong: a hand-edited catalog must never crash the app.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from app.resources import resource_path

CATALOG_SCHEMA_VERSION: Final = 1
DEFAULT_REVISION: Final = "main"

_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,79}")
_REPO = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_REQUIRED: Final = (
    "id",
    "name",
    "repo",
    "file",
    "quantization",
    "parameters",
    "size_bytes",
    "license",
    "context_length",
    "good_for",
)
_OPTIONAL: Final = ("revision", "sha256", "uses", "recommended_for", "commercial_use")
USES: Final = ("chat", "documents", "writing", "coding", "multilingual")
# The computers an entry is the catalog's pick for: by memory, and with a GPU.
TIERS: Final = ("ram-8", "ram-16", "ram-32", "gpu")
COMMERCIAL_USE: Final = ("allowed", "restricted")


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
    """One downloadable model file."""

    id: str
    name: str
    repo: str
    file: str
    revision: str
    quantization: str
    parameters: int
    size_bytes: int  # exact when sha256 is known, otherwise the approximate download size
    sha256: str | None
    license: str
    context_length: int
    good_for: str
    uses: tuple[str, ...] = ()
    recommended_for: tuple[str, ...] = ()
    commercial_use: str = "allowed"  # "restricted": the licence limits commercial use

    @property
    def band(self) -> SizeBand:
        return size_band(self.parameters)


@dataclass(frozen=True)
class Catalog:
    """The validated catalog, in file order."""

    path: Path
    entries: tuple[CatalogEntry, ...]

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
    if version < 1:
        raise CatalogError(f"the model catalog {source} has an invalid schema_version {version}")
    models = raw.get("models")
    if not isinstance(models, list) or not models:
        raise CatalogError(f'the model catalog {source} has no "models" list')
    entries: list[CatalogEntry] = []
    seen: set[str] = set()
    for index, item in enumerate(models):
        entry = _parse_entry(item, f"{source}: model #{index + 1}")
        if entry.id in seen:
            raise CatalogError(f"{source}: model #{index + 1}: the id {entry.id!r} is used twice")
        seen.add(entry.id)
        entries.append(entry)
    return Catalog(path=source, entries=tuple(entries))


def _parse_entry(item: Any, where: str) -> CatalogEntry:
    if not isinstance(item, Mapping):
        raise CatalogError(f"{where} must be a JSON object")
    if isinstance(item.get("id"), str):
        where = f"{where} ({item['id']})"
    missing = [key for key in _REQUIRED if key not in item]
    if missing:
        raise CatalogError(f"{where} lacks {', '.join(missing)}")
    unknown = sorted(set(item) - set(_REQUIRED) - set(_OPTIONAL))
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
    revision = item.get("revision", DEFAULT_REVISION)
    if not isinstance(revision, str) or not revision.strip() or ".." in revision:
        raise CatalogError(f"{where}: revision must be a branch, tag or commit name")
    sha256 = item.get("sha256")
    if sha256 is not None and (not isinstance(sha256, str) or not _SHA256.fullmatch(sha256)):
        raise CatalogError(f"{where}: sha256 must be 64 lowercase hex digits or null")
    parameters = _positive(item, "parameters", where)
    try:
        size_band(parameters)
    except ValueError as exc:
        raise CatalogError(f"{where}: {exc}") from None
    return CatalogEntry(
        id=entry_id,
        name=_text(item, "name", where),
        repo=repo,
        file=file,
        revision=revision.strip(),
        quantization=_text(item, "quantization", where),
        parameters=parameters,
        size_bytes=_positive(item, "size_bytes", where),
        sha256=sha256,
        license=_text(item, "license", where),
        context_length=_positive(item, "context_length", where),
        good_for=_text(item, "good_for", where),
        uses=_names(item, "uses", USES, where),
        recommended_for=_names(item, "recommended_for", TIERS, where),
        commercial_use=_choice(item, "commercial_use", COMMERCIAL_USE, where),
    )


def _text(item: Mapping[str, Any], key: str, where: str) -> str:
    value = item[key]
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(f"{where}: {key} must be a non-empty string")
    return value.strip()


def _names(
    item: Mapping[str, Any], key: str, allowed: tuple[str, ...], where: str
) -> tuple[str, ...]:
    value = item.get(key, [])
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise CatalogError(f"{where}: {key} must be a list of names")
    unknown = [name for name in value if name not in allowed]
    if unknown:
        raise CatalogError(
            f"{where}: {key} has unknown name(s) {', '.join(unknown)}; known: {', '.join(allowed)}"
        )
    return tuple(value)


def _choice(item: Mapping[str, Any], key: str, allowed: tuple[str, ...], where: str) -> str:
    value = item.get(key, allowed[0])
    if value not in allowed:
        raise CatalogError(f"{where}: {key} must be one of {', '.join(allowed)}, not {value!r}")
    return str(value)


def _positive(item: Mapping[str, Any], key: str, where: str) -> int:
    value = item[key]
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise CatalogError(f"{where}: {key} must be a positive whole number, not {value!r}")
    return value
