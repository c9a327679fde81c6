"""Run the training worker as a child process and follow its events (Qt-free).

The GUI and the CLI both use this: `start()` launches `hearth --training-worker JOB` (from source
`python -m app --training-worker JOB`; see `app.self_command`), a thread
reads its stdout and hands each event to `on_event` (on that thread: a GUI forwards it to its own
thread), `pause()` and `cancel()` write commands to its stdin, `wait()` returns the final event.
A worker that dies without a final event (killed, out of memory) yields an "error" event that
says so and points to its log.

On an encrypted profile pass the unlocked `key`: it is written to the worker's stdin pipe as the
first line (never in its argv, environment or a file), and the worker seals what it writes.
"""

from __future__ import annotations

import contextlib
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

    @property
    def log_path(self) -> Path:
        return Path(self.job.run_dir) / LOG_FILE

    @property
    def running(self) -> bool:
        return self._process is not None and not self._finished.is_set()

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
            if event.final and self._final is None:
                self._final = event
            self._deliver(event)
        process = self._process
        code = process.wait() if process is not None else None
        if self._final is None:
            self._final = WorkerEvent(
                "error",
                {
                    "message": f"the training process ended unexpectedly (exit code {code}); "
                    f"its log is {self.log_path}"
                },
            )
            self._deliver(self._final)
        self._finished.set()

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
