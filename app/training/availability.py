"""Whether training can run here, found without importing torch (slow to import; the base app
must not pay for it).

An installed (frozen) build has no Python packages beyond its own: training needs the separately
shipped training component (`app.components`), which the frozen training worker puts on sys.path
(`activate_training_runtime`). A source checkout trains with its own environment's packages.
Neither message ever sends a user to pip.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Final

from app.components import TRAINING
from app.components.manifest import current_platform
from app.components.store import InstalledComponent, installed_components, usable_component
from app.self_command import is_frozen

REQUIRED_MODULES: Final = ("torch", "transformers", "peft", "safetensors")
DEV_SETUP_COMMAND: Final = "python3 packaging/devenv.py test"
INSTALL_HINT: Final = (
    'Install it from Adapter Studio ("Install training component…" or "Download…") or with '
    "`hearth components install FILE|URL`, using the training component archive published "
    "with this version of Hearth"
)


def missing_training_modules() -> tuple[str, ...]:
    """The training packages this Python cannot find (empty when training can run)."""
    missing: list[str] = []
    for name in REQUIRED_MODULES:
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(name)
    return tuple(missing)


def _data_dir(data_dir: Path | None) -> Path:
    if data_dir is not None:
        return data_dir
    from app.config import Paths

    return Paths.resolve().data_dir


def training_component(data_dir: Path | None = None) -> InstalledComponent | None:
    """The installed training component this Hearth would use, if any."""
    return usable_component(_data_dir(data_dir), TRAINING)


def training_unavailable_reason(data_dir: Path | None = None) -> str | None:
    """None when training can run; otherwise what is missing and how to get it."""
    if is_frozen():
        folder = _data_dir(data_dir)
        if usable_component(folder, TRAINING) is not None:
            return None
        unusable = [c for c in installed_components(folder) if c.name == TRAINING]
        why = f" The installed one cannot be used: {unusable[0].problem}." if unusable else ""
        return (
            "Training needs Hearth's training component (torch, transformers, peft; a separate "
            f"download for {current_platform().describe()}).{why} {INSTALL_HINT}."
        )
    missing = missing_training_modules()
    if not missing:
        return None
    return (
        f"Training needs torch, transformers, peft and safetensors ({', '.join(missing)} not "
        f"found in this Python). In a source checkout, set it up with: {DEV_SETUP_COMMAND}"
    )


def activate_training_runtime() -> InstalledComponent | None:
    """In a frozen build, puts the installed training component on sys.path (the training
    worker calls this before importing torch); from source, the environment already has it."""
    if not is_frozen():
        return None
    from app.components.activation import activate_component

    return activate_component(_data_dir(None), TRAINING)
