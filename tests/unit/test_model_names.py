"""Readable model names: the catalog's name when the model is a catalog entry, else a cleaned
file name; never the GGUF's own general.name."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.library.catalog import load_catalog
from app.library.model_names import (
    builtin_catalog,
    clean_file_name,
    model_display_name,
    readable_model_name,
)
from app.library.starter import STARTER_FILE_NAME, STARTER_SHA256
from app.storage.records import ModelRecord


def record(path: str, sha256: str = "e" * 64, catalog_id: str | None = None) -> ModelRecord:
    return ModelRecord(
        id=1,
        name="Smollm2 135M 8k Lc100K Mix1 Ep2",  # what a GGUF's general.name looks like
        path=path,
        sha256=sha256,
        size_bytes=1,
        architecture="llama",
        parameter_count=None,
        quantization=None,
        context_length=None,
        has_chat_template=True,
        license=None,
        added_at=datetime.now(UTC),
        catalog_id=catalog_id,
    )


@pytest.mark.parametrize(
    ("file_name", "expected"),
    [
        ("Qwen3-4B-Instruct-2507-Q4_K_M.gguf", "Qwen3 4B Instruct 2507 (Q4_K_M)"),
        ("SmolLM2-135M-Instruct.Q4_1.gguf", "SmolLM2 135M Instruct (Q4_1)"),
        ("qwen2.5-0.5b-instruct-q4_k_m.gguf", "Qwen2.5 0.5B Instruct (Q4_K_M)"),
        ("gemma-3-4b-it-qat-Q4_0.gguf", "Gemma 3 4B IT QAT (Q4_0)"),
        ("Meta-Llama-3.1-8B-Instruct-Q4_K_M-2.gguf", "Meta Llama 3.1 8B Instruct (Q4_K_M)"),
        ("Qwen3-30B-A3B-UD-Q4_K_XL.gguf", "Qwen3 30B A3B (UD-Q4_K_XL)"),
        ("Llama-3.2-1B-Instruct-IQ2_XXS.gguf", "Llama 3.2 1B Instruct (IQ2_XXS)"),
        ("Mistral-7B-Instruct-v0.3.f16.gguf", "Mistral 7B Instruct v0.3 (F16)"),
        ("qwen2.5-7b-instruct-q4_k_m-00001-of-00002.gguf", "Qwen2.5 7B Instruct (Q4_K_M)"),
        ("/models/some dir/my_model.gguf", "My Model"),
        ("tiny.gguf", "Tiny"),
        ("Q4_K_M.gguf", "Q4 K M"),  # nothing but a quantization: not left empty
    ],
)
def test_a_file_name_is_cleaned(file_name: str, expected: str) -> None:
    assert clean_file_name(file_name) == expected


def test_the_starter_shows_its_catalog_name() -> None:
    starter = record(f"/anywhere/{STARTER_FILE_NAME}", sha256=STARTER_SHA256)
    assert model_display_name(starter) == "SmolLM2 135M Instruct"
    renamed = record("/anywhere/renamed.gguf", sha256=STARTER_SHA256)
    assert model_display_name(renamed) == "SmolLM2 135M Instruct"  # by sha256, any file name


def test_a_catalog_file_name_is_recognised_without_its_hash() -> None:
    # A file of the catalog's name whose digest is not the pinned one (another upload).
    other = record("/x/Qwen3-4B-Instruct-2507-Q4_K_M.gguf")
    assert model_display_name(other) == "Qwen3 4B Instruct 2507"


def test_the_recorded_catalog_id_wins() -> None:
    downloaded = record("/x/whatever.gguf", catalog_id="gemma-3-12b-it")
    assert model_display_name(downloaded) == "Gemma 3 12B Instruct"


def test_a_model_outside_the_catalog_gets_its_cleaned_file_name() -> None:
    own = record("/x/Business-Writer-7B-Q5_K_M.gguf", catalog_id="not-in-the-catalog")
    assert model_display_name(own) == "Business Writer 7B (Q5_K_M)"


def test_without_a_catalog_names_still_come_from_file_names() -> None:
    assert (
        readable_model_name(STARTER_FILE_NAME, sha256=STARTER_SHA256, catalog=None)
        == "SmolLM2 135M Instruct (Q4_1)"
    )
    catalog = load_catalog()
    assert builtin_catalog() == catalog
    assert (
        readable_model_name(STARTER_FILE_NAME, sha256=STARTER_SHA256, catalog=catalog)
        == "SmolLM2 135M Instruct"
    )
