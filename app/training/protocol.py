"""The worker's JSON-lines protocol: events on its stdout, commands on its stdin.

Events (one JSON object per line, "event" names the kind):
    {"event": "status", "message": "Loading the base model…"}
    {"event": "started", "total_steps": N, "start_step": K, "train_examples": E,
     "trainable_parameters": P, "device": "cpu", "precision": "float32", "epochs": x,
     "validation_examples": V, "patience": p}
    {"event": "step", "step": i, "total_steps": N, "epoch": x, "loss": l, "lr": r,
     "elapsed_s": s, "eta_s": t}   (at the end of an epoch, with validation examples and a
     patience: also "held_out_loss" and "best_epoch")
    {"event": "checkpoint", "step": i, "path": "..."}
    {"event": "paused", "step": i, "path": "..."}   (a checkpoint was written; resume from it)
    {"event": "cancelled", "step": i}
    {"event": "done", "steps": N, "final_loss": l, "seconds": s, "gguf": "...", "peft_dir": "...",
     "epochs": planned, "epochs_run": x, "stopped_early": b, "best_epoch": e or null,
     "best_held_out_loss": l or null}
An early stop is announced by a "status" event ("stopped early at epoch N (held-out loss no
longer improving); ...") just before "done"; N stays the total planned in the step events.
    {"event": "error", "message": "..."}
Commands (one word per line): "pause" (checkpoint, then stop) and "cancel" (stop now).
Started with --key-on-stdin (an encrypted profile), the worker first reads one line holding the
profile's key ("key <hex>", see `app.training.sealed_files`), before any command; its "done"
event then also says "encrypted": true (the GGUF and PEFT files it names are sealed).
Anything else the worker's libraries print goes to stderr, never into the protocol.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Final, Literal

EventKind = Literal[
    "status", "started", "step", "checkpoint", "paused", "cancelled", "done", "error"
]
EVENT_KINDS: Final = (
    "status",
    "started",
    "step",
    "checkpoint",
    "paused",
    "cancelled",
    "done",
    "error",
)
FINAL_EVENTS: Final = ("paused", "cancelled", "done", "error")
PAUSE: Final = "pause"
CANCEL: Final = "cancel"
KEY_ON_STDIN: Final = "--key-on-stdin"  # a worker argument: the key is the first stdin line
# `hearth --training-worker JOB.json [--key-on-stdin]` runs the worker (app/__main__.py).
WORKER_FLAG: Final = "--training-worker"


@dataclass(frozen=True)
class WorkerEvent:
    kind: EventKind
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def final(self) -> bool:
        return self.kind in FINAL_EVENTS

    def number(self, key: str, default: float = 0.0) -> float:
        value = self.data.get(key, default)
        return float(value) if isinstance(value, int | float) else default

    def text(self, key: str) -> str:
        value = self.data.get(key, "")
        return value if isinstance(value, str) else str(value)


def encode_event(kind: EventKind, **data: Any) -> str:
    return json.dumps({"event": kind, **data}, ensure_ascii=False) + "\n"


def decode_event(line: str) -> WorkerEvent | None:
    """The event on a line of the worker's stdout; None for anything that is not one."""
    try:
        value = json.loads(line)
    except ValueError:
        return None
    if not isinstance(value, dict) or value.get("event") not in EVENT_KINDS:
        return None
    kind = value.pop("event")
    return WorkerEvent(kind=kind, data=value)
