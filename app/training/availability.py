"""Whether the optional training extra is installed, found without importing it (torch is slow
to import and the base app must not pay for it)."""

from __future__ import annotations

import importlib.util
from typing import Final

INSTALL_COMMAND: Final = 'pip install "hearth[train]"'
REQUIRED_MODULES: Final = ("torch", "transformers", "peft", "safetensors")


def missing_training_modules() -> tuple[str, ...]:
    """The modules of the extra that cannot be found (empty when training can run)."""
    missing: list[str] = []
    for name in REQUIRED_MODULES:
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(name)
    return tuple(missing)


def training_unavailable_reason() -> str | None:
    """None when training can run; otherwise what is missing and how to install it."""
    missing = missing_training_modules()
    if not missing:
        return None
    return (
        f"Training needs the optional training extra ({', '.join(missing)} not installed). "
        f"Install it with: {INSTALL_COMMAND}"
    )
