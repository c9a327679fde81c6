"""The curated model catalog: the shipped file is sound; a bad file says what is wrong."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.library.catalog import (
    SIZE_BANDS,
    CatalogError,
    default_catalog_path,
    load_catalog,
    size_band,
)
from app.library.starter import STARTER_FILE_NAME, STARTER_SHA256, STARTER_SIZE

_DROP = object()  # an override that removes the field


def _entry(**overrides: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": "tiny-model",
        "name": "Tiny Model",
        "repo": "someone/Tiny-GGUF",
        "file": "tiny-Q4_K_M.gguf",
        "quantization": "Q4_K_M",
        "parameters": 500_000_000,
        "size_bytes": 400_000_000,
        "sha256": None,
        "license": "Apache-2.0",
        "context_length": 4096,
        "good_for": "tests",
    }
    entry.update(overrides)
    return {k: v for k, v in entry.items() if v is not _DROP}


def _write(tmp_path: Path, payload: Any) -> Path:
    path = tmp_path / "catalog.json"
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload), encoding="utf-8")
    return path


def test_the_shipped_catalog_covers_every_size_band_with_unique_ids() -> None:
    catalog = load_catalog()
    assert catalog.path == default_catalog_path()
    assert 10 <= len(catalog) <= 16
    ids = [entry.id for entry in catalog]
    assert len(ids) == len(set(ids))
    assert [band.key for band, _ in catalog.by_band()] == [band.key for band in SIZE_BANDS]
    for band, members in catalog.by_band():
        assert members, band.label
        assert [m.parameters for m in members] == sorted(m.parameters for m in members)
    for entry in catalog:
        assert entry.file.lower().endswith(".gguf")
        assert entry.context_length >= 2048
        assert entry.good_for and len(entry.good_for) < 120


def test_the_shipped_catalog_lists_the_starter_model_with_its_known_digest() -> None:
    starter = load_catalog().get("smollm2-135m-instruct")
    assert starter.file == STARTER_FILE_NAME
    assert starter.sha256 == STARTER_SHA256
    assert starter.size_bytes == STARTER_SIZE
    assert starter.band.key == "tiny"
    assert starter.license == "Apache-2.0"


def test_an_unknown_id_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match=r"no model 'gpt-17'.*smollm2-135m-instruct"):
        load_catalog().get("gpt-17")


@pytest.mark.parametrize(
    ("parameters", "band"),
    [
        (135_000_000, "tiny"),
        (1_240_000_000, "tiny"),  # "1B" Llama 3.2 has 1.24e9 parameters
        (1_540_000_000, "small"),
        (3_820_000_000, "small"),
        (7_620_000_000, "medium"),
        (9_240_000_000, "medium"),
        (12_200_000_000, "large"),
        (14_700_000_000, "large"),
    ],
)
def test_size_bands_follow_nominal_model_sizes(parameters: int, band: str) -> None:
    assert size_band(parameters).key == band


def test_a_model_larger_than_every_band_is_refused() -> None:
    with pytest.raises(ValueError, match="larger than the catalog's largest size band"):
        size_band(70_000_000_000)


def test_a_small_valid_catalog_loads_with_defaults(tmp_path: Path) -> None:
    path = _write(tmp_path, {"schema_version": 1, "models": [_entry()]})
    (entry,) = load_catalog(path)
    assert entry.revision == "main"
    assert entry.sha256 is None
    assert entry.band.key == "tiny"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("{not json", r"is not valid JSON: .* line 1"),
        ([], "must be a JSON object"),
        ({"models": [_entry()]}, "no integer schema_version"),
        ({"schema_version": 9, "models": [_entry()]}, "schema version 9, newer than"),
        ({"schema_version": 1, "models": []}, 'no "models" list'),
        (
            {"schema_version": 1, "models": [_entry(good_for=_DROP)]},
            r"\(tiny-model\) lacks good_for",
        ),
        ({"schema_version": 1, "models": [_entry(sizebytes=3)]}, "unknown field.*sizebytes"),
        ({"schema_version": 1, "models": [_entry(id="Tiny Model!")]}, "id 'Tiny Model!' must be"),
        ({"schema_version": 1, "models": [_entry(repo="no-owner")]}, "not of the form owner/name"),
        ({"schema_version": 1, "models": [_entry(file="../x.gguf")]}, "plain file name"),
        ({"schema_version": 1, "models": [_entry(file="x.bin")]}, "ending in .gguf"),
        ({"schema_version": 1, "models": [_entry(sha256="ABC")]}, "sha256 must be 64 lowercase"),
        ({"schema_version": 1, "models": [_entry(size_bytes=-1)]}, "size_bytes must be a positive"),
        ({"schema_version": 1, "models": [_entry(parameters=True)]}, "parameters must be"),
        (
            {"schema_version": 1, "models": [_entry(parameters=70_000_000_000)]},
            "larger than the catalog's largest size band",
        ),
        ({"schema_version": 1, "models": [_entry(), _entry()]}, "'tiny-model' is used twice"),
        ({"schema_version": 1, "models": [_entry(name=" ")]}, "name must be a non-empty string"),
    ],
)
def test_a_malformed_catalog_names_the_file_and_the_problem(
    tmp_path: Path, payload: Any, message: str
) -> None:
    path = _write(tmp_path, payload)
    with pytest.raises(CatalogError, match=message) as caught:
        load_catalog(path)
    assert str(path) in str(caught.value)


def test_a_missing_catalog_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"
    with pytest.raises(CatalogError, match=f"model catalog not found: {missing}"):
        load_catalog(missing)
