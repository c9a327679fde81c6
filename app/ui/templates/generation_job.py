"""One generation (a document, a replay, a section) on a plain background thread.

The templates service blocks while the model writes, so it runs here; its progress callbacks
come back to the GUI thread as queued signals. The engine it is given (a WorkerEngine) sends the
prompts to the inference thread, which stays the only owner of llama.cpp.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal

from app.engine.errors import EngineError
from app.storage import StorageError
from app.templates import GeneratedDocument, Listeners, TemplateError

_log = logging.getLogger(__name__)

Run = Callable[[Listeners, threading.Event], GeneratedDocument]


class GenerationJob(QObject):
    section_started = Signal(int, str)  # section index, title ("" for an unsectioned text)
    text_received = Signal(int, str)  # section index, streamed text
    succeeded = Signal(object)  # GeneratedDocument (stored; a stopped one too)
    failed = Signal(str)

    _section_from_thread = Signal(int, str)
    _text_from_thread = Signal(int, str)
    _result_from_thread = Signal(object, object)  # (document, error message or None)

    def __init__(self, run: Run, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._run_job = run
        self.stop_event = threading.Event()
        self.running = False
        queued = Qt.ConnectionType.QueuedConnection
        self._section_from_thread.connect(self.section_started, queued)
        self._text_from_thread.connect(self.text_received, queued)
        self._result_from_thread.connect(self._relay_result, queued)
        self._thread = threading.Thread(target=self._run, name="DocumentGeneration", daemon=True)

    def start(self) -> None:
        self.running = True
        self._thread.start()

    def stop(self) -> None:
        self.stop_event.set()

    def wait(self, timeout_s: float | None = None) -> None:
        self._thread.join(timeout_s)

    def _run(self) -> None:
        listeners = Listeners(
            on_section=self._section_from_thread.emit, on_text=self._text_from_thread.emit
        )
        try:
            document = self._run_job(listeners, self.stop_event)
        except (TemplateError, EngineError, StorageError) as exc:
            self._result_from_thread.emit(None, str(exc))
        except Exception as exc:  # the panel shows every failure; the thread must not die silently
            _log.exception("document generation failed")
            self._result_from_thread.emit(None, f"Unexpected error: {exc}")
        else:
            self._result_from_thread.emit(document, None)

    def _relay_result(self, document: object, error: object) -> None:
        self.running = False
        if error is not None:
            self.failed.emit(str(error))
        else:
            self.succeeded.emit(document)
