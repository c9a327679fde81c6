"""The training subprocess seen from the GUI thread: its events as queued Qt signals.

TrainingProcess reads the worker's stdout on its own thread and emits `_from_thread` there; the
runner lives in the GUI thread, so Qt queues the event and `worker_event` fires in the GUI thread.
`key` gives an encrypted profile's key at each start (it may have changed while paused).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from app.training.config import TrainingJob
from app.training.process import TrainingProcess
from app.training.protocol import WorkerEvent

if TYPE_CHECKING:
    from app.security.keys import MasterKey


def _no_key() -> MasterKey | None:
    return None


class TrainingRunner(QObject):
    worker_event = Signal(object)  # WorkerEvent, delivered in the GUI thread
    _from_thread = Signal(object)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        key: Callable[[], MasterKey | None] = _no_key,
    ) -> None:
        super().__init__(parent)
        self._key = key
        self._process: TrainingProcess | None = None
        self.job: TrainingJob | None = None
        self._from_thread.connect(self._relay, Qt.ConnectionType.QueuedConnection)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.running

    @property
    def cancel_requested(self) -> bool:
        """Whether the user cancelled the current run: how it ends is then no error."""
        return self._process is not None and self._process.cancel_requested

    def start(self, job: TrainingJob) -> None:
        """Start (or, with a job whose run folder has a checkpoint, resume) training."""
        self.job = job
        self._process = TrainingProcess(job, on_event=self._from_thread.emit, key=self._key())
        self._process.start()

    def resume(self) -> None:
        if self.job is not None and not self.running:
            self.start(self.job)

    def pause(self) -> None:
        if self._process is not None:
            self._process.pause()

    def cancel(self) -> None:
        if self._process is not None:
            self._process.cancel()

    def _relay(self, event: WorkerEvent) -> None:
        self.worker_event.emit(event)
