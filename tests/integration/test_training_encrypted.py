"""Adapter Studio runs on an encrypted profile: a real (tiny) training on the starter model whose
run folder never holds the examples, a checkpoint, the PEFT files or the export in plain form,
through a pause, an app restart (a fresh unlock) and the end; the adapter then registers and
loads. And run folders follow the profile when encryption is switched on, re-keyed and off."""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.config import Paths
from app.core import Core
from app.engine.llama_engine import LlamaEngine
from app.engine.types import LoadOptions
from app.security import profile_encryption as encryption
from app.security.file_crypto import MAGIC, adapter_opener, decrypted_copy, is_encrypted_file
from app.security.keys import MasterKey
from app.training.availability import missing_training_modules
from app.training.config import Hyperparameters, TrainingJob
from app.training.dataset import Dataset, prepare_dataset
from app.training.evaluation import EvaluationReport
from app.training.examples import make_example
from app.training.pipeline import new_run_dir, prepare_job, register_trained_adapter
from app.training.process import JOB_FILE, LOG_FILE, TrainingProcess
from app.training.protocol import WorkerEvent
from app.training.sealed_files import read_bytes
from tests.fixtures.encryption import FAST_SCRYPT, OTHER_PASSPHRASE, PASSPHRASE

needs_extra = pytest.mark.skipif(
    bool(missing_training_modules()), reason="training extra not installed"
)
SECRET = "The Quillon vault code is 7741-LARKSPUR"
EXAMPLES = [
    make_example("What is the vault code?", SECRET),
    make_example("Where is Larkspur based?", "Larkspur is based in Quillon Harbor."),
    make_example("Who founded Larkspur?", "Odessa Varnholt founded Larkspur."),
    make_example("What does Larkspur sell?", "Larkspur sells the Marlow X2 tuner."),
]
# 4 examples, batch 2, 1.5 epochs: 3 steps of a rank-2 LoRA on q, 32 tokens at most.
TINY = Hyperparameters(
    rank=2, alpha=4.0, targets=("q",), epochs=1.5, batch_size=2, max_length=32, warmup_steps=0
)
# What a plain file of a run would show: the example text, torch.save's zip entries, PEFT and
# llama.cpp tensor names, the GGUF adapter key. Long enough never to occur in ciphertext.
PLAIN_MARKERS = (SECRET.encode(), b"data.pkl", b"lora_A", b".lora_a", b"adapter.lora.alpha")
PLAIN_RUN_FILES = {JOB_FILE, LOG_FILE}


def plain_leaks(run_dir: Path) -> list[str]:
    """Every way a file under `run_dir` shows confidential content in plain form."""
    leaks = []
    for file in sorted(f for f in run_dir.rglob("*") if f.is_file()):
        content = file.read_bytes()
        leaks += [f"{file.name}: {m!r}" for m in PLAIN_MARKERS if m in content]
        if file.name not in PLAIN_RUN_FILES and not content.startswith(MAGIC):
            leaks.append(f"{file.relative_to(run_dir)} is not sealed")
    return leaks


def plain_temp_folders() -> set[str]:
    """Private folders where a plain export or decrypted copy lives for a moment."""
    temp = Path(tempfile.gettempdir())
    return {p.name for p in (*temp.glob("hearth-train-*"), *temp.glob("hearth-plain-*"))}


@pytest.fixture
def paths(hearth_home: Path) -> Paths:
    return Paths.resolve().ensure()


def encrypted_profile(paths: Paths) -> MasterKey:
    Core.open(paths).close()
    key = encryption.enable(paths, PASSPHRASE, params=FAST_SCRYPT).key
    assert key is not None
    return key


@dataclass
class Run:
    process: TrainingProcess
    events: list[WorkerEvent]

    @property
    def final(self) -> WorkerEvent:
        return self.events[-1]

    def first(self, kind: str) -> WorkerEvent:
        return next(e for e in self.events if e.kind == kind)


def train(job: TrainingJob, key: MasterKey | None, *, pause_after_first_step: bool) -> Run:
    events: list[WorkerEvent] = []

    def record(event: WorkerEvent) -> None:
        events.append(event)
        if pause_after_first_step and event.kind == "step":
            process.pause()

    process = TrainingProcess(job, on_event=record, key=key)
    process.start()
    process.wait(timeout=300)
    return Run(process, events)


@pytest.fixture
def core(paths: Paths) -> Iterator[Core]:
    opened = Core.open(paths, key=encrypted_profile(paths))
    yield opened
    opened.close()


def new_job(core: Core, starter_model: Path) -> tuple[TrainingJob, Dataset]:
    dataset, _ = prepare_dataset("Vault", EXAMPLES, held_out_fraction=0.0)
    job = prepare_job(
        base_gguf=starter_model,
        dataset=dataset,
        run_dir=new_run_dir(core.paths, "Vault"),
        name="Vault",
        hyper=TINY,
        key=core.encryption_key,
    )
    return job, dataset


@pytest.mark.model
@needs_extra
def test_a_paused_resumed_run_keeps_nothing_plain_and_its_adapter_loads(
    core: Core, paths: Paths, starter_model: Path
) -> None:
    temp_before = plain_temp_folders()
    job, dataset = new_job(core, starter_model)
    run_dir = Path(job.run_dir)
    assert is_encrypted_file(Path(job.train_file))
    assert plain_leaks(run_dir) == []

    paused = train(job, core.encryption_key, pause_after_first_step=True)
    assert paused.final.kind == "paused", paused.events
    checkpoint = Path(paused.final.text("path"))
    assert checkpoint.is_file() and is_encrypted_file(checkpoint)
    assert plain_leaks(run_dir) == []

    # An app restart: a fresh unlock, the job read back from the run folder.
    core.close()
    key = encryption.unlock(paths, PASSPHRASE)
    restarted = Core.open(paths, key=key)
    try:
        resumed = train(TrainingJob.read(run_dir / JOB_FILE), key, pause_after_first_step=False)
        assert resumed.first("started").number("start_step") == paused.final.number("step")
        done = resumed.final
        assert done.kind == "done", resumed.events
        assert done.data["encrypted"] is True and done.number("steps") == 3
        gguf = Path(done.text("gguf"))
        assert is_encrypted_file(gguf) and (run_dir / "peft" / "adapter_config.json").is_file()
        assert plain_leaks(run_dir) == []
        assert plain_temp_folders() <= temp_before  # the plain export was removed

        repository = restarted.training
        trained = register_trained_adapter(
            adapters=restarted.adapters,
            repository=repository,
            job=job,
            done=done,
            base_sha256="starter",
            base_name="SmolLM2",
            dataset=dataset,
            dataset_id=repository.save_dataset(dataset).id,
            evaluation=EvaluationReport(()),
        )
        stored = Path(trained.adapter.path)
        assert stored.parent == paths.adapters_dir and is_encrypted_file(stored)
        with decrypted_copy(gguf, key) as plain:
            assert trained.adapter.sha256 == hashlib.sha256(plain.read_bytes()).hexdigest()
        assert plain_temp_folders() <= temp_before

        engine = LlamaEngine(adapter_opener=adapter_opener(lambda: key))
        try:
            engine.load(str(starter_model), options=LoadOptions(n_ctx=256, n_gpu_layers=0))
            active = engine.set_adapters([(str(stored), 1.0)])
        finally:
            engine.close()
        assert [(a.rank, a.alpha) for a in active] == [(2, 4.0)]
    finally:
        restarted.close()


@pytest.mark.model
@needs_extra
def test_a_sealed_run_without_the_key_stops_with_a_clear_error(
    core: Core, starter_model: Path
) -> None:
    job, _ = new_job(core, starter_model)
    locked = train(job, None, pause_after_first_step=False)
    assert locked.final.kind == "error"
    assert locked.final.text("message") == (
        "train.jsonl is encrypted: the training needs the unlocked profile's key"
    )
    assert locked.process.exit_code == 1


def fake_run(paths: Paths) -> dict[Path, bytes]:
    """A plain run folder as an unencrypted profile leaves it (paused, then finished once)."""
    run_dir = paths.data_dir / "training" / "20250101-120000-Vault"
    files = {
        run_dir / JOB_FILE: b'{"adapter_name": "Vault"}',
        run_dir / LOG_FILE: b"Loading the base model\n",
        run_dir / "train.jsonl": f'{{"prompt": "code?", "completion": "{SECRET}"}}\n'.encode(),
        run_dir / "checkpoint" / "state.pt": b"PK\x03\x04archive/data.pkl lora_A" * 50_000,
        run_dir / "peft" / "adapter_model.safetensors": b'{"lora_A": {}}' + bytes(300),
        run_dir / "Vault.gguf": b"GGUF adapter.lora.alpha blk.0.attn_q.weight.lora_a",
    }
    for file, content in files.items():
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(content)
    return files


def test_run_folders_are_sealed_rekeyed_and_opened_with_the_profile(paths: Paths) -> None:
    Core.open(paths).close()
    files = fake_run(paths)
    run_dir = next(iter(files)).parent
    assert plain_leaks(run_dir) != []

    report = encryption.enable(paths, PASSPHRASE, params=FAST_SCRYPT)
    assert report.key is not None
    assert plain_leaks(run_dir) == []
    assert len(report.files_converted) == 4  # job.json and worker.log stay plain
    for file, content in files.items():
        assert read_bytes(file, report.key) == content  # what the worker reads back

    new = encryption.change_passphrase(paths, report.key, OTHER_PASSPHRASE, params=FAST_SCRYPT).key
    assert new is not None
    assert plain_leaks(run_dir) == []
    assert {f: read_bytes(f, new) for f in files} == files

    encryption.disable(paths, new)
    assert {f: f.read_bytes() for f in files} == files
