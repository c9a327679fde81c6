"""Whether this process can read with OCR, after activating the installed OCR component.

The installers carry no OCR runtime (rapidocr, onnxruntime and OpenCV add more than they can
hold): it is the "ocr" component, installed into the data folder. The composition root finds its
folders (`ExtractionLimits.ocr_site_dirs`); the extraction child puts them on sys.path here,
before anything imports rapidocr. A checkout with the `ocr` extra has it in its own environment.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.util import find_spec

from app.knowledge.limits import ExtractionLimits

OCR_MISSING = (
    "Install the OCR component (the hearth-ocr archive made for this Hearth, with "
    "`hearth components install FILE|URL`) to read scanned pages."
)
_RUNTIME_MODULES = ("rapidocr", "onnxruntime", "cv2")


def activate_ocr_component(limits: ExtractionLimits) -> None:
    """Puts the component's folders on sys.path (idempotent). The extraction child does this
    before it imports any reader: the component carries a whole Pillow (rapidocr draws with
    ImageDraw and ImageFont, which the frozen app may have left out), and a Pillow already
    imported from the app would hide it."""
    sys.path[:0] = [entry for entry in limits.ocr_site_dirs if entry not in sys.path]
    sys.path.extend(entry for entry in limits.ocr_fallback_dirs if entry not in sys.path)


def ocr_runtime_available(limits: ExtractionLimits) -> bool:
    """Activates the component (if any) and says whether the OCR runtime can be imported."""
    activate_ocr_component(limits)
    try:
        return all(find_spec(module) is not None for module in _RUNTIME_MODULES)
    except (ImportError, ValueError):  # a damaged package: its spec cannot be read
        return False


def ocr_installed(limits: ExtractionLimits) -> bool:
    """Whether an extraction child given `limits` would find the OCR runtime; activates nothing
    in this process (the window's process never imports the runtime)."""
    if limits.ocr_site_dirs:
        return True
    try:
        return all(find_spec(module) is not None for module in _RUNTIME_MODULES)
    except (ImportError, ValueError):
        return False


def waiting_for_ocr(error: str | None, notes: Sequence[str]) -> bool:
    """A document (or some of its pages) left unread for want of the OCR component."""
    return OCR_MISSING in (error or "") or OCR_MISSING in notes
