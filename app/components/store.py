"""Where installed components live: `<data folder>/components/<name>/<version>/`.

Each version folder holds the extracted files and `hearth-component.json` (its manifest). A
folder appears there only whole: the installer extracts into a hidden staging folder beside it
and renames it into place (see `app.components.install`), so a folder without a readable
manifest is not an installed component and is never put on sys.path.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.components.manifest import (
    MANIFEST_NAME,
    ComponentError,
    Manifest,
    Platform,
    current_platform,
    parse_manifest,
    version_key,
)

STAGING_PREFIX = ".staging-"
RETIRED_PREFIX = ".retired-"


@dataclass(frozen=True)
class InstalledComponent:
    manifest: Manifest
    path: Path
    problem: str | None  # why it cannot run in this Hearth (another OS, Hearth version), or None

    @property
    def name(self) -> str:
        return self.manifest.component

    @property
    def version(self) -> str:
        return self.manifest.version

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "variant": self.manifest.variant,
            "os": self.manifest.platform.os,
            "arch": self.manifest.platform.arch,
            "python": self.manifest.platform.python,
            "bytes": self.manifest.total_bytes,
            "files": len(self.manifest.files),
            "path": str(self.path),
            "usable": self.problem is None,
            "problem": self.problem,
        }


def components_root(data_dir: Path) -> Path:
    return data_dir / "components"


def installed_components(
    data_dir: Path, here: Platform | None = None, *, name: str | None = None
) -> list[InstalledComponent]:
    """Every whole installed component version (of `name` only, when given: a manifest lists
    every file, and the training one's is over a megabyte), newest first within each name."""
    here = here or current_platform()
    found: list[InstalledComponent] = []
    root = components_root(data_dir)
    if not root.is_dir():
        return found
    for name_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        if name is not None and name_dir.name != name:
            continue
        for version_dir in name_dir.iterdir():
            if version_dir.name.startswith(".") or not version_dir.is_dir():
                continue
            manifest = read_installed_manifest(version_dir)
            if manifest is None or manifest.component != name_dir.name:
                continue
            problem = manifest.incompatibility(here)
            found.append(InstalledComponent(manifest, version_dir, problem))
    found.sort(key=lambda c: (c.name, [-n for n in version_key(c.version)]))
    return found


def read_installed_manifest(version_dir: Path) -> Manifest | None:
    try:
        return parse_manifest(json.loads((version_dir / MANIFEST_NAME).read_text("utf-8")))
    except (OSError, ValueError, ComponentError):
        return None


def usable_component(data_dir: Path, name: str) -> InstalledComponent | None:
    """The newest installed version of `name` that fits this Hearth, if any."""
    for component in installed_components(data_dir, name=name):
        if component.problem is None:
            return component
    return None


def remove_component(data_dir: Path, name: str) -> list[InstalledComponent]:
    """Removes every installed version of `name` (renamed aside first, so a half-deleted folder
    is never taken for a component); returns what was removed."""
    removed = [c for c in installed_components(data_dir) if c.name == name]
    if not removed:
        raise ComponentError(f"no {name!r} component is installed")
    for component in removed:
        retired = component.path.with_name(f"{RETIRED_PREFIX}{component.path.name}")
        try:
            component.path.rename(retired)
        except OSError as exc:
            raise ComponentError(f"cannot remove {component.path}: {exc}") from exc
        shutil.rmtree(retired, ignore_errors=True)
    return removed


def clear_leftovers(name_dir: Path) -> None:
    """Staging and retired folders an interrupted install or removal left behind."""
    if not name_dir.is_dir():
        return
    for leftover in name_dir.iterdir():
        if leftover.name.startswith((STAGING_PREFIX, RETIRED_PREFIX)):
            shutil.rmtree(leftover, ignore_errors=True)
