"""Drafting examples from documents in the Studio: the real starter model drafts on the app's one
inference thread, lent to a thread off the GUI thread; grounded drafts come ticked, the user's
choice goes to the dataset."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.config import Paths
from app.core import Core
from app.engine.client import EngineClient
from app.knowledge.knowledge_base import Attach
from app.library.model_library import ModelLibrary
from app.training.document_drafts import Draft, SourcePassage, judge_draft
from app.ui.studio.context import worker_drafter
from app.ui.studio.draft_dialog import DraftDialog
from tests.gui.event_wait import wait_until
from tests.integration.test_docs_draft_cli import SECTIONS, write_handbook

SHOTS = Path("/tmp/shots")


@pytest.fixture
def core(hearth_home: Path, starter_model: Path, tmp_path: Path) -> Iterator[Core]:
    opened = Core.open(Paths.resolve())
    ModelLibrary(opened.models, opened.paths).import_model(starter_model)
    opened.knowledge.add_files(
        [write_handbook(tmp_path)], attach_to=Attach.to_collection("Handbook")
    )
    yield opened
    opened.close()


@pytest.fixture
def engine(core: Core) -> Iterator[EngineClient]:
    client = core.start_engine()
    yield client
    client.shutdown()


def dialog_for(qtbot: QtBot, core: Core, **kwargs: object) -> DraftDialog:
    kwargs.setdefault("drafter", worker_drafter(None))
    dialog = DraftDialog(core.knowledge, core.models.list(), **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_real_model_drafts_and_the_ticked_ones_are_chosen(
    qtbot: QtBot, core: Core, engine: EngineClient
) -> None:
    dialog = dialog_for(qtbot, core, drafter=worker_drafter(engine))
    assert dialog.collection_combo.itemText(1) == "Handbook (1)"
    dialog.collection_combo.setCurrentIndex(1)
    dialog.passages_spin.setValue(3)
    assert not dialog.add_button.isEnabled()
    dialog.draft_button.click()
    assert dialog.running and not dialog.draft_button.isEnabled()
    wait_until(lambda: not dialog.running, timeout_ms=180_000)

    drafts = dialog.drafts
    assert len(drafts) == 3 and dialog.table.rowCount() == 3
    assert {d.passage.label for d in drafts} == {f"handbook.md, {s}" for s in SECTIONS}
    kept = [d for d in drafts if d.kept]
    assert kept, [d.problem for d in drafts]
    assert dialog.chosen_examples == [d.example for d in kept]  # grounded ones come ticked
    assert dialog.add_button.text() == f"Add {len(kept)} to dataset"

    first_kept = next(i for i, d in enumerate(drafts) if d.kept)
    dialog.set_checked(first_kept, False)
    assert drafts[first_kept].example not in dialog.chosen_examples
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.resize(900, 520)
    assert dialog.grab().save(str(SHOTS / "studio_drafts.png"))


def test_stop_keeps_what_was_drafted_and_failures_are_shown(qtbot: QtBot, core: Core) -> None:
    started = threading.Event()
    release = threading.Event()

    def slow_drafter(
        model_path: str,
        passages: Sequence[SourcePassage],
        system: str | None,
        stop: threading.Event,
        on_draft: Callable[[int, Draft], None],
    ) -> list[Draft]:
        drafts = []
        for index, passage in enumerate(passages):
            if stop.is_set():
                break
            started.set()
            release.wait(10)
            draft = judge_draft(passage, "Question: How many days of leave?\nAnswer: 27")
            drafts.append(draft)
            on_draft(index, draft)
        return drafts

    dialog = dialog_for(qtbot, core, drafter=slow_drafter)
    dialog.passages_spin.setValue(3)
    dialog.draft_button.click()
    assert started.wait(10)
    dialog.stop_button.click()
    assert dialog.progress.format() == "Stopping after this passage…"
    release.set()
    wait_until(lambda: not dialog.running, timeout_ms=20_000)
    assert len(dialog.drafts) == 1 and dialog.progress.format() == "Stopped"

    def broken(*_args: object) -> list[Draft]:
        raise RuntimeError("the model file is gone")

    failing = dialog_for(qtbot, core, drafter=broken)
    failing.draft_button.click()
    wait_until(lambda: not failing.running, timeout_ms=20_000)
    assert failing.status.text() == "Drafting failed: the model file is gone"
    assert failing.draft_button.isEnabled() and not failing.add_button.isEnabled()


def test_without_documents_it_says_what_to_do(qtbot: QtBot, hearth_home: Path) -> None:
    opened = Core.open(Paths.resolve())
    try:
        dialog = dialog_for(qtbot, opened)
        assert not dialog.draft_button.isEnabled()
        assert "Add a model first" in dialog.status.text()
    finally:
        opened.close()


def test_data_page_adds_the_chosen_drafts(qtbot: QtBot, core: Core, engine: EngineClient) -> None:
    from app.ui.studio import AdapterStudio
    from app.ui.studio.context import StudioContext

    studio = AdapterStudio(StudioContext.from_core(core, engine))
    qtbot.addWidget(studio)
    studio.show()
    page = studio.data_page
    assert page.draft_button.isVisible()
    dialog = page.open_draft_dialog()
    assert dialog is not None and dialog.isVisible()
    dialog.passages_spin.setValue(3)
    dialog.draft_button.click()
    wait_until(lambda: not dialog.running, timeout_ms=180_000)
    usable = [i for i, d in enumerate(dialog.drafts) if d.example is not None]
    assert usable, [d.problem for d in dialog.drafts]
    for row in usable:
        dialog.set_checked(row, True)  # the user keeps every readable draft
    chosen = dialog.chosen_examples
    assert len(chosen) == len(usable)
    dialog.add_button.click()
    assert page.examples == tuple(chosen)
    assert page.problems.text().startswith(f"Added {len(chosen)} drafted example")
    assert all(e.source.startswith("drafted from handbook.md") for e in page.examples)
