"""The Adapter Studio window, offscreen: building a dataset, the missing-extra notice, and a
real (tiny) training run from the Start button to the before/after table, with the GUI thread
serving events throughout."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.config import Paths
from app.core import Core
from app.engine.client import EngineClient
from app.library.model_library import ModelLibrary
from app.training.availability import missing_training_modules
from app.training.evaluation import EvaluationReport, EvaluationRow
from app.training.records import NewCard
from app.ui.studio import AdapterStudio
from app.ui.studio import train_page as train_page_module
from app.ui.studio.context import StudioContext
from app.ui.studio.examples_model import EXPECTED, REPLY, SPLIT
from tests.gui.event_wait import wait_until
from tests.gui.knowledge_helpers import answer_next_dialog

SHOTS = Path("/tmp/shots")
FACTS = [
    ("Who founded Larkspur?", "Larkspur was founded by Odessa Varnholt.", "Varnholt"),
    ("Where is Larkspur based?", "Larkspur is based in Quillon Harbor.", "Quillon"),
    ("What does Larkspur sell?", "Larkspur sells the Marlow X2 tuner.", "Marlow"),
    ("What is the Larkspur warranty?", "Seven years on every instrument.", "Seven years"),
]


def shot(widget: AdapterStudio, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(SHOTS / f"{name}.png"))


@pytest.fixture
def core(hearth_home: Path, starter_model: Path) -> Iterator[Core]:
    opened = Core.open(Paths.resolve())
    ModelLibrary(opened.models, opened.paths).import_model(starter_model)
    yield opened
    opened.close()


@pytest.fixture
def engine(core: Core) -> Iterator[EngineClient]:
    client = core.start_engine()
    yield client
    client.shutdown()


@pytest.fixture
def studio(qtbot: QtBot, core: Core, engine: EngineClient) -> Iterator[AdapterStudio]:
    window = AdapterStudio(StudioContext.from_core(core, engine))
    qtbot.addWidget(window)
    window.resize(900, 620)
    window.show()
    yield window
    # A test that failed half way must not leave a training process or the evaluation thread
    # sending events to a window pytest-qt is about to delete.
    window.runner.cancel()
    wait_until(lambda: not window.runner.running, timeout_ms=30_000)
    if window._finishing is not None:
        window._finishing.wait(120)


def write_data(path: Path, *, bad_row: bool = False) -> Path:
    lines = [
        json.dumps(
            {
                "messages": [
                    {"role": "user", "content": q},
                    {"role": "assistant", "content": a},
                ],
                "expected": [e],
            }
        )
        for q, a, e in FACTS
    ]
    lines.append(lines[0])  # a duplicate
    if bad_row:
        lines.append('{"prompt": "no answer"}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_data_page_previews_edits_dedupes_and_splits(studio: AdapterStudio, tmp_path: Path) -> None:
    page = studio.data_page
    page.add_file(write_data(tmp_path / "data.jsonl", bad_row=True))
    assert page.model.rowCount() == 5
    assert "1 bad row was left out" in page.problems.text()
    assert 'data.jsonl, row 6: "completion" is missing' in page.problems.text()
    model = page.model
    assert model.setData(model.index(1, REPLY), "Based in Quillon Harbor, by the sea.")
    assert model.setData(model.index(1, EXPECTED), "Quillon Harbor | sea")
    assert not model.setData(model.index(1, SPLIT), "sometimes")
    assert page.examples[1].reply == "Based in Quillon Harbor, by the sea."
    assert page.examples[1].expected == ("Quillon Harbor", "sea")
    page.remove_duplicates()
    assert model.rowCount() == 4
    page.held_out_spin.setValue(25)
    page.split()
    assert model.counts() == (3, 1)
    assert page.summary.text() == "4 examples: 3 train, 1 held out"
    shot(studio, "studio-data")


def test_missing_training_extra_says_how_to_install(
    qtbot: QtBot, core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        train_page_module,
        "training_unavailable_reason",
        lambda _data_dir=None: (
            "Training needs torch, transformers, peft and safetensors (torch not found in this "
            "Python). In a source checkout, set it up with: python3 packaging/devenv.py test"
        ),
    )
    window = AdapterStudio(StudioContext.from_core(core, None))
    qtbot.addWidget(window)
    window.resize(900, 620)
    window.show()
    window.tabs.setCurrentWidget(window.train_page)
    page = window.train_page
    assert page.unavailable.isVisible()
    assert "packaging/devenv.py test" in page.unavailable.text()
    assert not page.start_button.isEnabled()
    shot(window, "studio-missing-extra")


def test_compare_page_shows_the_card_and_stores_thumbs(studio: AdapterStudio, core: Core) -> None:
    repository = studio._context.repository
    card = repository.add_card(
        NewCard(
            "Larkspur",
            None,
            "ab" * 32,
            "cd" * 32,
            "Starter",
            None,
            "ef" * 32,
            {"rank": 8, "alpha": 16, "targets": ["q", "v"], "epochs": 3, "learning_rate": 0.002},
            40,
            0.05,
            95.0,
        ),
        EvaluationReport(
            (
                EvaluationRow(
                    0,
                    "Who founded Larkspur?",
                    "Odessa Varnholt.",
                    ("Varnholt",),
                    "I am not sure.",
                    "Larkspur was founded by Odessa Varnholt.",
                    0.0,
                    1.0,
                ),
            )
        ),
    )
    studio.compare_page.show_card(card)
    studio.tabs.setCurrentWidget(studio.compare_page)
    assert "<b>0%</b> before" in studio.compare_page.summary.text()
    assert "<b>100%</b> after" in studio.compare_page.summary.text()
    assert not studio.compare_page.attach_button.isEnabled()  # no library adapter behind it
    thumbs = studio.compare_page.table.cellWidget(0, 7)
    thumbs.up.click()  # type: ignore[attr-defined]
    assert repository.get_card(card.id).evaluation.rows[0].thumbs_after == 1
    shot(studio, "studio-compare")


@pytest.mark.model
@pytest.mark.skipif(bool(missing_training_modules()), reason="training extra not installed")
def test_start_trains_evaluates_and_registers_while_the_gui_keeps_serving(
    studio: AdapterStudio, core: Core, tmp_path: Path
) -> None:
    studio.data_page.add_file(write_data(tmp_path / "data.jsonl"))
    studio.data_page.remove_duplicates()
    studio.data_page.held_out_spin.setValue(25)
    studio.data_page.split()
    page = studio.train_page
    page.epochs_spin.setValue(1)  # 3 training examples, batch 4: one step
    registered: list[int] = []
    studio.adapter_registered.connect(registered.append)
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(100)
    studio.tabs.setCurrentWidget(page)
    asked: list[str] = []

    def train_anyway(dialog: QWidget) -> None:  # a tiny dataset: the Studio asks first
        assert isinstance(dialog, QMessageBox)
        asked.append(dialog.text())
        dialog.button(QMessageBox.StandardButton.Yes).click()

    answer_next_dialog(train_anyway)
    page.start_button.click()
    count = len(studio.data_page.examples)
    assert asked and asked[0].startswith(f"The dataset has only {count} examples."), asked
    assert not page.start_button.isEnabled() and page.pause_button.isEnabled()
    wait_until(lambda: registered or "stopped" in page.status.text(), timeout_ms=240_000)
    timer.stop()
    assert registered, page.status.text()
    assert page.plot.points and page.plot.points[-1][0] == 1
    assert len(ticks) > 20  # the GUI thread kept running its timers during the whole run
    card = studio.compare_page.card
    assert card is not None and card.adapter_id == registered[0]
    assert len(card.evaluation.rows) == 1 and card.score_before is not None
    assert core.adapters.get(registered[0]).path.startswith(str(core.paths.adapters_dir))
    assert studio.compare_page.attach_button.isEnabled()
    attached: list[int] = []
    studio.attach_to_chat_requested.connect(attached.append)
    studio.compare_page.attach_button.click()
    assert attached == registered
    shot(studio, "studio-trained")
