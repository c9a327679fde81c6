"""Run the training worker as a child process and follow its events (Qt-free).

The GUI and the CLI both use this: `start()` launches `hearth --training-worker JOB` (from source
`python -m app --training-worker JOB`; see `app.self_command`), a thread
reads its stdout and hands each event to `on_event` (on that thread: a GUI forwards it to its own
thread), `pause()` and `cancel()` write commands to its stdin, `wait()` returns the final event.
A worker that dies without a final event yields a final event of its own: "cancelled" when the
user had asked it to stop (it may have been killed after the grace period, e.g. still loading the
model), otherwise an "error" that says how it ended (killed by a signal, out of memory) and points
to its log; both leave a line in worker.log and the app log says why a run was lost.

On an encrypted profile pass the unlocked `key`: it is written to the worker's stdin pipe as the
first line (never in its argv, environment or a file), and the worker seals what it writes.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final

from app.self_command import hearth_child_environment, hearth_command
from app.training.config import TrainingJob
from app.training.errors import TrainingError
from app.training.protocol import (
    CANCEL,
    KEY_ON_STDIN,
    PAUSE,
    WORKER_FLAG,
    WorkerEvent,
    decode_event,
)

if TYPE_CHECKING:
    from app.security.keys import MasterKey

EventSink = Callable[[WorkerEvent], None]
CANCEL_GRACE_S: Final = 10.0
JOB_FILE: Final = "job.json"
LOG_FILE: Final = "worker.log"

log = logging.getLogger(__name__)


def describe_exit(code: int | None) -> str:
    """How a worker ended, in words: "exit code 3" or "exit code -9: killed by SIGKILL"."""
    if code is None or code >= 0:
        return f"exit code {code}"
    try:
        name = signal.Signals(-code).name
    except ValueError:
        name = f"signal {-code}"
    return f"exit code {code}: killed by {name}"


class TrainingProcess:
    def __init__(
        self,
        job: TrainingJob,
        on_event: EventSink | None = None,
        *,
        key: MasterKey | None = None,
    ) -> None:
        self.job = job
        self._on_event = on_event
        self._key = key
        self._process: subprocess.Popen[str] | None = None
        self._reader: threading.Thread | None = None
        self._final: WorkerEvent | None = None
        self._finished = threading.Event()
        self._stdin_lock = threading.Lock()
        self._cancel_requested = False
        self._killed_after_cancel = False
        self._last_step = 0

    @property
    def log_path(self) -> Path:
        return Path(self.job.run_dir) / LOG_FILE

    @property
    def running(self) -> bool:
        return self._process is not None and not self._finished.is_set()

    @property
    def cancel_requested(self) -> bool:
        """Whether `cancel()` was called: a worker that then ends without a word was cancelled."""
        return self._cancel_requested

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def exit_code(self) -> int | None:
        """The worker's exit status once it has ended (negative: killed by that signal)."""
        return self._process.poll() if self._process is not None else None

    def start(self) -> None:
        if self._process is not None:
            raise TrainingError("this training process was already started")
        run_dir = Path(self.job.run_dir)
        run_dir.mkdir(parents=True, exist_ok=True)
        job_file = self.job.write(run_dir / JOB_FILE)
        env = hearth_child_environment()
        env.setdefault("TOKENIZERS_PARALLELISM", "false")
        # OpenMP threads that spin while waiting at barriers make torch 5-15x slower when other
        # programs share the cores (measured: 2.5 s vs 12-50 s per step on a busy 2-core CPU).
        env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        env["PYTHONUNBUFFERED"] = "1"
        env.setdefault("HF_HUB_OFFLINE", "1")  # weights come from the user's files only
        command = worker_command(job_file, key_on_stdin=self._key is not None)
        log = self.log_path.open("a", encoding="utf-8")
        try:
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                encoding="utf-8",
                errors="replace",
                env=env,
            )
        except OSError as exc:
            raise TrainingError(f"cannot start the training process: {exc}") from exc
        finally:
            log.close()
        assert self._process.stdout is not None
        if self._key is not None:
            from app.training.sealed_files import key_line

            self._send_line(key_line(self._key).rstrip("\n"))
        self._reader = threading.Thread(
            target=self._read, args=(self._process.stdout,), name="training-events", daemon=True
        )
        self._reader.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            event = decode_event(line)
            if event is None:
                continue
            if event.kind == "step":
                self._last_step = int(event.number("step"))
            if event.final and self._final is None:
                self._final = event
            self._deliver(event)
        process = self._process
        code = process.wait() if process is not None else None
        if self._final is None:
            self._final = self._ended_without_a_word(code)
            self._deliver(self._final)
        self._finished.set()

    def _ended_without_a_word(self, code: int | None) -> WorkerEvent:
        """The final event of a worker that stopped before saying how it ended."""
        how = describe_exit(code)
        if self._cancel_requested:
            # The user asked it to stop: a worker too busy to answer (loading the model) is
            # killed after the grace period, and that is still just a cancel.
            note = "stopped by Hearth after Cancel" if self._killed_after_cancel else "cancelled"
            self._note_in_worker_log(f"training {note} ({how})")
            log.info("training run %s %s (%s)", self.job.run_dir, note, how)
            return WorkerEvent("cancelled", {"step": self._last_step, "exit_code": code})
        self._note_in_worker_log(f"the training process ended unexpectedly ({how})")
        log.error(
            "training process for %s ended unexpectedly (%s); log: %s",
            self.job.run_dir,
            how,
            self.log_path,
        )
        return WorkerEvent(
            "error",
            {
                "message": f"the training process ended unexpectedly ({how}"
                + (", perhaps by the system when memory ran out" if code == -9 else "")
                + f"); its log is {self.log_path}",
                "exit_code": code,
            },
        )

    def _note_in_worker_log(self, line: str) -> None:
        """Say in worker.log how the worker ended, so the log the message points to is never
        silent about it."""
        with contextlib.suppress(OSError), self.log_path.open("a", encoding="utf-8") as handle:
            handle.write(f"[hearth] {line}\n")

    def _deliver(self, event: WorkerEvent) -> None:
        if self._on_event is not None:
            self._on_event(event)

    def _send(self, command: str) -> None:
        if not self._finished.is_set():
            self._send_line(command)

    def _send_line(self, command: str) -> None:
        process = self._process
        if process is None or process.stdin is None:
            return
        with self._stdin_lock:
            try:
                process.stdin.write(command + "\n")
                process.stdin.flush()
            except (OSError, ValueError):
                pass  # it has just ended; the reader reports how

    def pause(self) -> None:
        """Ask the worker to write a checkpoint after the current step and stop."""
        self._send(PAUSE)

    def cancel(self) -> None:
        """Stop without keeping anything new; the worker is killed if it does not stop soon."""
        self._cancel_requested = True
        self._send(CANCEL)
        process = self._process
        if process is None:
            return
        timer = threading.Timer(CANCEL_GRACE_S, self._kill_if_running)
        timer.daemon = True
        timer.start()

    def _kill_if_running(self) -> None:
        process = self._process
        if process is not None and process.poll() is None:
            self._killed_after_cancel = True
            log.warning(
                "training worker %s did not stop within %.0f s of Cancel; killing it",
                process.pid,
                CANCEL_GRACE_S,
            )
            process.kill()

    def wait(self, timeout: float | None = None) -> WorkerEvent:
        """The final event (done, paused, cancelled or error); TrainingError on timeout."""
        if self._process is None:
            raise TrainingError("the training process was not started")
        if not self._finished.wait(timeout):
            raise TrainingError("the training process did not finish in time")
        if self._process.stdin is not None:
            with contextlib.suppress(OSError):
                self._process.stdin.close()
        assert self._final is not None
        return self._final


def worker_command(job_file: Path, *, key_on_stdin: bool = False) -> list[str]:
    """The worker's argv: Hearth's own entry point with `--training-worker`, never a
    `python -m` that an installed build (no interpreter) could not run."""
    args = [WORKER_FLAG, str(job_file)]
    if key_on_stdin:
        args.append(KEY_ON_STDIN)
    return hearth_command(*args)
