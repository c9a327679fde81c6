"""The first-run screen in the real main window: when it opens, Help → Choose a model…, and
what the user's choice there does to the profile."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from huggingface_hub import constants
from pytestqt.qtbot import QtBot

from app.bootstrap import start_engine
from app.config import Paths
from app.core import Core
from app.library.catalog import Catalog
from app.storage.records import ModelRecord
from app.ui.common.engine_bridge import EngineBridge
from app.ui.first_run import first_run_controller
from app.ui.first_run.card_texts import CardState
from app.ui.first_run.first_run_screen import FirstRunScreen
from app.ui.shell.main_window import MainWindow
from tests.fixtures.catalog_entries import catalog_entry, catalog_of
from tests.fixtures.hub_server import HostedFile, HubServer, running_hub
from tests.fixtures.tiny_model import write_tiny_model

from .event_wait import wait_until

REPO = "tester/Tiny-Instruct-GGUF"
FILE = "Tiny-Instruct-Q8_0.gguf"


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    with running_hub() as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)  # where the window's downloads go
        yield server


@pytest.fixture
def tiny(tmp_path: Path, hub: HubServer) -> HostedFile:
    return hub.add_file(REPO, FILE, write_tiny_model(tmp_path / "tiny.gguf", megabytes=2.0))


def hosted_catalog(size: int) -> Catalog:
    """Whatever this computer has, the hosted model is the recommendation."""
    return catalog_of(
        catalog_entry(
            "tiny-instruct",
            name="Tiny Instruct",
            repo=REPO,
            file=FILE,
            parameters=500_000_000,
            size_bytes=size,
            recommended_for=("ram-8", "ram-16", "ram-32", "gpu"),
        )
    )


def shown_at_start(window: MainWindow) -> FirstRunScreen:
    """What bootstrap does after the first paint: the screen opens once memory is measured."""
    assert window.first_run.show_if_due() is not None
    wait_until(lambda: window.first_run.screen is not None, timeout_ms=20_000)
    screen = window.first_run.screen
    assert screen is not None and screen.isVisible()
    return screen


class Window:
    def __init__(self, qtbot: QtBot) -> None:
        self.core = Core.open(Paths.resolve())
        self.bridge: EngineBridge
        self.bridge, _worker = start_engine()
        self.window = MainWindow(self.core, self.bridge)
        qtbot.addWidget(self.window)
        self.window.show()
        qtbot.waitExposed(self.window)

    def close(self) -> None:
        self.window.close()
        self.bridge.shutdown()
        self.core.close()


@pytest.fixture
def starter_only(hearth_home: Path, starter_model: Path) -> ModelRecord:
    core = Core.open(Paths.resolve())
    record = core.library.import_model(starter_model)
    core.close()
    return record


@pytest.fixture
def app(
    starter_only: ModelRecord, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Window]:
    monkeypatch.setattr(first_run_controller, "load_catalog", lambda: hosted_catalog(2_000_000))
    session = Window(qtbot)
    yield session
    session.close()


def test_with_only_the_starter_the_screen_opens_until_the_starter_is_kept(
    app: Window, qtbot: QtBot
) -> None:
    window = app.window
    assert window.first_run.due()
    screen = shown_at_start(window)
    qtbot.waitExposed(screen)
    assert screen.windowTitle() == "Choose a model — Hearth"
    assert screen.facts.first_start
    assert screen.facts.starter is not None and screen.facts.starter_in_use

    screen.option_buttons["starter"].click()
    assert not screen.isVisible()
    assert app.core.settings.first_run_dismissed
    assert not window.first_run.due()
    assert window.first_run.show_if_due() is None
    reopened = Core.open(Paths.resolve())  # the choice is saved with the settings
    try:
        assert reopened.settings.first_run_dismissed
    finally:
        reopened.close()


def test_not_now_leaves_it_due_at_the_next_start(app: Window, qtbot: QtBot) -> None:
    screen = shown_at_start(app.window)
    screen.close_button.click()
    assert not screen.isVisible()
    assert not app.core.settings.first_run_dismissed
    assert app.window.first_run.due()


def test_help_offers_choose_a_model_beside_its_other_items(app: Window, qtbot: QtBot) -> None:
    menus = {action.text(): action.menu() for action in app.window.menuBar().actions()}
    texts = [action.text() for action in menus["&Help"].actions() if not action.isSeparator()]
    assert texts[0] == "Choose a model…"
    assert "Copy diagnostics" in texts
    app.window.commands.choose_model.trigger()
    wait_until(lambda: app.window.first_run.screen is not None, timeout_ms=20_000)
    screen = app.window.first_run.screen
    assert screen is not None and screen.isVisible()
    assert not screen.facts.first_start  # "Choose a model", not "Welcome"
    app.window.commands.choose_model.trigger()  # a second time: the same screen comes forward
    probe = app.window.first_run.probe
    assert probe is not None
    measured: list[object] = []
    probe.succeeded.connect(measured.append)
    wait_until(lambda: measured, timeout_ms=20_000)
    assert app.window.first_run.screen is screen and screen.isVisible()


def test_a_model_downloaded_on_the_screen_becomes_the_one_in_use(
    starter_only: ModelRecord,
    hub: HubServer,
    tiny: HostedFile,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(first_run_controller, "load_catalog", lambda: hosted_catalog(tiny.size))
    session = Window(qtbot)
    try:
        window = session.window
        loads: list[ModelRecord] = []
        # The tiny file is a valid GGUF but not a runnable model: record the load request.
        monkeypatch.setattr(window.controller, "load_model", loads.append)
        screen = window.first_run.open()
        assert screen.card is not None and screen.card.entry.id == "tiny-instruct"
        screen.card.primary_button.click()
        wait_until(lambda: screen.card.state == CardState.FINISHED, timeout_ms=30_000)

        downloaded = next(r for r in session.core.models.list() if r.sha256 == tiny.sha256)
        assert session.core.settings.default_model_id == downloaded.id
        assert [r.id for r in loads] == [downloaded.id]
        assert window.model_picker.currentData() == downloaded.id
        assert not window.first_run.due()  # another model than the starter is here now
    finally:
        session.close()


def test_a_starter_problem_reported_by_the_core_is_shown(app: Window, qtbot: QtBot) -> None:
    problem = "The bundled starter model is missing from this installation."
    app.core.save_settings(replace(app.core.settings, first_run_dismissed=True))
    assert not app.window.first_run.due()
    app.core.starter_status = SimpleNamespace(model_id=None, problem=problem)  # type: ignore[attr-defined]
    assert app.window.first_run.due()  # back, though dismissed: the starter cannot answer
    screen = shown_at_start(app.window)
    qtbot.waitExposed(screen)
    assert screen.problem_banner.isVisible()
    assert problem in screen.problem_label.text()
