"""Hearth starts its workers through its own entry point: `hearth --training-worker JOB` when
frozen (no Python in an installed build), `python -m app --training-worker JOB` from source."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.self_command import hearth_child_environment, hearth_command, source_root
from app.training.process import worker_command
from app.training.protocol import decode_event


def test_from_source_the_child_is_python_running_the_app_package() -> None:
    assert hearth_command("--training-worker", "job.json") == [
        sys.executable,
        "-m",
        "app",
        "--training-worker",
        "job.json",
    ]


def test_a_frozen_build_runs_its_own_executable_with_the_worker_flag(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/hearth/hearth")
    job = Path("/runs/7/job.json")
    assert worker_command(job) == ["/opt/hearth/hearth", "--training-worker", str(job)]
    assert worker_command(job, key_on_stdin=True) == [
        "/opt/hearth/hearth",
        "--training-worker",
        str(job),
        "--key-on-stdin",
    ]


def test_from_source_the_checkout_goes_first_on_the_childs_pythonpath() -> None:
    env = hearth_child_environment({"PYTHONPATH": "/elsewhere", "HOME": "/home/x"})
    assert env["PYTHONPATH"].split(os.pathsep) == [str(source_root()), "/elsewhere"]
    assert env["HOME"] == "/home/x"
    assert (source_root() / "app" / "__main__.py").is_file()


def test_a_frozen_childs_environment_is_left_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert hearth_child_environment({"HOME": "/home/x"}) == {"HOME": "/home/x"}


def run_worker(*args: str, cwd: Path) -> tuple[int, list[str]]:
    """The worker as the app starts it (from another folder, so only PYTHONPATH finds `app`)."""
    done = subprocess.run(
        hearth_command(*args),
        cwd=cwd,
        env=hearth_child_environment(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    events = [decode_event(line) for line in done.stdout.splitlines()]
    return done.returncode, [f"{e.kind}: {e.data.get('message')}" for e in events if e]


def test_the_entry_point_dispatches_the_worker_before_the_cli(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-job.json"
    code, events = run_worker("--training-worker", str(missing), cwd=tmp_path)
    assert code == 1
    assert len(events) == 1 and events[0].startswith("error: cannot read the training job")
    assert str(missing) in events[0]


def test_the_worker_without_a_job_answers_with_its_usage(tmp_path: Path) -> None:
    code, events = run_worker("--training-worker", cwd=tmp_path)
    assert code == 2
    assert events == ["error: usage: hearth --training-worker JOB.json [--key-on-stdin]"]
