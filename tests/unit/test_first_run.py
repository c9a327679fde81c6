"""When the first-run screen opens at start, and the setting that stops it."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from app.config import Settings, SettingsStore
from app.library.first_run import first_run_due, is_starter, only_starter
from app.library.starter import STARTER_SHA256
from app.storage.records import ModelRecord


def record(model_id: int, sha256: str) -> ModelRecord:
    return ModelRecord(
        id=model_id,
        name=f"model {model_id}",
        path=f"/models/{model_id}.gguf",
        sha256=sha256,
        size_bytes=1000,
        architecture="llama",
        parameter_count=None,
        quantization="Q4_K_M",
        context_length=2048,
        has_chat_template=True,
        license=None,
        added_at=datetime.now(UTC),
    )


STARTER = record(1, STARTER_SHA256)
OTHER = record(2, "ab" * 32)


def test_due_on_a_fresh_profile_and_with_only_the_starter() -> None:
    assert first_run_due(dismissed=False, models=[])
    assert first_run_due(dismissed=False, models=[STARTER])


def test_not_due_once_dismissed_or_with_another_model() -> None:
    assert not first_run_due(dismissed=True, models=[STARTER])
    assert not first_run_due(dismissed=False, models=[STARTER, OTHER])
    assert not first_run_due(dismissed=False, models=[OTHER])


def test_a_starter_that_cannot_be_used_brings_it_back_while_nothing_else_answers() -> None:
    problem = "The bundled starter model is damaged."
    assert first_run_due(dismissed=True, models=[], starter_problem=problem)
    assert first_run_due(dismissed=True, models=[STARTER], starter_problem=problem)
    assert not first_run_due(dismissed=True, models=[OTHER], starter_problem=problem)


def test_the_bundled_starter_is_known_by_its_id_too() -> None:
    # A bundled starter registered by the runtime may be another build of the file.
    bundled = record(7, "cd" * 32)
    assert not is_starter(bundled)
    assert is_starter(bundled, starter_model_id=7)
    assert only_starter([bundled, STARTER], starter_model_id=7)


def test_the_dismissal_is_saved_and_read_back(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    assert store.load().first_run_dismissed is False
    store.save(replace(Settings(), first_run_dismissed=True))
    assert store.load().first_run_dismissed is True
    saved = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    assert saved["first_run_dismissed"] is True


def test_a_hand_edited_dismissal_that_is_not_true_counts_as_not_dismissed(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"first_run_dismissed": "yes"}), encoding="utf-8")
    assert SettingsStore(path).load().first_run_dismissed is False
