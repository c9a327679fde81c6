"""What release.yml promises, read from the workflow itself, and its signing policy script run
with each combination a release job can meet."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import bundle_config as config
import pytest
import yaml  # type: ignore[import-untyped]

WORKFLOW_FILE = config.ROOT / ".github" / "workflows" / "release.yml"
WORKFLOW: dict[str, Any] = yaml.safe_load(WORKFLOW_FILE.read_text(encoding="utf-8"))
JOB: dict[str, Any] = WORKFLOW["jobs"]["build"]
MATRIX = {row["os"]: row for row in JOB["strategy"]["matrix"]["include"]}


def step(name_start: str) -> dict[str, Any]:
    found = [s for s in JOB["steps"] if s.get("name", "").startswith(name_start)]
    assert len(found) == 1, f"one step named {name_start!r}..."
    chosen: dict[str, Any] = found[0]
    return chosen


def test_pythonutf8_does_not_reach_the_frozen_app() -> None:
    """The self-tests must run in the environment a user has, not the workflow's."""
    assert "PYTHONUTF8" not in WORKFLOW.get("env", {})
    assert "PYTHONUTF8" not in JOB.get("env", {})
    for test in ("Frozen self-test", "Metal smoke test", "Install, self-test", "Mount and"):
        for found in (s for s in JOB["steps"] if s.get("name", "").startswith(test)):
            assert "PYTHONUTF8" not in found.get("env", {}) and "PYTHONUTF8" not in found["run"]


def test_an_intel_mac_build_with_avx2_and_no_metal() -> None:
    intel = MATRIX["macos-15-intel"]["cmake_args"]
    assert (
        "-DGGML_AVX2=ON" in intel and "-DGGML_METAL=OFF" in intel and "-DGGML_NATIVE=OFF" in intel
    )


def test_llama_cpp_is_built_for_the_declared_minimum_macos() -> None:
    target = step("macOS deployment target")
    assert "info_plist.MINIMUM_MACOS" in target["run"]
    assert "MACOSX_DEPLOYMENT_TARGET=" in target["run"] and "GITHUB_ENV" in target["run"]
    names = [s.get("name", "") for s in JOB["steps"]]
    assert names.index("macOS deployment target") < names.index("Build llama-cpp-python (portable)")
    assert (
        "packaging/macos/info_plist.py" in step("Cache the llama-cpp-python wheel")["with"]["key"]
    )


def test_the_macos_self_test_runs_on_the_cpu_and_metal_has_its_own_skippable_test() -> None:
    cpu = step("Frozen self-test (macOS")["run"]
    assert '{"gpu_layers": "none"}' in cpu and "HEARTH_HOME" in cpu
    metal = step("Metal smoke test")
    assert metal["if"] == "matrix.os == 'macos-15'"
    assert "paravirtual" in metal["run"] and "exit 0" in metal["run"]
    assert '{"gpu_layers": "all"}' in metal["run"] and "Metal" in metal["run"]


def test_the_windows_self_test_uses_absolute_paths_from_another_folder() -> None:
    run = step("Frozen self-test (Windows")["run"]
    assert "Join-Path $env:GITHUB_WORKSPACE 'dist\\hearth'" in run
    assert "-WorkingDirectory $env:RUNNER_TEMP" in run
    assert "dist\\hearth\\Hearth.exe" not in run.replace("Join-Path", "")


def test_nsis_is_on_the_image_or_installed() -> None:
    assert "windows-2022" in MATRIX
    nsis = step("NSIS (Windows)")["run"]
    assert "choco install nsis" in nsis and "MAKENSIS=" in nsis
    assert '--makensis "$MAKENSIS"' in step("Sign and package (Windows installer)")["run"]


def test_unsigned_artifacts_say_so_in_their_name() -> None:
    names = [s.get("name", "") for s in JOB["steps"]]
    assert names.index("Signing policy") < names.index("Build llama-cpp-python (portable)")
    upload = next(
        s for s in JOB["steps"] if s.get("uses", "").startswith("actions/upload-artifact")
    )
    assert upload["with"]["name"].endswith("${{ steps.signing.outputs.suffix }}")


def policy(
    tmp_path: Path, runner_os: str, tagged: bool, secrets: bool
) -> tuple[int, str, str, str]:
    output, env_file = tmp_path / "output", tmp_path / "env"
    output.write_text("")
    env_file.write_text("")
    result = subprocess.run(
        ["bash", str(config.ROOT / "packaging" / "signing_policy.sh")],
        env={
            "PATH": os.environ["PATH"],
            "RUNNER_OS": runner_os,
            "TAGGED": str(tagged).lower(),
            "HAVE_SECRETS": str(secrets).lower(),
            "GITHUB_OUTPUT": str(output),
            "GITHUB_ENV": str(env_file),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout, output.read_text(), env_file.read_text()


@pytest.mark.parametrize("runner_os", ["Windows", "macOS"])
def test_a_tagged_release_without_secrets_fails(tmp_path: Path, runner_os: str) -> None:
    code, stdout, _output, _env = policy(tmp_path, runner_os, tagged=True, secrets=False)
    assert code == 1
    assert (
        f"::error::A tagged release must be signed, and the {runner_os} signing secrets" in stdout
    )


@pytest.mark.parametrize("tagged", [True, False])
def test_with_secrets_the_build_must_be_signed(tmp_path: Path, tagged: bool) -> None:
    code, _stdout, output, env = policy(tmp_path, "macOS", tagged=tagged, secrets=True)
    assert (code, output, env) == (0, "suffix=\n", "HEARTH_REQUIRE_SIGNING=1\n")


def test_an_untagged_build_without_secrets_is_named_unsigned(tmp_path: Path) -> None:
    code, stdout, output, env = policy(tmp_path, "Windows", tagged=False, secrets=False)
    assert (code, output, env) == (0, "suffix=-unsigned\n", "")
    assert "::warning::" in stdout


def test_linux_packages_need_no_code_signing(tmp_path: Path) -> None:
    assert policy(tmp_path, "Linux", tagged=True, secrets=False)[:3:2] == (0, "suffix=\n")
