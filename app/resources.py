"""Where Hearth's data files (icons, style sheets, built-in templates) live, frozen or not."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    """The `resources/` folder: beside `app/` in a checkout, inside the bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)  # set by PyInstaller's bootloader
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """A path under `resources/`, e.g. resource_path("styles", "app.qss"); it may not exist."""
    return resources_root().joinpath(*parts)
