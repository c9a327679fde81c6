"""The shipped resources/catalog.json: every field, every pin, one recommendation per tier, and
only architectures that the bundled llama.cpp can run."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from app.library.catalog import (
    SIZE_BANDS,
    TIERS,
    USES,
    Catalog,
    CatalogEntry,
    default_catalog_path,
    load_catalog,
)
from app.library.starter import STARTER_FILE_NAME, STARTER_SHA256, STARTER_SIZE

AGREED_FIELDS = {
    "id",
    "name",
    "repo",
    "file",
    "revision",
    "quantization",
    "parameters",
    "size_bytes",
    "sha256",
    "verification",
    "license",
    "commercial_use",
    "license_note",
    "context_length",
    "good_for",
    "released",
    "uses",
    "recommended_for",
    "architecture",
}
GB = 1024**3
# What each tier leaves for the model file: a third of the memory on a computer without a GPU
# (the rest is for the system, Hearth and the context), three quarters of a 12 GB GPU.
TIER_FILE_BUDGET = {"ram-8": 8 * GB / 3, "ram-16": 16 * GB / 3, "ram-32": 32 * GB / 3}
GPU_FILE_BUDGET = 12 * GB * 3 / 4
PERMISSIVE = {"Apache-2.0", "MIT"}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def raw() -> dict[str, object]:
    loaded: dict[str, object] = json.loads(default_catalog_path().read_text(encoding="utf-8"))
    return loaded


def llama_cpp_architectures() -> set[str]:
    """The architecture names compiled into the installed llama.cpp library (its LLM_ARCH_NAMES
    table is a run of NUL-terminated strings in the binary)."""
    spec = importlib.util.find_spec("llama_cpp")
    assert spec is not None and spec.origin is not None, "llama-cpp-python is not installed"
    libraries = [
        p
        for p in (Path(spec.origin).parent / "lib").iterdir()
        if re.fullmatch(r"(lib)?llama\.(so|dylib|dll)", p.name)
    ]
    assert libraries, f"no llama library in {Path(spec.origin).parent / 'lib'}"
    data = libraries[0].read_bytes()
    return {s.decode() for s in re.findall(rb"\x00([a-z][a-z0-9_.-]{1,30})(?=\x00)", data)}


def test_every_entry_has_exactly_the_agreed_fields(raw: dict[str, object]) -> None:
    assert raw["schema_version"] == 2
    models = raw["models"]
    assert isinstance(models, list)
    for model in models:
        assert set(model) == AGREED_FIELDS, model.get("id")


def test_every_entry_is_pinned_to_a_commit_and_a_digest(catalog: Catalog) -> None:
    for entry in catalog:
        assert re.fullmatch(r"[0-9a-f]{40}", entry.revision), entry.id
        if entry.sha256 is None:
            assert entry.verification == "hub-lfs-sha256", entry.id
        else:
            assert re.fullmatch(r"[0-9a-f]{64}", entry.sha256), entry.id
            assert entry.verification == "sha256", entry.id
    digests = [e.sha256 for e in catalog if e.sha256]
    assert len(digests) == len(set(digests))
    assert len({(e.repo, e.file) for e in catalog}) == len(catalog)


def test_each_tier_has_exactly_one_recommendation_that_fits_it(catalog: Catalog) -> None:
    for tier in TIERS:
        picks = [e for e in catalog if tier in e.recommended_for]
        assert len(picks) == 1, (tier, [e.id for e in picks])
        (pick,) = picks
        budget = TIER_FILE_BUDGET.get(tier, GPU_FILE_BUDGET)
        assert pick.size_bytes <= budget, (tier, pick.id, pick.size_bytes)
        assert pick.commercial_use == "allowed", pick.id
        assert pick.released >= "2025-01", pick.id
    assert catalog.recommended("ram-8") is not None
    # Bigger tiers recommend bigger models.
    sizes = [catalog.recommended(t).size_bytes for t in TIERS]  # type: ignore[union-attr]
    assert sizes == sorted(sizes)


def test_the_catalog_says_how_the_recommendations_were_chosen(catalog: Catalog) -> None:
    assert len(catalog.recommendation_method) > 40
    for tier in TIERS:
        assert tier in catalog.about
    for entry in (e for e in catalog if e.recommended_for):
        assert entry.name in catalog.about


def test_every_architecture_is_one_the_bundled_llama_cpp_runs(catalog: Catalog) -> None:
    supported = llama_cpp_architectures()
    assert {"llama", "qwen3", "gemma3"} <= supported  # the scan itself works
    for entry in catalog:
        assert entry.architecture in supported, (entry.id, entry.architecture)


def test_current_models_span_the_sizes_from_under_1b_to_about_14b(catalog: Catalog) -> None:
    assert 15 <= len(catalog) <= 30
    assert min(e.parameters for e in catalog) < 1_000_000_000
    assert 13_000_000_000 <= max(e.parameters for e in catalog) <= 16_000_000_000
    assert [band.key for band, _ in catalog.by_band()] == [band.key for band in SIZE_BANDS]
    recent = [e for e in catalog if e.released >= "2025-01"]
    assert len(recent) >= 12
    assert {e.architecture for e in recent} >= {"qwen3", "gemma3", "mistral3", "smollm3"}


def test_licences_say_what_they_ask_of_a_business(catalog: Catalog) -> None:
    for entry in catalog:
        if entry.license not in PERMISSIVE:
            assert len(entry.license_note) > 30, entry.id
        if entry.commercial_use == "restricted":
            assert entry.license_note, entry.id
    llama = [e for e in catalog if e.license.startswith("Llama")]
    assert llama and all("700 million" in e.license_note for e in llama)


def test_texts_are_short_and_uses_known(catalog: Catalog) -> None:
    for entry in catalog:
        assert entry.good_for and len(entry.good_for) < 120, entry.id
        assert entry.context_length >= 2048
        assert set(entry.uses) <= set(USES) and entry.uses
        assert entry.file.lower().endswith(".gguf")
        assert entry.quantization.upper() in entry.file.upper(), entry.id


def test_the_starter_is_listed_with_its_known_digest(catalog: Catalog) -> None:
    starter: CatalogEntry = catalog.get("smollm2-135m-instruct")
    assert (starter.file, starter.sha256, starter.size_bytes) == (
        STARTER_FILE_NAME,
        STARTER_SHA256,
        STARTER_SIZE,
    )
    assert starter.name == "SmolLM2 135M Instruct"
    assert starter.band.key == "tiny"
    assert (starter.license, starter.commercial_use) == ("Apache-2.0", "allowed")


def test_an_unknown_id_names_the_known_ones(catalog: Catalog) -> None:
    with pytest.raises(KeyError, match=r"no model 'gpt-17'.*smollm2-135m-instruct"):
        catalog.get("gpt-17")
