"""The per-OS locks (packaging/lock.py) agree with each other and pin every file by hash."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import check_wheels
import devenv
import lock
import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
TARGET_IDS = [target.file for target in lock.TARGETS]


def lock_text(target: lock.LockTarget) -> str:
    return lock.lock_path(target).read_text(encoding="utf-8")


def direct_requirements() -> list[Requirement]:
    """pyproject's dependencies and its dev extra: what the locks hold."""
    with (ROOT / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    texts = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    return [Requirement(text) for text in texts]


def direct_dependencies() -> list[str]:
    return [lock.normalise(requirement.name) for requirement in direct_requirements()]


def expected_version(target: lock.LockTarget, name: str, reference: dict[str, str]) -> str:
    for override in target.overrides:
        if lock.normalise(override.project) == name:
            return override.version
    return reference[name]


@pytest.mark.parametrize("target", lock.TARGETS, ids=TARGET_IDS)
def test_every_requirement_is_pinned_with_hashes(target: lock.LockTarget) -> None:
    blocks = check_wheels.requirement_blocks(lock_text(target))
    assert len(blocks) > 50, f"{target.file} looks truncated: {len(blocks)} requirements"
    for name, block in blocks.items():
        first_line = block.splitlines()[0]
        assert re.match(r"^[A-Za-z0-9._-]+==[^\s;]+ \\$", first_line), (
            f"{target.file}: {first_line!r} is not an exact pin followed by hashes"
        )
        assert check_wheels.block_hashes(block), f"{target.file}: {name} has no sha256"


@pytest.mark.parametrize("target", lock.TARGETS, ids=TARGET_IDS)
def test_direct_dependencies_have_the_same_version_on_every_os(target: lock.LockTarget) -> None:
    reference = lock.pins(lock_text(lock.REFERENCE))
    pinned = lock.pins(lock_text(target))
    for name in direct_dependencies():
        assert name in pinned, f"{target.file} does not pin {name}"
        assert pinned[name] == expected_version(target, name, reference), (
            f"{target.file} pins {name}=={pinned[name]}, {lock.REFERENCE.file} "
            f"{name}=={reference[name]}"
        )


@pytest.mark.parametrize("target", lock.TARGETS, ids=TARGET_IDS)
def test_every_pin_satisfies_pyproject(target: lock.LockTarget) -> None:
    """An edited pyproject.toml without `python3 packaging/lock.py` fails here."""
    pinned = lock.pins(lock_text(target))
    for requirement in direct_requirements():
        version = pinned[lock.normalise(requirement.name)]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{target.file} pins {requirement.name}=={version}, pyproject wants {requirement}"
        )


@pytest.mark.parametrize("target", lock.TARGETS, ids=TARGET_IDS)
def test_indirect_dependencies_agree_too(target: lock.LockTarget) -> None:
    """Only each OS's own packages (colorama, pywin32-ctypes) may differ, never a version."""
    reference = lock.pins(lock_text(lock.REFERENCE))
    pinned = lock.pins(lock_text(target))
    for name in pinned.keys() & reference.keys():
        assert pinned[name] == expected_version(target, name, reference), name


@pytest.mark.parametrize("target", lock.TARGETS, ids=TARGET_IDS)
def test_each_override_says_why_and_is_what_the_lock_pins(target: lock.LockTarget) -> None:
    pinned = lock.pins(lock_text(target))
    for override in target.overrides:
        assert override.why.strip()
        assert pinned[lock.normalise(override.project)] == override.version


def test_the_shared_venv_and_the_linux_lock_are_the_same_file() -> None:
    assert lock.REFERENCE.file == "requirements.lock"
    assert lock.target_for("linux", "x86_64") is lock.REFERENCE


@pytest.mark.parametrize(
    ("system", "machine", "file"),
    [
        ("linux", "x86_64", "requirements.lock"),
        ("win32", "AMD64", "requirements-windows.lock"),
        ("darwin", "arm64", "requirements-macos-arm64.lock"),
        ("darwin", "x86_64", "requirements-macos-x86_64.lock"),
    ],
)
def test_each_os_installs_its_own_lock(system: str, machine: str, file: str) -> None:
    assert lock.target_for(system, machine).file == file


def test_devenv_installs_this_os_lock_with_hashes() -> None:
    assert lock.lock_path(lock.target_for()) == devenv.LOCK
    source = (ROOT / "packaging" / "devenv.py").read_text(encoding="utf-8")
    assert '"--require-hashes", "-r", str(LOCK)' in source


def test_the_release_workflow_installs_its_own_os_lock_with_hashes() -> None:
    workflow = (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    assert 'pip install --require-hashes -r "$(python packaging/lock.py --path)"' in workflow
    # The build tools have no hashes: in the same pip command they would break hash checking.
    assert "requirements.lock -r" not in workflow


def test_requirement_blocks_keep_hashes_with_their_pin() -> None:
    hash_a, hash_b, hash_c = ("--hash=sha256:" + letter * 64 for letter in "abc")
    text = (
        f"# header\nalpha==1.0 \\\n    {hash_a}\nBeta.Two==2.0 \\\n    {hash_b} \\\n    {hash_c}\n"
    )
    blocks = check_wheels.requirement_blocks(text)
    assert list(blocks) == ["alpha", "beta-two"]
    assert check_wheels.block_hashes(blocks["beta-two"]) == {"b" * 64, "c" * 64}
    assert lock.pins(text) == {"alpha": "1.0", "beta-two": "2.0"}


def test_only_llama_cpp_is_compiled_from_source() -> None:
    """A new source-only pin must be added to SOURCE_ONLY on purpose, with its reason."""
    assert check_wheels.COMPILED_BY_RELEASE_JOB == "llama-cpp-python"
    assert all(reason.strip() for reason in check_wheels.SOURCE_ONLY.values())
