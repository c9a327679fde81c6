"""`hearth --self-test`: the checks a frozen build runs, on a real profile and the real model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from app.config import Paths, SettingsStore
from app.core import Core
from app.library.starter import STARTER_FILE_NAME
from app.self_test import (
    SelfTestReport,
    choose_model,
    database_round_trip,
    generation_check,
    publish_report,
    run_core_checks,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def core(hearth_home: Path) -> Core:
    opened = Core.open(Paths.resolve())
    yield opened
    opened.close()


def test_database_round_trip_leaves_no_conversation_behind(core: Core) -> None:
    result = database_round_trip(core)
    assert result.ok, result.detail
    assert result.data["integrity"] == "ok"
    assert core.chats.conversations.list() == []


def test_without_a_model_generation_is_skipped_and_says_how_to_get_one(core: Core) -> None:
    result = generation_check(core, choose_model(core, None))
    assert result.skipped and result.ok
    assert "hearth setup" in result.detail


def test_an_explicit_model_that_does_not_exist_fails_naming_the_path(
    core: Core, tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere.gguf"
    result = generation_check(core, choose_model(core, missing))
    assert not result.ok
    assert str(missing) in result.detail


def test_the_profiles_default_model_is_chosen_before_the_starter_file(
    core: Core, starter_model: Path
) -> None:
    record = core.library.import_model(starter_model)
    core.save_settings(replace(core.settings, default_model_id=record.id))
    (core.paths.models_dir / STARTER_FILE_NAME).write_bytes(b"not a model")
    chosen = choose_model(core, None)
    assert chosen is not None
    assert (chosen.path, chosen.source) == (Path(record.path), "default model")


def test_the_starter_file_in_the_models_folder_is_the_fallback(core: Core) -> None:
    starter = core.paths.models_dir / STARTER_FILE_NAME
    starter.write_bytes(b"GGUF")
    chosen = choose_model(core, None)
    assert chosen is not None and (chosen.path, chosen.source) == (starter, "starter file")


@pytest.mark.model
def test_generation_on_the_starter_model_produces_tokens(core: Core, starter_model: Path) -> None:
    result = generation_check(core, choose_model(core, starter_model))
    assert result.ok, result.detail
    assert result.data["completion_tokens"] > 0
    assert result.data["backend"]


def test_a_broken_model_file_is_a_failed_check_not_a_crash(core: Core, tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF\x03\x00\x00\x00 truncated")
    report = SelfTestReport()
    run_core_checks(core, report, broken)
    generation = report.checks[-1]
    assert not generation.ok and not report.ok
    assert "broken.gguf" in generation.detail


def test_the_report_is_written_as_json_and_summarised(
    core: Core, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = SelfTestReport(environment={"frozen": False})
    run_core_checks(core, report, None)
    out = tmp_path / "nested" / "report.json"
    publish_report(report, out)
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["ok"] is True
    assert [check["name"] for check in written["checks"]] == ["database", "generation"]
    assert "self-test passed" in capsys.readouterr().out


def run_app(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, HEARTH_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


@pytest.mark.model
def test_self_test_flag_opens_the_window_and_passes(tmp_path: Path, starter_model: Path) -> None:
    out = tmp_path / "report.json"
    done = run_app(
        "--self-test",
        "--self-test-out",
        str(out),
        "--self-test-model",
        str(starter_model),
        home=tmp_path / "home",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    checks = {check["name"]: check for check in report["checks"]}
    assert set(checks) == {
        "resources",
        "single instance",
        "window",
        "first-run",
        "database",
        "generation",
    }
    assert all(check["ok"] for check in checks.values())
    assert report["environment"]["cold_start_to_window_s"] > 0
    assert report["environment"]["qt_platform"] == "offscreen"
    assert out.with_suffix(".png").stat().st_size > 1000  # the window's screenshot
    # A fresh profile goes through the first-run screen; its screenshot lies beside the report.
    first_run = checks["first-run"]["data"]
    screenshot = tmp_path / "report-first-run.png"
    assert first_run["screenshot"] == str(screenshot)
    assert report["environment"]["first_run_screenshot"] == str(screenshot)
    assert screenshot.stat().st_size > 1000
    assert first_run["due_at_start"] is True
    # "Not now" closed it: the profile still shows it at the next start.
    settings = SettingsStore(Paths.resolve(tmp_path / "home").settings_file).load()
    assert settings.first_run_dismissed is False


def test_self_test_flag_exits_1_and_reports_a_missing_model(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    missing = tmp_path / "missing.gguf"
    done = run_app(
        "--self-test",
        "--self-test-out",
        str(out),
        "--self-test-model",
        str(missing),
        home=tmp_path / "home",
    )
    assert done.returncode == 1
    assert "self-test FAILED" in done.stdout
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["ok"] is False
    assert any(str(missing) in check["detail"] for check in report["checks"] if not check["ok"])


def test_the_default_report_goes_to_the_profiles_cache(tmp_path: Path) -> None:
    home = tmp_path / "home"
    done = run_app("--self-test", home=home)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads((home / "cache" / "self-test.json").read_text(encoding="utf-8"))
    assert {check["name"]: check["skipped"] for check in report["checks"]}["generation"] is True
