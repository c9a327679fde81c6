"""The curated model catalog: a bad file says what is wrong; the loader keeps the pins honest.

The shipped file itself is checked field by field in test_catalog_file.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.library.catalog import (
    TIERS,
    CatalogError,
    load_catalog,
    size_band,
)

_DROP = object()  # an override that removes the field
COMMIT = "0123456789abcdef0123456789abcdef01234567"


def _entry(**overrides: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": "tiny-model",
        "name": "Tiny Model",
        "repo": "someone/Tiny-GGUF",
        "file": "tiny-Q4_K_M.gguf",
        "revision": COMMIT,
        "quantization": "Q4_K_M",
        "parameters": 500_000_000,
        "size_bytes": 400_000_000,
        "sha256": None,
        "verification": "hub-lfs-sha256",
        "license": "Apache-2.0",
        "commercial_use": "allowed",
        "license_note": "",
        "context_length": 4096,
        "good_for": "tests",
        "released": "2025-06",
        "uses": ["chat"],
        "recommended_for": [],
        "architecture": "llama",
    }
    entry.update(overrides)
    return {k: v for k, v in entry.items() if v is not _DROP}


def _catalog(*models: dict[str, Any], **top: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "schema_version": 2,
        "about": "test catalog",
        "recommendation_method": "by hand",
        "models": list(models),
    }
    payload.update(top)
    return {k: v for k, v in payload.items() if v is not _DROP}


def _write(tmp_path: Path, payload: Any) -> Path:
    path = tmp_path / "catalog.json"
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload), encoding="utf-8")
    return path


def test_a_valid_entry_loads_with_every_field(tmp_path: Path) -> None:
    sha = "ab" * 32
    path = _write(
        tmp_path,
        _catalog(
            _entry(
                sha256=sha,
                verification="sha256",
                commercial_use="restricted",
                license_note="Research only.",
                uses=["chat", "coding"],
                recommended_for=["ram-8", "gpu"],
            )
        ),
    )
    catalog = load_catalog(path)
    (entry,) = catalog
    assert (entry.revision, entry.sha256, entry.verification) == (COMMIT, sha, "sha256")
    assert (entry.commercial_use, entry.license_note) == ("restricted", "Research only.")
    assert (entry.uses, entry.recommended_for) == (("chat", "coding"), ("ram-8", "gpu"))
    assert (entry.released, entry.architecture) == ("2025-06", "llama")
    assert (catalog.about, catalog.recommendation_method) == ("test catalog", "by hand")
    assert catalog.recommended("ram-8") == entry and catalog.recommended("gpu") == entry
    assert catalog.recommended("ram-16") is None


def test_entries_are_found_by_sha256_before_file_name(tmp_path: Path) -> None:
    by_sha = _entry(id="a", file="a.gguf", sha256="cd" * 32, verification="sha256")
    by_file = _entry(id="b", file="b.gguf")
    catalog = load_catalog(_write(tmp_path, _catalog(by_sha, by_file)))
    assert catalog.find(sha256="CD" * 32, file_name="b.gguf").id == "a"  # type: ignore[union-attr]
    assert catalog.find(sha256="ee" * 32, file_name="b.gguf").id == "b"  # type: ignore[union-attr]
    assert catalog.find(sha256="ee" * 32, file_name="c.gguf") is None


def test_an_unknown_tier_is_a_programming_error(tmp_path: Path) -> None:
    catalog = load_catalog(_write(tmp_path, _catalog(_entry())))
    with pytest.raises(ValueError, match="unknown tier 'ram-4'"):
        catalog.recommended("ram-4")
    assert TIERS == ("ram-8", "ram-16", "ram-32", "gpu")


@pytest.mark.parametrize(
    ("parameters", "band"),
    [
        (135_000_000, "tiny"),
        (1_240_000_000, "tiny"),  # "1B" Llama 3.2 has 1.24e9 parameters
        (1_700_000_000, "small"),
        (4_022_468_096, "small"),
        (8_400_000_000, "medium"),
        (12_000_000_000, "large"),
        (14_768_307_200, "large"),
    ],
)
def test_size_bands_follow_nominal_model_sizes(parameters: int, band: str) -> None:
    assert size_band(parameters).key == band


def test_a_model_larger_than_every_band_is_refused() -> None:
    with pytest.raises(ValueError, match="larger than the catalog's largest size band"):
        size_band(70_000_000_000)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("{not json", r"is not valid JSON: .* line 1"),
        ([], "must be a JSON object"),
        ({"models": [_entry()]}, "no integer schema_version"),
        (_catalog(_entry(), schema_version=9), "schema version 9, newer than"),
        (_catalog(_entry(), schema_version=1), "schema version 1; this Hearth reads only"),
        (_catalog(), 'no "models" list'),
        (_catalog(_entry(), about=_DROP), "about must be a non-empty string"),
        (_catalog(_entry(), recommendation_method=" "), "recommendation_method must be"),
        (_catalog(_entry(good_for=_DROP)), r"\(tiny-model\) lacks good_for"),
        (_catalog(_entry(revision=_DROP)), r"lacks revision"),
        (_catalog(_entry(sizebytes=3)), "unknown field.*sizebytes"),
        (_catalog(_entry(id="Tiny Model!")), "id 'Tiny Model!' must be"),
        (_catalog(_entry(repo="no-owner")), "not of the form owner/name"),
        (_catalog(_entry(file="../x.gguf")), "plain file name"),
        (_catalog(_entry(file="x.bin")), "ending in .gguf"),
        (_catalog(_entry(revision="main")), "40-hex-digit commit .* not 'main'"),
        (_catalog(_entry(revision="0123456")), "40-hex-digit commit"),
        (_catalog(_entry(revision=COMMIT.upper())), "40-hex-digit commit"),
        (_catalog(_entry(sha256="ABC", verification="sha256")), "sha256 must be 64 lowercase"),
        (_catalog(_entry(verification="sha256")), 'verification "sha256" needs the sha256'),
        (
            _catalog(_entry(sha256="ab" * 32)),
            'verification "hub-lfs-sha256" is for entries without a sha256',
        ),
        (_catalog(_entry(verification="md5")), 'verification must be one of "sha256"'),
        (_catalog(_entry(commercial_use="maybe")), "commercial_use must be one of"),
        (_catalog(_entry(commercial_use="restricted")), "restricted licence needs a license_note"),
        (_catalog(_entry(license_note=None)), "license_note must be a string"),
        (_catalog(_entry(released="2025-13")), "released must be a month as YYYY-MM"),
        (_catalog(_entry(released="June 2025")), "released must be a month"),
        (_catalog(_entry(uses=[])), "uses must name at least one of chat"),
        (_catalog(_entry(uses=["chat", "poetry"])), "uses has 'poetry'; allowed: chat"),
        (_catalog(_entry(uses="chat")), "uses must be a list of strings"),
        (_catalog(_entry(recommended_for=["ram-4"])), "recommended_for has 'ram-4'"),
        (_catalog(_entry(recommended_for=["gpu", "gpu"])), "recommended_for names an item twice"),
        (_catalog(_entry(architecture="Qwen 3")), "architecture 'Qwen 3' must be llama.cpp's"),
        (_catalog(_entry(size_bytes=-1)), "size_bytes must be a positive"),
        (_catalog(_entry(parameters=True)), "parameters must be"),
        (
            _catalog(_entry(parameters=70_000_000_000)),
            "larger than the catalog's largest size band",
        ),
        (_catalog(_entry(), _entry()), "'tiny-model' is used twice"),
        (
            _catalog(
                _entry(id="a", recommended_for=["ram-8"]),
                _entry(id="b", recommended_for=["ram-16", "ram-8"]),
            ),
            r"\(b\): ram-8 is already recommended by a; each tier has one",
        ),
        (_catalog(_entry(name=" ")), "name must be a non-empty string"),
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
