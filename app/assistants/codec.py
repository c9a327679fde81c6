"""Assistant profiles as plain dictionaries: the built-in TOML files and the pack's assistant.json.

Reading is strict (unknown keys, wrong types and bad values are refused, each message naming the
source and the key), because both formats come from files a person or another computer wrote.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from app.assistants.model import (
    AdapterSetting,
    AssistantError,
    AssistantProfile,
    ModelRef,
    SamplingDefaults,
    check_profile,
)

PROFILE_SCHEMA: Final = 1
_TOP_KEYS: Final = frozenset(
    {
        "schema",
        "name",
        "icon",
        "description",
        "model",
        "adapters",
        "instructions",
        "sampling",
        "knowledge_collections",
        "pinned_templates",
        "starter_prompts",
    }
)
_MODEL_KEYS: Final = frozenset({"sha256", "name", "catalog_id", "follows_default"})
_ADAPTER_KEYS: Final = frozenset({"sha256", "name", "scale"})


def profile_to_dict(profile: AssistantProfile) -> dict[str, Any]:
    """The profile without its icon image (a pack stores that as its own member)."""
    model: dict[str, Any] = {"sha256": profile.model.sha256, "name": profile.model.name}
    if profile.model.catalog_id:
        model["catalog_id"] = profile.model.catalog_id
    if profile.model.follows_default:
        model["follows_default"] = True
    return {
        "schema": PROFILE_SCHEMA,
        "name": profile.name,
        "icon": profile.icon,
        "description": profile.description,
        "model": model,
        "adapters": [
            {"sha256": a.sha256, "name": a.name, "scale": a.scale} for a in profile.adapters
        ],
        "instructions": profile.instructions,
        "sampling": profile.sampling.as_dict(),
        "knowledge_collections": list(profile.knowledge_collections),
        "pinned_templates": list(profile.pinned_templates),
        "starter_prompts": list(profile.starter_prompts),
    }


def _text(data: Mapping[str, Any], key: str, where: str, *, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise AssistantError(f"{where}: {key} must be text")
    return value


def _texts(data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise AssistantError(f"{where}: {key} must be a list of text")
    return tuple(value)


def _model(raw: Any, where: str) -> ModelRef:
    if not isinstance(raw, Mapping):
        raise AssistantError(f"{where}: model must be a table with sha256 and name")
    unknown = sorted(set(raw) - _MODEL_KEYS)
    if unknown:
        raise AssistantError(f"{where}: model has unknown key(s) {', '.join(unknown)}")
    catalog_id = raw.get("catalog_id")
    if catalog_id is not None and not isinstance(catalog_id, str):
        raise AssistantError(f"{where}: model.catalog_id must be text")
    follows = raw.get("follows_default", False)
    if not isinstance(follows, bool):
        raise AssistantError(f"{where}: model.follows_default must be true or false")
    return ModelRef(
        sha256=_text(raw, "sha256", f"{where}: model"),
        name=_text(raw, "name", f"{where}: model"),
        catalog_id=catalog_id or None,
        follows_default=follows,
    )


def _adapters(raw: Any, where: str) -> tuple[AdapterSetting, ...]:
    if not isinstance(raw, list):
        raise AssistantError(f"{where}: adapters must be a list")
    found: list[AdapterSetting] = []
    for index, item in enumerate(raw, start=1):
        label = f"{where}: adapter #{index}"
        if not isinstance(item, Mapping):
            raise AssistantError(f"{label} must be a table with sha256, name and scale")
        unknown = sorted(set(item) - _ADAPTER_KEYS)
        if unknown:
            raise AssistantError(f"{label} has unknown key(s) {', '.join(unknown)}")
        scale = item.get("scale", 1.0)
        if isinstance(scale, bool) or not isinstance(scale, int | float):
            raise AssistantError(f"{label}: scale must be a number")
        sha256 = _text(item, "sha256", label).lower()
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise AssistantError(f"{label}: sha256 must be 64 hex digits")
        found.append(AdapterSetting(sha256, _text(item, "name", label), float(scale)))
    return tuple(found)


def profile_from_dict(data: Any, *, where: str) -> AssistantProfile:
    """A checked profile from `data`; AssistantError naming `where` and the problem."""
    if not isinstance(data, Mapping):
        raise AssistantError(f"{where}: an assistant must be a table/object")
    schema = data.get("schema", PROFILE_SCHEMA)
    if schema != PROFILE_SCHEMA:
        raise AssistantError(
            f"{where}: assistant schema {schema!r} is not one this Hearth reads ({PROFILE_SCHEMA})"
        )
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise AssistantError(f"{where}: unknown key(s) {', '.join(unknown)}")
    if "model" not in data:
        raise AssistantError(f"{where}: model is missing")
    sampling = data.get("sampling", {})
    if not isinstance(sampling, Mapping):
        raise AssistantError(f"{where}: sampling must be a table")
    profile = AssistantProfile(
        name=_text(data, "name", where),
        icon=_text(data, "icon", where, default=""),
        description=_text(data, "description", where, default=""),
        model=_model(data["model"], where),
        adapters=_adapters(data.get("adapters", []), where),
        instructions=_text(data, "instructions", where, default=""),
        sampling=SamplingDefaults.from_dict(dict(sampling), where=where),
        knowledge_collections=_texts(data, "knowledge_collections", where),
        pinned_templates=_texts(data, "pinned_templates", where),
        starter_prompts=_texts(data, "starter_prompts", where),
    )
    try:
        return check_profile(profile)
    except AssistantError as exc:
        raise AssistantError(f"{where}: {exc}") from None
