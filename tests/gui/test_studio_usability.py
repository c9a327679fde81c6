"""The Studio as a user meets it: Cancel reads "Training cancelled." (a worker too busy to answer
is killed, and that is still no error), a worker killed from outside says so, a tiny dataset asks
first, counts read in proper plurals, and every page passes the accessibility audit."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.config import Paths
from app.core import Core
from app.training import process as process_module
from app.training.config import TrainingJob
from app.training.examples import make_example
from app.ui.studio.component_download_dialog import ComponentDownloadDialog
from app.ui.studio.context import StudioContext, worker_drafter
from app.ui.studio.draft_dialog import DraftDialog
from app.ui.studio.studio_window import FEW_EXAMPLES, AdapterStudio
from tests.gui.accessibility_audit import tab_chain_problems, unnamed_interactive_widgets
from tests.gui.event_wait import wait_until
from tests.gui.knowledge_helpers import answer_next_dialog

BUSY_WORKER = [sys.executable, "-c", "import time; time.sleep(60)"]
HARD_KILL = getattr(signal, "SIGKILL", signal.SIGTERM)


@pytest.fixture
def studio(hearth_home: Path, qtbot: QtBot) -> Iterator[AdapterStudio]:
    core = Core.open(Paths.resolve())
    window = AdapterStudio(StudioContext.from_core(core, None))
    qtbot.addWidget(window)
    window.resize(1000, 760)
    window.show()
    yield window
    window.close()
    core.close()


def start_busy_run(studio: AdapterStudio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A real child process that, like a worker still loading its model, answers nothing."""
    monkeypatch.setattr(process_module, "worker_command", lambda *_a, **_k: list(BUSY_WORKER))
    monkeypatch.setattr(process_module, "CANCEL_GRACE_S", 0.2)
    job = TrainingJob(
        base_gguf=str(tmp_path / "base.gguf"),
        train_file=str(tmp_path / "train.jsonl"),
        run_dir=str(tmp_path / "run"),
        adapter_name="Larkspur",
    )
    studio.runner.start(job)
    studio.train_page.set_state("running")


def test_cancel_reads_training_cancelled_even_when_the_worker_is_killed(
    studio: AdapterStudio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    start_busy_run(studio, tmp_path, monkeypatch)
    page = studio.train_page
    page.cancel_button.click()
    assert studio.runner.cancel_requested
    wait_until(lambda: page.start_button.isEnabled(), timeout_ms=20_000)
    assert page.status.text() == "Training cancelled."
    assert page.status.property("tone") in (None, "")


def test_a_worker_killed_from_outside_says_so(
    studio: AdapterStudio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    start_busy_run(studio, tmp_path, monkeypatch)
    page = studio.train_page
    process = studio.runner._process
    assert process is not None and process.pid is not None
    os.kill(process.pid, HARD_KILL)
    wait_until(lambda: page.start_button.isEnabled(), timeout_ms=20_000)
    text = page.status.text()
    assert text.startswith("Training stopped: the training process ended unexpectedly")
    assert "worker.log" in text
    assert page.status.property("tone") == "error"


def test_a_small_dataset_asks_first_with_its_count(
    studio: AdapterStudio, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    def decline(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        seen.append(dialog.text())
        dialog.button(QMessageBox.StandardButton.No).click()

    answer_next_dialog(decline)
    assert not studio.confirm_dataset_size(1)
    assert seen and seen[0].startswith("The dataset has only 1 example.")
    assert f"fewer than {FEW_EXAMPLES} examples" in seen[0]

    seen.clear()
    # Enough examples: no question at all (a question box here would record itself).
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **_kw: seen.append(str(args)))
    assert studio.confirm_dataset_size(FEW_EXAMPLES)
    assert seen == []


def test_counts_read_in_proper_plurals(studio: AdapterStudio) -> None:
    page = studio.data_page
    page.model.add([make_example("Where is Larkspur based?", "In Quillon Harbor.")])
    assert page.summary.text().startswith("1 example: ")
    page.model.add([make_example("Who founded Larkspur?", "Odessa Varnholt.")])
    assert page.summary.text().startswith("2 examples: ")


def test_every_studio_page_passes_the_accessibility_audit(
    studio: AdapterStudio, qtbot: QtBot
) -> None:
    studio.data_page.model.add([make_example("Where is Larkspur based?", "In Quillon Harbor.")])
    for index in range(studio.tabs.count()):
        studio.tabs.setCurrentIndex(index)
        qtbot.wait(10)
        assert unnamed_interactive_widgets(studio) == [], studio.tabs.tabText(index)
        assert tab_chain_problems(studio) == [], studio.tabs.tabText(index)


def test_the_drafting_and_component_download_dialogs_pass_the_audit(
    hearth_home: Path, qtbot: QtBot, tmp_path: Path
) -> None:
    core = Core.open(Paths.resolve())
    try:
        drafts = DraftDialog(core.knowledge, [], drafter=worker_drafter(None))
        qtbot.addWidget(drafts)
        drafts.show()
        assert unnamed_interactive_widgets(drafts) == [] and tab_chain_problems(drafts) == []
        download = ComponentDownloadDialog(tmp_path, "")
        qtbot.addWidget(download)
        download.show()
        assert unnamed_interactive_widgets(download) == []
        assert tab_chain_problems(download) == []
    finally:
        core.close()
