"""Whether this process can read with OCR, after activating the installed OCR component.

The installers carry no OCR runtime (rapidocr, onnxruntime and OpenCV add more than they can
hold): it is the "ocr" component, installed into the data folder. The composition root finds its
folders (`ExtractionLimits.ocr_site_dirs`); the extraction child puts them on sys.path here,
before anything imports rapidocr. A checkout with the `ocr` extra has it in its own environment.
"""

from __future__ import annotations

import sys
from importlib.util import find_spec

from app.knowledge.limits import ExtractionLimits

OCR_MISSING = (
    "Install the OCR component (the hearth-ocr archive made for this Hearth, with "
    "`hearth components install FILE|URL`) to read scanned pages."
)
_RUNTIME_MODULES = ("rapidocr", "onnxruntime", "cv2")


def ocr_runtime_available(limits: ExtractionLimits) -> bool:
    """Activates the component's folders (once; idempotent) and says whether OCR can load."""
    sys.path[:0] = [entry for entry in limits.ocr_site_dirs if entry not in sys.path]
    sys.path.extend(entry for entry in limits.ocr_fallback_dirs if entry not in sys.path)
    try:
        return all(find_spec(module) is not None for module in _RUNTIME_MODULES)
    except (ImportError, ValueError):  # a damaged package: its spec cannot be read
        return False
