from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from app.config import Paths, Settings, SettingsStore


def test_round_trip(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    changed = replace(Settings(), temperature=0.3, seed=77, gpu_layers=12, theme="dark")
    store.save(changed)
    assert store.load() == changed


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"n_ctx": "lots"}', ""])
def test_a_corrupt_file_gives_defaults_not_a_crash(tmp_path: Path, content: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content)
    assert SettingsStore(path).load() == Settings()


def test_out_of_range_values_are_clamped(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "n_ctx": 5,
                "temperature": 99,
                "top_p": -1,
                "gpu_layers": "lots",
                "theme": "neon",
                "max_tokens": 0,
                "unknown": 1,
            }
        )
    )
    loaded = SettingsStore(path).load()
    assert (loaded.n_ctx, loaded.temperature, loaded.top_p) == (256, 5.0, 0.0)
    assert (loaded.gpu_layers, loaded.theme, loaded.max_tokens) == ("auto", "system", 1)


def test_hearth_home_replaces_every_location(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEARTH_HOME", str(tmp_path))
    paths = Paths.resolve()
    for location in (paths.data_dir, paths.config_dir, paths.cache_dir, paths.database):
        assert tmp_path in location.parents


def test_training_component_url_is_empty_by_default_and_kept_when_set(tmp_path: Path) -> None:
    """No address is built in (privacy, and no fixed release address); a set one survives, a
    hand-edited non-string becomes empty instead of breaking the Studio."""
    store = SettingsStore(tmp_path / "settings.json")
    assert store.load().training_component_url == ""
    store.save(Settings(training_component_url=" https://example.org/hearth-training.zip "))
    assert store.load().training_component_url == "https://example.org/hearth-training.zip"
    (tmp_path / "settings.json").write_text(json.dumps({"training_component_url": 42}))
    assert store.load().training_component_url == ""


@pytest.mark.parametrize(("written", "used"), [(0, 1), (3, 3), (99, 16)])
def test_parallel_replies_reach_the_load_options_within_range(
    tmp_path: Path, written: int, used: int
) -> None:
    from app.chats.sampling import load_options_from_settings

    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"parallel_replies": written}))
    assert load_options_from_settings(SettingsStore(path).load()).n_parallel == used
    assert Settings().parallel_replies == 4
