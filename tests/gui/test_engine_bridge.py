"""EngineBridge with the engine's client on a real (shared) InferenceWorker and the real engine:
every signal reaches the GUI thread with the request id of the request that caused it;
ChatController drops stale ids."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.chats.conversation_repository import ConversationRepository
from app.chats.conversation_service import ConversationService
from app.chats.message_repository import MessageRepository
from app.config import Settings
from app.engine.client import EngineClient
from app.engine.llama_engine import LlamaEngine
from app.engine.shared_worker import SharedWorker
from app.engine.types import (
    ChatTurn,
    Finished,
    Generate,
    GenerationResult,
    GenerationStats,
    LoadedModel,
    LoadModel,
    LoadOptions,
    SamplingParams,
)
from app.storage import Database
from app.storage.records import ModelRecord
from app.ui.chat.chat_controller import ChatController
from app.ui.chat.chat_view import ChatView
from app.ui.chat.composer import Composer
from app.ui.common.engine_bridge import EngineBridge
from app.ui.shell.status_bar import HearthStatusBar

from .event_wait import wait_until

OPTIONS = LoadOptions(n_ctx=1024, n_gpu_layers=0)
SIGNAL_TIMEOUT_MS = 120_000


@dataclass
class Received:
    signal: str
    request_id: int
    args: tuple[Any, ...]
    in_gui_thread: bool
    on_main_python_thread: bool


@dataclass
class Recorder:
    app: QApplication
    received: list[Received] = field(default_factory=list)

    def slot(self, name: str) -> Callable[..., None]:
        def record(request_id: int, *args: Any) -> None:
            self.received.append(
                Received(
                    name,
                    request_id,
                    args,
                    QThread.currentThread() == self.app.thread(),
                    threading.current_thread() is threading.main_thread(),
                )
            )

        return record

    def of(self, request_id: int) -> list[Received]:
        return [r for r in self.received if r.request_id == request_id]


@pytest.fixture
def bridge(qapp: QApplication) -> Iterator[EngineBridge]:
    bridge = EngineBridge()
    worker = SharedWorker(LlamaEngine).start()
    bridge.attach(EngineClient(worker))
    yield bridge
    bridge.shutdown()
    assert not worker.is_alive


def test_signals_arrive_in_the_gui_thread_with_their_request_ids(
    qtbot: QtBot, qapp: QApplication, bridge: EngineBridge, tmp_path: Path, starter_model: Path
) -> None:
    recorder = Recorder(qapp)
    # Direct connections run the slot in whichever thread emits: the bridge itself must emit
    # in the GUI thread (a plain auto connection could hide it by queueing on its own).
    direct = Qt.ConnectionType.DirectConnection
    bridge.model_loaded.connect(recorder.slot("model_loaded"), direct)
    bridge.prompt_ready.connect(recorder.slot("prompt_ready"), direct)
    bridge.text_received.connect(recorder.slot("text_received"), direct)
    bridge.finished.connect(recorder.slot("finished"), direct)
    bridge.failed.connect(recorder.slot("failed"), direct)

    notes = tmp_path / "notes.gguf"
    notes.write_text("not a model\n" * 20, encoding="utf-8")
    bad = LoadModel(str(notes), options=OPTIONS)
    with qtbot.waitSignal(bridge.failed, timeout=SIGNAL_TIMEOUT_MS):
        bridge.submit(bad)

    load = LoadModel(str(starter_model), sha256="starter", options=OPTIONS)
    with qtbot.waitSignal(bridge.model_loaded, timeout=SIGNAL_TIMEOUT_MS):
        bridge.submit(load)

    generate = Generate(
        (ChatTurn("user", "List five animals, one per line."),),
        SamplingParams(max_tokens=40, seed=21),
    )
    with qtbot.waitSignal(bridge.finished, timeout=SIGNAL_TIMEOUT_MS):
        bridge.submit(generate)

    assert recorder.received, "no signal arrived"
    outside = [r for r in recorder.received if not (r.in_gui_thread and r.on_main_python_thread)]
    assert outside == [], "signals emitted outside the GUI thread"

    (failed,) = recorder.of(bad.request_id)
    assert failed.signal == "failed"
    assert "notes.gguf" in failed.args[0]

    (loaded,) = recorder.of(load.request_id)
    assert loaded.signal == "model_loaded"
    model = loaded.args[0]
    assert isinstance(model, LoadedModel)
    assert (model.backend, model.n_ctx) == ("CPU", 1024)

    turn = recorder.of(generate.request_id)
    names = [r.signal for r in turn]
    assert names[0] == "prompt_ready"
    assert names[-1] == "finished"
    assert set(names[1:-1]) == {"text_received"}
    finished = turn[-1].args[0]
    assert isinstance(finished, Finished)
    assert finished.request_id == generate.request_id
    assert "".join(r.args[0] for r in turn[1:-1]) == finished.text
    assert finished.stats.completion_tokens > 0
    assert turn[0].args[0] == finished.stats.prompt_tokens


def test_a_background_generate_needs_no_gui_event_loop_and_sends_the_gui_nothing(
    qapp: QApplication, bridge: EngineBridge, starter_model: Path
) -> None:
    """A template recipe's blocking generate on a plain thread: the GUI thread is blocked in
    join() the whole time (its event loop never runs), yet the reply arrives, and none of its
    events pass through the bridge's signals."""
    recorder = Recorder(qapp)
    for name in ("model_loaded", "prompt_ready", "text_received", "finished", "failed"):
        getattr(bridge, name).connect(recorder.slot(name))
    client = bridge.client
    assert client is not None
    client.run(LoadModel(str(starter_model), sha256="starter", options=OPTIONS))
    generator = bridge.text_generator()
    generator.reset_cache()
    streamed: list[str] = []
    results: list[GenerationResult] = []

    def job() -> None:
        results.append(
            generator.generate(
                (ChatTurn("user", "List five animals, one per line."),),
                SamplingParams(max_tokens=40, seed=21),
                on_text=streamed.append,
                stop=threading.Event(),
            )
        )

    thread = threading.Thread(target=job, name="template-recipe")
    thread.start()
    thread.join(120)
    assert not thread.is_alive(), "the background generate waited for the GUI thread"
    (result,) = results
    assert result.stats.completion_tokens > 0
    assert "".join(streamed) == result.text
    qapp.processEvents()  # anything queued for the GUI thread would be delivered now
    assert recorder.received == []


# ---- ChatController: output with a stale request id never reaches the view ------------------


def _stats() -> GenerationStats:
    return GenerationStats(
        prompt_tokens=10,
        prompt_tokens_evaluated=10,
        completion_tokens=3,
        ttft_s=0.1,
        decode_tokens_per_s=30.0,
        total_s=0.2,
        finish_reason="stop",
        seed=1,
        trimmed_turns=0,
        context_used=13,
        n_ctx=1024,
    )


def test_chat_controller_drops_events_with_a_stale_request_id(
    qtbot: QtBot, qapp: QApplication, bridge: EngineBridge, tmp_path: Path, starter_model: Path
) -> None:
    db = Database.open(tmp_path / "hearth.sqlite3", backups_dir=tmp_path / "backups")
    chats = ConversationService(
        ConversationRepository(db), MessageRepository(db), default_system_prompt="Be helpful."
    )
    view, composer, status = ChatView(), Composer(), HearthStatusBar()
    for widget in (view, composer, status):
        qtbot.addWidget(widget)
    settings = Settings(n_ctx=1024, gpu_layers="none", max_tokens=400, seed=5)
    controller = ChatController(
        chats=chats,
        bridge=bridge,
        chat_view=view,
        composer=composer,
        status_bar=status,
        settings=settings,
    )
    errors: list[str] = []
    controller.error.connect(errors.append)
    recorder = Recorder(qapp)
    bridge.text_received.connect(recorder.slot("text_received"))
    record = ModelRecord(
        id=1,
        name="SmolLM2 starter",
        path=str(starter_model),
        sha256="starter",
        size_bytes=starter_model.stat().st_size,
        architecture="llama",
        parameter_count=None,
        quantization="Q4_1",
        context_length=8192,
        has_chat_template=True,
        license=None,
        added_at=datetime.now(UTC),
    )
    try:
        with qtbot.waitSignal(controller.model_changed, timeout=SIGNAL_TIMEOUT_MS):
            controller.load_model(record)
        controller.send("Write a long story about a fox who learns to sail.")
        assert controller.busy
        wait_until(lambda: view.stream_text() != "", timeout_ms=SIGNAL_TIMEOUT_MS)
        active_id = recorder.received[0].request_id
        assert controller.busy, "the reply ended too soon to test stale events"

        streamed = view.stream_text()
        widgets = list(view.message_widgets())
        notices = view.notices()
        stored = chats.messages.list(controller.conversation_id or 0)
        for stale_id in (active_id - 1, active_id + 1000):
            bridge.text_received.emit(stale_id, " STALE-TEXT ")
            bridge.prompt_ready.emit(stale_id, 999, 4)
            bridge.finished.emit(stale_id, Finished(stale_id, "STALE-FINISH", _stats()))
            bridge.failed.emit(stale_id, "STALE-FAILURE")
        # Emitted from the GUI thread, so every slot has run: nothing may have changed.
        assert view.stream_text() == streamed
        assert view.message_widgets() == widgets
        assert view.notices() == notices
        assert view.streaming_widget() is widgets[-1]
        assert controller.busy
        assert errors == []
        assert chats.messages.list(controller.conversation_id or 0) == stored

        with qtbot.waitSignal(controller.busy_changed, timeout=SIGNAL_TIMEOUT_MS):
            controller.stop()
        reply = view.message_widgets()[-1]
        assert "STALE" not in reply.text()
        assert reply.text().startswith(streamed)
        assert not reply.is_complete()
        last = chats.messages.list(controller.conversation_id or 0)[-1]
        assert last.role == "assistant"
        assert last.content == reply.text()
        assert last.complete is False
        assert errors == []
    finally:
        controller.shutdown()
        db.close()
