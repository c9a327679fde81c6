"""The built-in starter assistants: data files in resources/assistants, one TOML file each."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from app.assistants.codec import profile_from_dict
from app.assistants.model import AssistantError, AssistantProfile
from app.resources import resource_path


@dataclass(frozen=True)
class BuiltinAssistant:
    key: str  # the file's stem: stable across versions and languages
    profile: AssistantProfile


def builtin_assistants_dir() -> Path:
    return resource_path("assistants")


def load_builtin_assistants(directory: Path | None = None) -> list[BuiltinAssistant]:
    """Every built-in, in file-name order. A broken one is a packaging bug: it raises."""
    folder = directory or builtin_assistants_dir()
    found: list[BuiltinAssistant] = []
    for path in sorted(folder.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise AssistantError(f"built-in assistant {path.name}: {exc}") from exc
        found.append(BuiltinAssistant(path.stem, profile_from_dict(data, where=path.name)))
    return found
