"""Putting an installed component's folders on sys.path, in the process that needs it.

The training worker of a frozen (installed) build does this before it imports torch, and the
extraction child before it imports the OCR runtime: the component's site folder goes first (its
packages, complete, win over partial copies PyInstaller collected for the app), its
standard-library fallback goes last (only the modules the frozen app left out are found there).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.components.store import InstalledComponent, usable_component


@dataclass(frozen=True)
class ComponentDirs:
    """Where an installed component's modules are: picklable, for a child process to activate."""

    site: tuple[str, ...] = ()  # first on sys.path
    fallback: tuple[str, ...] = ()  # last on sys.path


def component_dirs(data_dir: Path, name: str) -> ComponentDirs | None:
    """The folders of the newest usable `name` component; None when none is installed."""
    component = usable_component(data_dir, name)
    return None if component is None else _dirs(component)


def activate_component(data_dir: Path, name: str) -> InstalledComponent | None:
    """Makes the newest usable `name` component importable; None when none is installed."""
    component = usable_component(data_dir, name)
    if component is None:
        return None
    activate_dirs(_dirs(component))
    return component


def activate_dirs(dirs: ComponentDirs) -> None:
    """Idempotent: a folder already on sys.path stays where it is."""
    _put_first(dirs.site)
    sys.path.extend(entry for entry in dirs.fallback if entry not in sys.path)


def _put_first(entries: Sequence[str]) -> None:
    sys.path[:0] = [entry for entry in entries if entry not in sys.path]


def _dirs(component: InstalledComponent) -> ComponentDirs:
    def resolved(folders: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(str(component.path.joinpath(*d.split("/"))) for d in folders)

    return ComponentDirs(
        site=resolved(component.manifest.site_dirs),
        fallback=resolved(component.manifest.fallback_dirs),
    )
