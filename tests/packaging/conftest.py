"""Packaging tests import the build helpers in packaging/ the way hearth.spec does."""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"
for folder in (PACKAGING, PACKAGING / "linux", PACKAGING / "windows", PACKAGING / "macos"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
