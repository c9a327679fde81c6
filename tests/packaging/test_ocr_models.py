"""Hearth's 8-bit OCR recogniser: committed with its digest, installed only when it matches."""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import pytest

from app.knowledge.ocr import engine

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging"))

import build_component
import ocr_models


def test_the_committed_recogniser_is_the_one_the_engine_loads_and_matches_its_digest() -> None:
    digests = ocr_models.expected()
    assert list(digests) == [engine.RECOGNITION_MODEL]
    committed = ocr_models.SOURCE / engine.RECOGNITION_MODEL
    assert hashlib.sha256(committed.read_bytes()).hexdigest() == digests[engine.RECOGNITION_MODEL]
    # The development environment holds it beside RapidOCR's models (devenv installs it).
    installed = engine.model_dir() / engine.RECOGNITION_MODEL
    assert installed.read_bytes() == committed.read_bytes()
    assert engine.RECOGNITION_MODEL in engine.ENGINE_TAG  # a cached reading names its model


def test_install_copies_once_and_refuses_a_model_that_does_not_match(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "models"
    assert ocr_models.install(target) == [engine.RECOGNITION_MODEL]
    assert ocr_models.install(target) == []  # already there, unchanged

    tampered = tmp_path / "source"
    shutil.copytree(ocr_models.SOURCE, tampered)
    model = tampered / engine.RECOGNITION_MODEL
    model.write_bytes(model.read_bytes()[:-1] + b"\0")
    monkeypatch.setattr(ocr_models, "SOURCE", tampered)
    elsewhere = tmp_path / "elsewhere"
    with pytest.raises(SystemExit, match="does not match OCR_MODELS_SHA256"):
        ocr_models.install(elsewhere)
    assert not elsewhere.exists()


def test_the_ocr_component_carries_the_8_bit_recogniser_instead_of_the_float_one() -> None:
    assert f"rapidocr/models/{engine.FLOAT_RECOGNITION_MODEL}" in build_component.OCR_PRUNED
    assert ocr_models.REPLACED == (engine.FLOAT_RECOGNITION_MODEL,)
    assert engine.QUANTIZED_MODELS.recognition not in ocr_models.REPLACED
    assert engine.QUANTIZED_MODELS.detection not in ocr_models.REPLACED
