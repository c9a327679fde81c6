"""What an assistant is: a named, reusable setup of model, adapters, instructions and knowledge.

Plain frozen values, shared by the repository, the service, the pack format, the CLI and the UI.
The base model is named by its sha256 (what identifies the file anywhere) and a human name; the
catalog id, when known, says where to get it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any, Final

from app.config import Settings

MAX_NAME_CHARS: Final = 80
MAX_DESCRIPTION_CHARS: Final = 1000
MAX_INSTRUCTIONS_CHARS: Final = 20_000
MAX_STARTER_PROMPTS: Final = 12
MAX_PROMPT_CHARS: Final = 500
MAX_ICON_IMAGE_BYTES: Final = 512 * 1024
MAX_ADAPTERS: Final = 8
MIN_SCALE: Final = 0.0
MAX_SCALE: Final = 2.0
DEFAULT_ICON: Final = "\U0001f916"  # robot face


class AssistantError(ValueError):
    """An assistant is invalid or cannot be found; `str(error)` says which and why."""


@dataclass(frozen=True)
class AdapterSetting:
    """One LoRA adapter the assistant applies, named by sha256, and its scale."""

    sha256: str
    name: str
    scale: float = 1.0


@dataclass(frozen=True)
class SamplingDefaults:
    """The assistant's sampling; None leaves the user's setting in force."""

    temperature: float | None = None
    top_p: float | None = None
    top_k: int | None = None
    min_p: float | None = None
    repeat_penalty: float | None = None
    max_tokens: int | None = None

    def over(self, settings: Settings) -> Settings:
        """`settings` with these defaults put over it (clamped into valid ranges)."""
        changes = {f.name: getattr(self, f.name) for f in fields(self)}
        return replace(settings, **{k: v for k, v in changes.items() if v is not None}).validated()

    def as_dict(self) -> dict[str, float | int]:
        return {
            f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, where: str) -> SamplingDefaults:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise AssistantError(f"{where}: unknown sampling setting(s) {', '.join(unknown)}")
        values: dict[str, Any] = {}
        for key, value in data.items():
            integer = key in ("top_k", "max_tokens")
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise AssistantError(f"{where}: sampling {key} must be a number, not {value!r}")
            if integer and not float(value).is_integer():
                raise AssistantError(f"{where}: sampling {key} must be a whole number")
            values[key] = int(value) if integer else float(value)
        return cls(**values)


@dataclass(frozen=True)
class ModelRef:
    """The base model: its sha256 and name, and where to get it when it is missing."""

    sha256: str
    name: str
    catalog_id: str | None = None
    # Built-ins run on whatever model the user made the default ("the starter model until the
    # user picks a bigger one"); an assistant the user sets up names its model exactly.
    follows_default: bool = False


@dataclass(frozen=True)
class AssistantProfile:
    """Everything the user edits; an Assistant is a stored profile."""

    name: str
    model: ModelRef
    icon: str = DEFAULT_ICON  # an emoji (or short text) shown when there is no image
    icon_image: bytes | None = None  # a small PNG chosen by the user
    description: str = ""
    adapters: tuple[AdapterSetting, ...] = ()
    instructions: str = ""  # the chat's system prompt
    sampling: SamplingDefaults = field(default_factory=SamplingDefaults)
    knowledge_collections: tuple[str, ...] = ()  # collection names
    pinned_templates: tuple[str, ...] = ()  # template ids
    starter_prompts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assistant:
    id: int
    profile: AssistantProfile
    builtin_key: str | None  # the resources/assistants file it came from, None: the user's
    created_at: datetime
    updated_at: datetime

    @property
    def name(self) -> str:
        return self.profile.name

    @property
    def builtin(self) -> bool:
        return self.builtin_key is not None


def normalized_name(name: str) -> str:
    return " ".join(name.split())


def check_profile(profile: AssistantProfile) -> AssistantProfile:
    """The profile with whitespace tidied; AssistantError naming the first problem found."""
    name = normalized_name(profile.name)
    if not name:
        raise AssistantError("An assistant needs a name.")
    if len(name) > MAX_NAME_CHARS:
        raise AssistantError(f"The name is longer than {MAX_NAME_CHARS} characters.")
    if len(profile.description) > MAX_DESCRIPTION_CHARS:
        raise AssistantError(f"The description is longer than {MAX_DESCRIPTION_CHARS} characters.")
    if len(profile.instructions) > MAX_INSTRUCTIONS_CHARS:
        raise AssistantError(
            f"The instructions are longer than {MAX_INSTRUCTIONS_CHARS:,} characters."
        )
    if len(profile.icon) > 16:
        raise AssistantError("The icon must be an emoji or a few characters.")
    if profile.icon_image is not None and len(profile.icon_image) > MAX_ICON_IMAGE_BYTES:
        raise AssistantError(f"The icon image is larger than {MAX_ICON_IMAGE_BYTES // 1024} KiB.")
    if len(profile.model.sha256) != 64 or any(
        c not in "0123456789abcdef" for c in profile.model.sha256.lower()
    ):
        raise AssistantError(f"{name}: the model's sha256 must be 64 hex digits.")
    if len(profile.adapters) > MAX_ADAPTERS:
        raise AssistantError(f"{name}: at most {MAX_ADAPTERS} adapters.")
    seen: set[str] = set()
    for adapter in profile.adapters:
        if not MIN_SCALE <= adapter.scale <= MAX_SCALE:
            raise AssistantError(
                f"{name}: adapter {adapter.name} has scale {adapter.scale:g}; it must be "
                f"between {MIN_SCALE:g} and {MAX_SCALE:g}."
            )
        if adapter.sha256 in seen:
            raise AssistantError(f"{name}: adapter {adapter.name} is listed twice.")
        seen.add(adapter.sha256)
    prompts = tuple(p.strip() for p in profile.starter_prompts if p.strip())
    if len(prompts) > MAX_STARTER_PROMPTS:
        raise AssistantError(f"{name}: at most {MAX_STARTER_PROMPTS} starter prompts.")
    if any(len(p) > MAX_PROMPT_CHARS for p in prompts):
        raise AssistantError(f"{name}: a starter prompt is longer than {MAX_PROMPT_CHARS}.")
    return replace(
        profile,
        name=name,
        icon=profile.icon.strip() or DEFAULT_ICON,
        model=replace(profile.model, sha256=profile.model.sha256.lower()),
        adapters=tuple(replace(a, sha256=a.sha256.lower()) for a in profile.adapters),
        knowledge_collections=tuple(
            dict.fromkeys(normalized_name(c) for c in profile.knowledge_collections if c.strip())
        ),
        pinned_templates=tuple(
            dict.fromkeys(t.strip() for t in profile.pinned_templates if t.strip())
        ),
        starter_prompts=prompts,
    )
