"""The training subprocess: `hearth --training-worker JOB.json [--key-on-stdin]`.

From source the same entry point is `python -m app --training-worker ...`; app/__main__.py hands
the arguments after the flag to `main` here before the CLI or GUI is imported (see
`app.training.process.worker_command`).

It speaks the JSON-lines protocol of `app.training.protocol` on stdout and reads "pause" and
"cancel" lines on stdin. With --key-on-stdin (an encrypted profile) the first stdin line is the
profile's key (`sealed_files.key_line`): the run's examples and checkpoint are decrypted in
memory and everything it writes is sealed (see `app.training.sealed_files`).
When stdin closes (the app that started it went away) it pauses: the checkpoint is written, so
the run can be resumed later. A crash or an out-of-memory kill here
cannot take the app down; the app sees the process end without a final event.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TextIO

from app.training.config import TrainingJob
from app.training.errors import TrainingError
from app.training.protocol import (
    CANCEL,
    KEY_ON_STDIN,
    PAUSE,
    WORKER_FLAG,
    EventKind,
    encode_event,
)
from app.training.trainer import Controls

if TYPE_CHECKING:
    from app.security.keys import MasterKey
    from app.training.examples import TrainingExample

USAGE: Final = f"usage: hearth {WORKER_FLAG} JOB.json [{KEY_ON_STDIN}]"


class _Protocol:
    """Writes events to the real stdout, whatever libraries do to sys.stdout meanwhile."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    def emit(self, kind: EventKind, **data: Any) -> None:
        with self._lock:
            self._stream.write(encode_event(kind, **data))
            self._stream.flush()


def _read_key(stream: TextIO) -> MasterKey:
    from app.training.sealed_files import key_from_line

    return key_from_line(stream.readline())


def _listen(stream: TextIO, controls: Controls) -> None:
    for line in stream:
        command = line.strip().lower()
        if command == CANCEL:
            controls.cancel.set()
        elif command == PAUSE:
            controls.pause.set()
    controls.pause.set()  # stdin closed: the parent is gone, keep what was learnt


def read_examples(train_file: Path, key: MasterKey | None) -> tuple[TrainingExample, ...]:
    """The job's training examples; a sealed file is decrypted in memory, never on disk."""
    from app.training.dataset_files import parse_jsonl, read_dataset_file
    from app.training.sealed_files import is_sealed, read_bytes

    if not is_sealed(train_file):
        return read_dataset_file(train_file).require_clean()
    try:
        text = read_bytes(train_file, key).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TrainingError(f"{train_file.name} is not UTF-8 text once decrypted") from exc
    return parse_jsonl(text, source=train_file.name).require_clean()


def training_and_validation(
    job: TrainingJob, key: MasterKey | None
) -> tuple[tuple[TrainingExample, ...], tuple[TrainingExample, ...]]:
    """(what to train on, what decides early stopping): see `mixing.run_examples`; the job's
    validation file holds the user's held-out examples when it has one."""
    from app.training.mixing import run_examples

    examples = read_examples(Path(job.train_file), key)
    held_out: tuple[TrainingExample, ...] = ()
    if job.validation_file and job.hyper.patience > 0:
        held_out = read_examples(Path(job.validation_file), key)
    return run_examples(examples, held_out, job.hyper)


def run_job(job: TrainingJob, emit: Any, controls: Controls, key: MasterKey | None = None) -> None:
    import torch

    from app.training.base_model import load_base, resolve_device, resolve_dtype
    from app.training.batching import encode_example
    from app.training.gguf_export import AttentionShape, export_lora_gguf, pairs_from_peft_state
    from app.training.trainer import lora_state_as_numpy, run_loop, wrap_with_lora

    hyper = job.hyper.validated()
    if job.threads > 0:
        torch.set_num_threads(job.threads)
    torch.manual_seed(hyper.seed)
    examples, validation = training_and_validation(job, key)
    device = resolve_device(hyper.device)
    dtype = resolve_dtype(hyper.precision, device)
    emit("status", message="Loading the base model (dequantising the GGUF)…")
    base = load_base(
        Path(job.base_gguf),
        original_weights=Path(job.original_weights) if job.original_weights else None,
        dtype=dtype,
        device=device,
    )
    encoded = [encode_example(base.tokenizer, e, hyper.max_length) for e in examples]
    held_out = [encode_example(base.tokenizer, e, hyper.max_length) for e in validation]
    pad_id = base.tokenizer.pad_token_id
    if pad_id is None:
        pad_id = base.tokenizer.eos_token_id or 0
    peft_model = wrap_with_lora(base, job)
    result = run_loop(
        peft_model,
        encoded,
        job,
        pad_id=int(pad_id),
        device=device,
        emit=emit,
        controls=controls,
        key=key,
        validation=held_out,
    )
    if result.outcome == "cancelled":
        emit("cancelled", step=result.steps)
        return
    if result.outcome == "paused":
        return
    emit("status", message="Writing the adapter…")
    peft_dir = Path(job.run_dir) / "peft"
    attention = AttentionShape.of(base.model.config)

    def export(gguf_path: Path) -> Any:
        return export_lora_gguf(
            gguf_path,
            pairs_from_peft_state(lora_state_as_numpy(peft_model)),
            architecture=base.architecture,
            alpha=hyper.alpha,
            attention=attention,
            name=job.adapter_name,
            metadata={"hearth.base_name": base.header.name},
        )

    sealed: dict[str, Any] = {}
    if key is None:
        peft_model.save_pretrained(str(peft_dir))
        summary = export(job.gguf_path)
    else:
        from app.training.sealed_files import private_folder, seal_file, seal_folder

        # PEFT and the GGUF writer only write to paths: plain files live in a private temporary
        # folder for the moment it takes to seal them into the run folder, then are shredded.
        with private_folder() as plain:
            peft_model.save_pretrained(str(plain / "peft"))
            summary = export(plain / job.gguf_path.name)
            seal_folder(plain / "peft", peft_dir, key)
            seal_file(summary.path, job.gguf_path, key)
        sealed["encrypted"] = True
    emit(
        "done",
        steps=result.steps,
        final_loss=result.final_loss,
        seconds=round(result.seconds, 3),
        gguf=str(job.gguf_path),
        peft_dir=str(peft_dir),
        tensors=summary.tensor_count,
        permuted=summary.permuted,
        device=device,
        epochs=result.epochs_planned,
        epochs_run=result.epochs_run,
        stopped_early=result.stopped_early,
        best_epoch=result.best_epoch,
        best_held_out_loss=result.best_held_out_loss,
        **sealed,
    )


def _std_stream(stream: TextIO | None, fd: int) -> TextIO:
    """A windowed build (Windows, macOS) may start with no sys.stdout/stdin even though the
    parent gave it pipes: then the pipe is opened from its file descriptor (for the process's
    lifetime, so never closed)."""
    if stream is not None:
        return stream
    if fd == 0:
        return open(fd, encoding="utf-8", closefd=False)
    return open(fd, "w", encoding="utf-8", closefd=False)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    protocol = _Protocol(_std_stream(sys.stdout, 1))
    sys.stdin = _std_stream(sys.stdin, 0)
    # Stray prints must not corrupt the protocol.
    sys.stdout = sys.stderr if sys.stderr is not None else open(os.devnull, "w")  # noqa: SIM115
    key_on_stdin = KEY_ON_STDIN in args
    args = [a for a in args if a != KEY_ON_STDIN]
    if len(args) != 1:
        protocol.emit("error", message=USAGE)
        return 2
    # Ctrl+C in a terminal reaches the whole process group: the parent decides what it means
    # (pause or cancel, sent on stdin); the worker itself must not die half way through a write.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    controls = Controls()
    try:
        # The key comes before any command, so it is read before the listener starts.
        key = _read_key(sys.stdin) if key_on_stdin else None
        threading.Thread(target=_listen, args=(sys.stdin, controls), daemon=True).start()
        job = TrainingJob.read(Path(args[0]))
        run_job(job, protocol.emit, controls, key)
    except TrainingError as exc:
        protocol.emit("error", message=str(exc))
        return 1
    except MemoryError:
        protocol.emit(
            "error", message="training ran out of memory; try a smaller max length or batch size"
        )
        return 1
    except ImportError as exc:
        protocol.emit(
            "error",
            message=f"the training extra is not installed ({exc.name or exc}); "
            'install it with: pip install "hearth[train]"',
        )
        return 1
    except Exception as exc:  # the app must get a message, whatever broke
        traceback.print_exc(file=sys.stderr)
        protocol.emit("error", message=f"training failed: {type(exc).__name__}: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
