"""One generation (a document, a replay, a section) as a Task (app.ui.common.task).

The templates service blocks while the model writes, so it runs on the Task's thread; its
progress callbacks come back to the GUI thread as signals. The generator it is given (the
engine client's blocking `generate`) sends the prompts to the inference thread, which stays the
only owner of llama.cpp.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from app.engine.errors import EngineError
from app.storage import StorageError
from app.templates import GeneratedDocument, Listeners, TemplateError
from app.ui.common.i18n import tr
from app.ui.common.task import Task, TaskControl

_log = logging.getLogger(__name__)

Run = Callable[[Listeners, threading.Event], GeneratedDocument]


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TemplateError | EngineError | StorageError):
        return str(exc)
    # The panel shows every failure; an unexpected one is logged with its traceback too.
    _log.error("document generation failed", exc_info=exc)
    return tr("Unexpected error: {exc}").format(exc=exc)


class GenerationJob(QObject):
    section_started = Signal(int, str)  # section index, title ("" for an unsectioned text)
    text_received = Signal(int, str)  # section index, streamed text
    succeeded = Signal(object)  # GeneratedDocument (stored; a stopped one too)
    failed = Signal(str)

    def __init__(self, run: Run, parent: QObject | None = None) -> None:
        super().__init__(parent)

        def work(control: TaskControl) -> GeneratedDocument:
            listeners = Listeners(
                on_section=lambda index, title: control.report(("section", index, title)),
                on_text=lambda index, text: control.report(("text", index, text)),
            )
            return run(listeners, control.cancel_event)

        self._task = Task(work, name="DocumentGeneration", describe_error=_describe, parent=self)
        self.stop_event = self._task.cancel_event
        self._task.progress.connect(self._relay_progress)
        self._task.succeeded.connect(self.succeeded)
        self._task.failed.connect(self.failed)

    @property
    def running(self) -> bool:
        return self._task.is_running()

    def start(self) -> None:
        self._task.start()

    def stop(self) -> None:
        self._task.cancel()

    def wait(self, timeout_s: float | None = None) -> None:
        self._task.wait(timeout_s)

    def _relay_progress(self, value: object) -> None:
        if not isinstance(value, tuple):
            return
        kind, index, text = value
        if kind == "section":
            self.section_started.emit(index, text)
        else:
            self.text_received.emit(index, text)
