"""Putting an installed component's folders on sys.path, in the process that needs it.

Only the training worker of a frozen (installed) build does this, before it imports torch: the
component's site folder goes first (its torch, transformers and their dependencies, complete,
win over partial copies PyInstaller collected for the app), its standard-library fallback goes
last (only the modules the frozen app left out are found there).
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.components.store import InstalledComponent, usable_component


def activate_component(data_dir: Path, name: str) -> InstalledComponent | None:
    """Makes the newest usable `name` component importable; None when none is installed."""
    component = usable_component(data_dir, name)
    if component is None:
        return None
    site = [str(component.path.joinpath(*d.split("/"))) for d in component.manifest.site_dirs]
    fallback = [
        str(component.path.joinpath(*d.split("/"))) for d in component.manifest.fallback_dirs
    ]
    sys.path[:0] = [entry for entry in site if entry not in sys.path]
    sys.path.extend(entry for entry in fallback if entry not in sys.path)
    return component
