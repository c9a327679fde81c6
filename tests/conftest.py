"""Shared fixtures: a fresh HEARTH_HOME per test, offscreen Qt, the real starter model."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No bundled starter model (app/library/bundled_starter.py): a fresh test profile stays empty
# unless a test points HEARTH_STARTER_MODEL at a file (the `bundled_starter` fixture). Set for
# the CLI subprocesses too, which inherit this environment.
os.environ["HEARTH_STARTER_MODEL"] = ""

REPO_ROOT = Path(__file__).resolve().parents[1]
STARTER_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


@pytest.fixture
def hearth_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh, empty profile: every Hearth path lives under it."""
    home = tmp_path / "hearth-home"
    home.mkdir()
    monkeypatch.setenv("HEARTH_HOME", str(home))
    yield home


@pytest.fixture(scope="session")
def starter_model() -> Path:
    """The real starter model, fetched by the README's set-up command.

    A missing model is an error, not a skip: these tests are the proof that Hearth runs on it.
    """
    configured = os.environ.get("HEARTH_TEST_MODEL")
    path = Path(configured) if configured else REPO_ROOT / ".cache" / "models" / STARTER_FILE
    if not path.is_file():
        pytest.fail(
            f"starter model not found at {path}; run `python3 packaging/devenv.py test` "
            "(it fetches the model) or set HEARTH_TEST_MODEL"
        )
    return path


@pytest.fixture
def bundled_starter(starter_model: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The real starter model standing in for the one an installer carries."""
    monkeypatch.setenv("HEARTH_STARTER_MODEL", str(starter_model))
    return starter_model


_exit_status: list[int] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _exit_status.append(int(exitstatus))


def pytest_unconfigure(config: pytest.Config) -> None:
    """End the test process right after pytest has reported, with pytest's own status.

    With Qt, llama.cpp and torch all loaded in one process, the interpreter's final teardown
    crashed in C++ destructors (exit status -11 after "968 passed" in CI); the result is known
    by then, so the process leaves without running those destructors.
    """
    if _exit_status:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_exit_status[-1])
