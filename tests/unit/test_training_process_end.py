"""How a training worker that ends without a final event is reported: after the user's Cancel
it is a cancel (even when it had to be killed), otherwise an error that says it was killed and
leaves a line in worker.log and in the app log. A real child process stands in for the worker
(one that does not answer on stdin, as the real one does while it loads the model)."""

from __future__ import annotations

import logging
import os
import signal
import sys
from pathlib import Path

import pytest

from app.training import process as process_module
from app.training.config import TrainingJob
from app.training.process import TrainingProcess, describe_exit

# A worker busy loading its model: it reads no command and prints no event.
BUSY_WORKER = [sys.executable, "-c", "import time; time.sleep(60)"]
HARD_KILL = getattr(signal, "SIGKILL", signal.SIGTERM)


@pytest.fixture
def busy_job(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TrainingJob:
    monkeypatch.setattr(process_module, "worker_command", lambda *_a, **_k: list(BUSY_WORKER))
    monkeypatch.setattr(process_module, "CANCEL_GRACE_S", 0.2)
    return TrainingJob(
        base_gguf=str(tmp_path / "base.gguf"),
        train_file=str(tmp_path / "train.jsonl"),
        run_dir=str(tmp_path / "run"),
        adapter_name="Larkspur",
    )


def test_a_cancelled_worker_killed_after_the_grace_period_is_a_cancel(
    busy_job: TrainingJob, caplog: pytest.LogCaptureFixture
) -> None:
    worker = TrainingProcess(busy_job)
    worker.start()
    worker.cancel()
    with caplog.at_level(logging.INFO, logger=process_module.__name__):
        final = worker.wait(timeout=30)
    assert worker.cancel_requested
    assert final.kind == "cancelled", final
    assert worker.exit_code is not None and worker.exit_code != 0  # it really was killed
    log_text = worker.log_path.read_text(encoding="utf-8")
    assert "training stopped by Hearth after Cancel" in log_text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_worker_killed_from_outside_is_an_error_in_both_logs(
    busy_job: TrainingJob, caplog: pytest.LogCaptureFixture
) -> None:
    worker = TrainingProcess(busy_job)
    worker.start()
    assert worker.pid is not None
    os.kill(worker.pid, HARD_KILL)
    with caplog.at_level(logging.INFO, logger=process_module.__name__):
        final = worker.wait(timeout=30)
    assert not worker.cancel_requested
    assert final.kind == "error", final
    message = final.text("message")
    code = worker.exit_code
    assert message.startswith(f"the training process ended unexpectedly (exit code {code}")
    assert message.endswith(f"its log is {worker.log_path}")
    if code is not None and code < 0:
        assert f"killed by {signal.Signals(-code).name}" in message
    assert "ended unexpectedly" in worker.log_path.read_text(encoding="utf-8")
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors and str(code) in errors[0].getMessage()


def test_exit_descriptions() -> None:
    assert describe_exit(3) == "exit code 3"
    term = int(signal.SIGTERM)
    assert describe_exit(-term) == f"exit code -{term}: killed by SIGTERM"
    assert describe_exit(-250) == "exit code -250: killed by signal 250"
