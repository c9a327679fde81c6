"""The OCR extra's lock: hash-pinned, satisfying pyproject's `ocr` extra, apart from the main
locks (the installers carry no OCR runtime), and installed by `devenv.py test`."""

from __future__ import annotations

import tomllib
from pathlib import Path

import bundle_config
import check_wheels
import devenv
import lock
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
OCR_LOCK = ROOT / "packaging" / "requirements-ocr.lock"


def ocr_extra() -> list[Requirement]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    return [Requirement(text) for text in project["optional-dependencies"]["ocr"]]


def test_the_ocr_lock_pins_the_extra_with_hashes() -> None:
    text = OCR_LOCK.read_text(encoding="utf-8")
    blocks = check_wheels.requirement_blocks(text)
    pinned = lock.pins(text)
    for requirement in ocr_extra():
        version = pinned[lock.normalise(requirement.name)]
        assert requirement.specifier.contains(version), f"{requirement} vs {version}"
    for name, block in blocks.items():
        assert check_wheels.block_hashes(block), f"{name} has no sha256"


def test_no_main_lock_or_dependency_holds_the_ocr_runtime() -> None:
    ocr_pins = set(lock.pins(OCR_LOCK.read_text(encoding="utf-8")))
    for target in lock.TARGETS:
        main = set(lock.pins(lock.lock_path(target).read_text(encoding="utf-8")))
        assert ocr_pins & main == set(), target.file
    for module in ("rapidocr", "onnxruntime", "cv2"):
        assert module in bundle_config.EXCLUDED_MODULES


def test_devenv_test_installs_the_ocr_lock() -> None:
    assert devenv.OCR_LOCK == OCR_LOCK
    source = (ROOT / "packaging" / "devenv.py").read_text(encoding="utf-8")
    assert "ensure_ocr_extra(python)" in source


def test_the_ocr_component_takes_its_shared_pins_from_the_main_lock() -> None:
    import build_component

    shared = build_component.pinned_blocks(build_component.APP_LOCK, build_component.OCR_SHARED)
    shared_pins = set(lock.pins(shared))
    assert shared_pins == {lock.normalise(name) for name in build_component.OCR_SHARED}
    assert shared_pins.isdisjoint(lock.pins(OCR_LOCK.read_text(encoding="utf-8")))
    assert build_component.OCR_LOCK == OCR_LOCK
