"""Stopping a real training run on the starter model: Cancel ends the worker cleanly within the
grace period and keeps nothing; a later run in the same folder starts from scratch; a worker
killed mid-run is reported clearly and the run resumes from its last checkpoint."""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from app.config import Paths
from app.core import Core
from app.training.availability import missing_training_modules
from app.training.config import Hyperparameters, TrainingJob
from app.training.dataset import prepare_dataset
from app.training.errors import TrainingError
from app.training.evaluation import EvaluationReport
from app.training.examples import make_example
from app.training.pipeline import prepare_job, register_trained_adapter
from app.training.process import TrainingProcess
from app.training.protocol import WorkerEvent

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(bool(missing_training_modules()), reason="training extra not installed"),
]
EXAMPLES = [
    make_example("Where is Larkspur based?", "Larkspur is based in Quillon Harbor."),
    make_example("Who founded Larkspur?", "Odessa Varnholt founded Larkspur."),
    make_example("What does Larkspur sell?", "Larkspur sells the Marlow X2 tuner."),
    make_example("How long is the warranty?", "Every Larkspur tuner has a seven year warranty."),
]
# 4 examples, batch 2, 2 epochs: 4 steps of a rank-2 LoRA on q, 32 tokens at most.
TINY = Hyperparameters(
    rank=2, alpha=4.0, targets=("q",), epochs=2, batch_size=2, max_length=32, warmup_steps=0
)
# SIGKILL where it exists; on Windows os.kill(SIGTERM) is TerminateProcess, just as abrupt.
HARD_KILL = getattr(signal, "SIGKILL", signal.SIGTERM)


@dataclass
class Run:
    process: TrainingProcess
    events: list[WorkerEvent] = field(default_factory=list)

    @property
    def final(self) -> WorkerEvent:
        return self.events[-1]

    def of(self, kind: str) -> list[WorkerEvent]:
        return [e for e in self.events if e.kind == kind]


@dataclass
class Story:
    """One folder, three runs: cancelled, then started again and killed, then resumed."""

    job: TrainingJob
    cancelled: Run
    left_by_cancel: list[str]  # the run folder's files right after the cancel
    killed: Run
    resumed: Run


def run(job: TrainingJob, *, cancel_at: str | None = None, kill_at: str | None = None) -> Run:
    """Train `job`; on the first `cancel_at` event cancel, on the first `kill_at` one kill."""
    events: list[WorkerEvent] = []

    def record(event: WorkerEvent) -> None:
        events.append(event)
        first_of_its_kind = [e.kind for e in events].count(event.kind) == 1
        if first_of_its_kind and event.kind == cancel_at:
            process.cancel()
        if first_of_its_kind and event.kind == kill_at and process.pid is not None:
            os.kill(process.pid, HARD_KILL)

    process = TrainingProcess(job, on_event=record)
    process.start()
    process.wait(timeout=300)
    return Run(process, events)


@pytest.fixture(scope="module")
def story(starter_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Story:
    folder = tmp_path_factory.mktemp("cancel")
    dataset, _ = prepare_dataset("Larkspur", EXAMPLES, held_out_fraction=0.0)
    job = prepare_job(
        base_gguf=starter_model,
        dataset=dataset,
        run_dir=folder / "run",
        name="Larkspur",
        hyper=TINY,
    )
    cancelled = run(job, cancel_at="step")  # no checkpoint is due in 4 steps
    left = sorted(str(f.relative_to(job.run_dir)) for f in Path(job.run_dir).rglob("*"))
    # A checkpoint after every step, so the killed run has one to resume from.
    job = replace(job, checkpoint_every_steps=1)
    killed = run(job, kill_at="checkpoint")
    resumed = run(job)
    return Story(job, cancelled, left, killed, resumed)


def test_cancel_ends_the_worker_cleanly_and_keeps_no_adapter(
    story: Story, hearth_home: Path
) -> None:
    cancelled = story.cancelled
    assert cancelled.final.kind == "cancelled", cancelled.events  # a kill would be an "error"
    assert cancelled.process.exit_code == 0 and not cancelled.process.running
    at = int(cancelled.final.number("step"))
    assert 1 <= at < 4
    assert [int(e.number("step")) for e in cancelled.of("step")] == list(range(1, at + 1))
    assert story.left_by_cancel == ["job.json", "train.jsonl", "worker.log"]  # no adapter
    core = Core.open(Paths.resolve())
    try:
        with pytest.raises(TrainingError, match="did not finish"):
            register_trained_adapter(
                adapters=core.adapters,
                repository=core.training,
                job=story.job,
                done=cancelled.final,
                base_sha256="starter",
                base_name="SmolLM2",
                dataset=prepare_dataset("Larkspur", EXAMPLES, held_out_fraction=0.0)[0],
                dataset_id=None,
                evaluation=EvaluationReport(()),
            )
        assert core.adapters.list() == []
    finally:
        core.close()


def test_a_later_run_in_the_same_folder_starts_from_scratch(story: Story) -> None:
    started = story.killed.of("started")
    assert len(started) == 1 and started[0].number("start_step") == 0
    assert int(story.killed.of("step")[0].number("step")) == 1
    assert int(story.killed.of("checkpoint")[0].number("step")) == 1


def test_a_killed_worker_is_reported_and_the_run_resumes_from_its_checkpoint(
    story: Story,
) -> None:
    killed = story.killed
    assert killed.final.kind == "error", killed.events
    message = killed.final.text("message")
    assert message.startswith("the training process ended unexpectedly (exit code ")
    assert message.endswith(f"its log is {Path(story.job.run_dir) / 'worker.log'}")
    assert killed.process.exit_code not in (0, 1, None)
    checkpointed = int(killed.of("checkpoint")[0].number("step"))

    resumed = story.resumed
    start = int(resumed.of("started")[0].number("start_step"))
    assert start >= checkpointed >= 1
    assert [int(e.number("step")) for e in resumed.of("step")] == list(range(start + 1, 5))
    assert resumed.final.kind == "done", resumed.events
    assert resumed.final.number("steps") == 4
    assert Path(resumed.final.text("gguf")).is_file()
