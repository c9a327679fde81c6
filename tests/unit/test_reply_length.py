"""The reply limit by model size, and what the settings file says about it."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from app.chats.reply_length import LARGEST_MODELS, UNKNOWN_SIZE, default_max_tokens, reply_limit
from app.chats.sampling import sampling_from_settings
from app.config import Settings, SettingsStore


@pytest.mark.parametrize(
    ("parameters", "limit"),
    [
        (134_515_008, 384),  # the starter model, SmolLM2 135M
        (999_999_999, 384),
        (1_000_000_000, 768),
        (3_800_000_000, 768),  # Phi-4-mini
        (8_000_000_000, 1024),
        (14_000_000_000, LARGEST_MODELS),
        (None, UNKNOWN_SIZE),
        (0, UNKNOWN_SIZE),
    ],
)
def test_the_default_limit_grows_with_the_model(parameters: int | None, limit: int) -> None:
    assert default_max_tokens(parameters) == limit


def test_a_chosen_limit_wins_over_the_default() -> None:
    assert reply_limit(700, 134_515_008) == 700
    assert reply_limit(None, 134_515_008) == 384


def test_sampling_uses_argument_then_settings_then_model_size() -> None:
    automatic = Settings()
    assert automatic.max_tokens is None
    assert sampling_from_settings(automatic, parameter_count=135_000_000).max_tokens == 384
    assert sampling_from_settings(automatic).max_tokens == UNKNOWN_SIZE
    chosen = replace(automatic, max_tokens=900)
    assert sampling_from_settings(chosen, parameter_count=135_000_000).max_tokens == 900
    assert sampling_from_settings(chosen, max_tokens=5).max_tokens == 5


def test_an_older_settings_file_with_the_old_default_becomes_automatic(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"max_tokens": 512, "temperature": 0.3}))
    loaded = SettingsStore(path).load()
    assert loaded.max_tokens is None and loaded.temperature == 0.3
    # Any other value was the user's choice and stays.
    path.write_text(json.dumps({"max_tokens": 700}))
    assert SettingsStore(path).load().max_tokens == 700


def test_a_limit_chosen_now_stays_chosen_even_if_it_is_512(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    store.save(replace(Settings(), max_tokens=512))
    assert store.load().max_tokens == 512
    store.save(Settings())
    assert store.load().max_tokens is None
