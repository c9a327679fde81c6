"""The training subprocess: `python -m app.training.worker JOB.json`.

It speaks the JSON-lines protocol of `app.training.protocol` on stdout and reads "pause" and
"cancel" lines on stdin. When stdin closes (the app that started it went away) it pauses: the
checkpoint is written, so the run can be resumed later. A crash or an out-of-memory kill here
cannot take the app down; the app sees the process end without a final event.
"""

from __future__ import annotations

import signal
import sys
import threading
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from app.training.config import TrainingJob
from app.training.errors import TrainingError
from app.training.protocol import CANCEL, PAUSE, EventKind, encode_event
from app.training.trainer import Controls


class _Protocol:
    """Writes events to the real stdout, whatever libraries do to sys.stdout meanwhile."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    def emit(self, kind: EventKind, **data: Any) -> None:
        with self._lock:
            self._stream.write(encode_event(kind, **data))
            self._stream.flush()


def _listen(stream: TextIO, controls: Controls) -> None:
    for line in stream:
        command = line.strip().lower()
        if command == CANCEL:
            controls.cancel.set()
        elif command == PAUSE:
            controls.pause.set()
    controls.pause.set()  # stdin closed: the parent is gone, keep what was learnt


def run_job(job: TrainingJob, emit: Any, controls: Controls) -> None:
    import torch

    from app.training.base_model import load_base, resolve_device, resolve_dtype
    from app.training.batching import encode_example
    from app.training.dataset_files import read_dataset_file
    from app.training.gguf_export import AttentionShape, export_lora_gguf, pairs_from_peft_state
    from app.training.trainer import lora_state_as_numpy, run_loop, wrap_with_lora

    hyper = job.hyper.validated()
    if job.threads > 0:
        torch.set_num_threads(job.threads)
    torch.manual_seed(hyper.seed)
    examples = read_dataset_file(Path(job.train_file)).require_clean()
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
    pad_id = base.tokenizer.pad_token_id
    if pad_id is None:
        pad_id = base.tokenizer.eos_token_id or 0
    peft_model = wrap_with_lora(base, job)
    result = run_loop(
        peft_model, encoded, job, pad_id=int(pad_id), device=device, emit=emit, controls=controls
    )
    if result.outcome == "cancelled":
        emit("cancelled", step=result.steps)
        return
    if result.outcome == "paused":
        return
    emit("status", message="Writing the adapter…")
    peft_dir = Path(job.run_dir) / "peft"
    peft_model.save_pretrained(str(peft_dir))
    config = base.model.config
    n_head = int(config.num_attention_heads)
    summary = export_lora_gguf(
        job.gguf_path,
        pairs_from_peft_state(lora_state_as_numpy(peft_model)),
        architecture=base.architecture,
        alpha=hyper.alpha,
        attention=AttentionShape(n_head, int(getattr(config, "num_key_value_heads", n_head))),
        name=job.adapter_name,
        metadata={"hearth.base_name": base.header.name},
    )
    emit(
        "done",
        steps=result.steps,
        final_loss=result.final_loss,
        seconds=round(result.seconds, 3),
        gguf=str(summary.path),
        peft_dir=str(peft_dir),
        tensors=summary.tensor_count,
        permuted=summary.permuted,
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    protocol = _Protocol(sys.stdout)
    sys.stdout = sys.stderr  # stray prints must not corrupt the protocol
    if len(args) != 1:
        protocol.emit("error", message="usage: python -m app.training.worker JOB.json")
        return 2
    # Ctrl+C in a terminal reaches the whole process group: the parent decides what it means
    # (pause or cancel, sent on stdin); the worker itself must not die half way through a write.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    controls = Controls()
    threading.Thread(target=_listen, args=(sys.stdin, controls), daemon=True).start()
    try:
        job = TrainingJob.read(Path(args[0]))
        run_job(job, protocol.emit, controls)
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
