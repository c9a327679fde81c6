"""The real window for the GUI benches, built with the same steps as `app.bootstrap.run_gui`
(QApplication, Core.open, theme, start_engine, MainWindow, show), offscreen, on the HEARTH_HOME
the parent prepared. Helpers wait on Qt signals with a local event loop and a time limit."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEventLoop, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication

from app.chats.sampling import sampling_from_settings
from app.config import Paths
from app.core import Core
from app.engine.types import ChatTurn, Finished, Generate, LoadedModel
from app.engine.worker import InferenceWorker
from app.ui.common.engine_bridge import EngineBridge
from app.ui.common.theme import apply_theme
from app.ui.shell.main_window import MainWindow


@dataclass
class GuiApp:
    app: QApplication
    core: Core
    bridge: EngineBridge
    worker: InferenceWorker
    window: MainWindow

    def close(self) -> None:
        self.window.controller.shutdown()
        self.bridge.shutdown()
        self.core.close()


def open_window() -> GuiApp:
    from app.bootstrap import start_engine

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    core = Core.open(Paths.resolve())
    apply_theme(app, core.settings.theme)
    bridge, worker = start_engine()
    window = MainWindow(core, bridge)
    window.show()
    return GuiApp(app, core, bridge, worker, window)


def wait_for(signal: SignalInstance, timeout_s: float, accept: Callable[..., bool]) -> bool:
    """Run the event loop until `signal` fires with arguments `accept` takes, or time runs out."""
    loop = QEventLoop()
    hit = {"ok": False}

    def on_signal(*args: object) -> None:
        if accept(*args):
            hit["ok"] = True
            loop.quit()

    signal.connect(on_signal)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    signal.disconnect(on_signal)
    return hit["ok"]


def load_default_model(gui: GuiApp, timeout_s: float = 120.0) -> LoadedModel:
    gui.window.load_default_model()
    if not wait_for(gui.window.controller.model_changed, timeout_s, lambda m: m is not None):
        raise RuntimeError("the model did not load in time")
    model = gui.window.controller.loaded_model
    assert model is not None
    return model


def warm_up(gui: GuiApp, prompt: str, max_tokens: int) -> None:
    """A short reply to the same two turns the controller will send (system prompt + `prompt`),
    under a request id the controller ignores: pages the weights in, fills the KV cache."""
    settings = gui.core.settings
    turns = (ChatTurn("system", settings.system_prompt), ChatTurn("user", prompt))
    request = Generate(turns, sampling_from_settings(settings, max_tokens=max_tokens))
    gui.bridge.submit(request)
    if not wait_for(gui.bridge.finished, 120.0, lambda rid, _e: rid == request.request_id):
        raise RuntimeError("warm-up did not finish")


def send_and_wait(
    gui: GuiApp, text: str, timeout_s: float = 300.0, marks: dict[str, float] | None = None
) -> Finished:
    """Send through the controller (as the composer does) and wait for its Finished event.

    `marks`, when given, receives perf_counter times: "send_start"/"send_end" around the
    synchronous `controller.send` call, and "finished" once the controller has handled the
    Finished event (the slot here runs after the controller's)."""
    finished: list[Finished] = []
    times = marks if marks is not None else {}

    def on_finished(_request_id: int, event: Finished) -> None:
        times["finished"] = time.perf_counter()
        finished.append(event)

    gui.bridge.finished.connect(on_finished)
    times["send_start"] = time.perf_counter()
    gui.window.controller.send(text)
    times["send_end"] = time.perf_counter()
    ok = wait_for(gui.window.controller.busy_changed, timeout_s, lambda busy: not busy)
    gui.bridge.finished.disconnect(on_finished)
    if not ok or not finished:
        raise RuntimeError("the reply did not finish in time")
    return finished[-1]
