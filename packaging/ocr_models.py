#!/usr/bin/env python3
"""Put Hearth's 8-bit OCR recogniser beside RapidOCR's own models.

`python packaging/ocr_models.py` (with the Python whose rapidocr is to get it) or
`install(models_dir)` from the component build. packaging/ocr_models/ holds the model that
packaging/quantize_ocr.py builds and OCR_MODELS_SHA256 its digest, checked before it is copied:
a file that does not match is refused, never installed. Standard library only (devenv runs it
before anything else is installed).
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parent / "ocr_models"
SUMS = SOURCE / "OCR_MODELS_SHA256"
# What the OCR component leaves out of rapidocr/models: the float recogniser the 8-bit one
# replaces (the quantizer reads it from a development environment, never from the component).
REPLACED = ("PP-OCRv6_rec_small.onnx",)


def expected() -> dict[str, str]:
    digests: dict[str, str] = {}
    for line in SUMS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            digests[name.strip()] = digest
    return digests


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def install(models_dir: Path) -> list[str]:
    """Copies each model that is missing or different; returns the names copied."""
    copied: list[str] = []
    for name, digest in expected().items():
        source = SOURCE / name
        if not source.is_file() or _digest(source) != digest:
            raise SystemExit(f"{source} does not match {SUMS.name}; run quantize_ocr.py again")
        target = models_dir / name
        if target.is_file() and _digest(target) == digest:
            continue
        models_dir.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".partial")
        shutil.copyfile(source, partial)
        partial.replace(target)
        copied.append(name)
    # The licence notice of the derived model travels with it (Apache-2.0 asks for it).
    shutil.copyfile(SOURCE / "NOTICE", models_dir / "HEARTH_MODELS_NOTICE")
    return copied


def installed_models_dir() -> Path | None:
    """rapidocr's models folder in this Python, found without importing rapidocr."""
    spec = importlib.util.find_spec("rapidocr")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "models"


def main() -> int:
    folder = installed_models_dir()
    if folder is None:
        print("rapidocr is not installed in this Python; nothing to do", file=sys.stderr)
        return 1
    for name in install(folder):
        print(f"installed {name} into {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
