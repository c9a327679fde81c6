"""The one background Task type, on real threads and a real (offscreen) Qt event loop."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from app.ui.common.task import Task, TaskControl, running_tasks, stop_running_tasks
from tests.gui.event_wait import wait_until

WAIT_MS = 10_000


class Recorder:
    """Collects what a task emits, and in which thread each slot ran."""

    def __init__(self, task: Task) -> None:
        self.progress: list[object] = []
        self.results: list[object] = []
        self.errors: list[str] = []
        self.slot_threads: set[threading.Thread] = set()
        self.thread_alive_at_end: list[bool] = []
        self._task = task
        task.progress.connect(self._on_progress)
        task.succeeded.connect(self._on_success)
        task.failed.connect(self._on_failure)

    @property
    def ended(self) -> bool:
        return bool(self.results or self.errors)

    def _on_progress(self, value: object) -> None:
        self.slot_threads.add(threading.current_thread())
        self.progress.append(value)

    def _on_success(self, result: object) -> None:
        self.slot_threads.add(threading.current_thread())
        self.thread_alive_at_end.append(self._task._thread.is_alive())
        self.results.append(result)

    def _on_failure(self, message: str) -> None:
        self.slot_threads.add(threading.current_thread())
        self.thread_alive_at_end.append(self._task._thread.is_alive())
        self.errors.append(message)


def test_success_delivers_the_result_in_the_gui_thread_after_the_thread_ended(
    qtbot: QtBot,
) -> None:
    worker_threads: list[threading.Thread] = []

    def work(_control: TaskControl) -> int:
        worker_threads.append(threading.current_thread())
        return 6 * 7

    task = Task(work, name="Answer")
    seen = Recorder(task)
    task.start()
    assert task.is_running()
    wait_until(lambda: seen.ended, timeout_ms=WAIT_MS)
    assert seen.results == [42]
    assert seen.errors == []
    assert worker_threads and worker_threads[0] is not threading.main_thread()
    assert seen.slot_threads == {threading.main_thread()}
    assert seen.thread_alive_at_end == [False]  # joined before the result was emitted
    assert not task.is_running()
    assert task not in running_tasks()


def test_failure_gives_a_clear_message_and_keeps_the_exception(qtbot: QtBot) -> None:
    def work(_control: TaskControl) -> None:
        raise ValueError("the file notes.pdf is damaged")

    task = Task(work)
    seen = Recorder(task)
    task.start()
    wait_until(lambda: seen.ended, timeout_ms=WAIT_MS)
    assert seen.errors == ["the file notes.pdf is damaged"]
    assert isinstance(task.error, ValueError)
    assert seen.thread_alive_at_end == [False]


def test_a_failure_without_text_is_named_by_its_type_or_the_callers_wording(
    qtbot: QtBot,
) -> None:
    def work(_control: TaskControl) -> None:
        raise KeyError

    plain = Task(work)
    worded = Task(work, describe_error=lambda exc: f"Unexpected error: {type(exc).__name__}")
    seen_plain, seen_worded = Recorder(plain), Recorder(worded)
    plain.start()
    worded.start()
    wait_until(lambda: seen_plain.ended and seen_worded.ended, timeout_ms=WAIT_MS)
    assert seen_plain.errors == ["KeyError"]
    assert seen_worded.errors == ["Unexpected error: KeyError"]


def test_progress_arrives_in_order_in_the_gui_thread_before_the_result(qtbot: QtBot) -> None:
    def work(control: TaskControl) -> str:
        for step in range(5):
            control.report((step, 5))
        return "done"

    task = Task(work)
    seen = Recorder(task)
    order: list[str] = []
    task.progress.connect(lambda _value: order.append("progress"))
    task.succeeded.connect(lambda _result: order.append("result"))
    task.start()
    wait_until(lambda: seen.ended, timeout_ms=WAIT_MS)
    assert seen.progress == [(0, 5), (1, 5), (2, 5), (3, 5), (4, 5)]
    assert order == ["progress"] * 5 + ["result"]
    assert seen.slot_threads == {threading.main_thread()}


def test_cancel_reaches_the_work_which_decides_how_it_ends(qtbot: QtBot) -> None:
    started = threading.Event()

    def work(control: TaskControl) -> str:
        started.set()
        if not control.cancel_event.wait(WAIT_MS / 1000):
            return "ran to the end"
        return "stopped early"

    task = Task(work)
    seen = Recorder(task)
    task.start()
    assert started.wait(WAIT_MS / 1000)
    task.cancel()
    assert task.is_cancelled()
    assert task.wait(WAIT_MS / 1000)
    wait_until(lambda: seen.ended, timeout_ms=WAIT_MS)
    assert seen.results == ["stopped early"]


def test_a_task_nobody_holds_still_delivers_its_result(qtbot: QtBot) -> None:
    results: list[object] = []
    release = threading.Event()

    def work(_control: TaskControl) -> str:
        release.wait(WAIT_MS / 1000)
        return "kept alive"

    def start_and_forget() -> None:
        task = Task(work)
        task.succeeded.connect(results.append)
        task.start()

    start_and_forget()
    gc.collect()  # the only reference left is the running-task set
    release.set()
    wait_until(lambda: results, timeout_ms=WAIT_MS)
    assert results == ["kept alive"]


def test_a_task_deleted_with_its_owner_mid_run_drops_its_result_without_crashing(
    qtbot: QtBot,
) -> None:
    owner = QObject()
    release = threading.Event()
    results: list[object] = []

    def work(control: TaskControl) -> str:
        release.wait(WAIT_MS / 1000)
        control.report("late progress")
        return "too late"

    task = Task(work, parent=owner)
    task.succeeded.connect(results.append)
    task.start()
    owner.deleteLater()
    wait_until(lambda: not isValid(task), timeout_ms=WAIT_MS)  # the deferred delete ran
    release.set()
    assert task.wait(WAIT_MS / 1000)
    wait_until(lambda: task not in running_tasks(), timeout_ms=WAIT_MS)
    assert results == []


def test_stopping_running_tasks_cancels_and_joins_them(qtbot: QtBot) -> None:
    started = threading.Event()

    def work(control: TaskControl) -> bool:
        started.set()
        return control.cancel_event.wait(WAIT_MS / 1000)

    task = Task(work)
    seen = Recorder(task)
    task.start()
    assert started.wait(WAIT_MS / 1000)
    stop_running_tasks(timeout_s=WAIT_MS / 1000)  # what the app runs on aboutToQuit
    assert task.is_cancelled()
    assert not task._thread.is_alive()
    wait_until(lambda: seen.ended, timeout_ms=WAIT_MS)
    assert seen.results == [True]
