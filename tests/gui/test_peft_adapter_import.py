"""The Adapters panel's PEFT import: a folder or zip is converted off the GUI thread for the
model it fits and appears in the panel; one for another base is refused with the reason.
And the Studio's "Train on another machine" writes its folder where the user chooses."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QProgressBar
from pytestqt.qtbot import QtBot

from app.training.examples import make_example
from app.ui.common import file_dialogs
from app.ui.library.adapter_panel import AdapterPanel
from app.ui.library.library_controller import LibraryController
from tests.fixtures.peft_folder import starter_shaped, write_peft_folder

from .controller_parts import Parts
from .event_wait import wait_until


@pytest.fixture
def parts(hearth_home: Path, qtbot: QtBot, starter_model: Path) -> Iterator[Parts]:
    made = Parts(qtbot)
    made.core.library.import_model(starter_model)
    yield made
    made.close()


def library_of(parts: Parts) -> LibraryController:
    return LibraryController(
        parts.core.library,
        parts.core.adapters,
        models=parts.core.models,
        profile=parts.core,
        chat=parts.chat,
        picker=QComboBox(parts.host),
        adapter_panel=AdapterPanel(),
        progress=QProgressBar(parts.host),
        parent=parts.host,
    )


def test_a_peft_zip_chosen_in_the_panel_is_converted_and_listed(
    parts: Parts, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = starter_shaped(tmp_path / "shop-tone")
    archive = Path(shutil.make_archive(str(tmp_path / "shop-tone"), "zip", tmp_path, "shop-tone"))
    library = library_of(parts)
    monkeypatch.setattr(file_dialogs, "open_file", lambda *_a: archive)
    states: list[str] = []
    library.state.connect(states.append)
    assert [a.text() for a in library.adapter_panel.import_menu.actions()] == [
        "GGUF adapter or PEFT .zip…",
        "PEFT adapter folder…",
    ]
    library.adapter_panel.import_menu.actions()[0].trigger()
    assert states[0] == "Converting the PEFT adapter shop-tone.zip…"
    wait_until(lambda: library.adapter_task is None, timeout_ms=60_000)
    (record,) = parts.core.adapters.list()
    assert (record.name, record.rank, record.tensor_count) == ("shop-tone", 4, 60)
    assert states[-1] == "Imported adapter shop-tone"
    assert [row.record.id for row in library.adapter_panel.rows] == [record.id]
    assert folder.is_dir()  # the user's folder is left as it was


def test_a_folder_for_another_base_is_refused_with_the_reason(
    parts: Parts, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_peft_folder(tmp_path / "big-lora", hidden=2048, layers=24, kv_width=512)
    library = library_of(parts)
    monkeypatch.setattr(file_dialogs, "choose_folder", lambda *_a: folder)
    errors: list[str] = []
    library.error.connect(errors.append)
    library.adapter_panel.import_menu.actions()[1].trigger()
    wait_until(lambda: bool(errors), timeout_ms=60_000)
    assert errors[0].startswith("Adapter import failed: big-lora is an adapter for another base")
    assert "hidden size 2048 and 24 layers" in errors[0]
    assert "has 576 and 30" in errors[0]
    assert parts.core.adapters.list() == []
    assert not library.progress.isVisibleTo(parts.host)


def test_train_elsewhere_writes_the_folder_with_the_starter_repository(
    parts: Parts, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui.studio.context import StudioContext
    from app.ui.studio.studio_window import AdapterStudio

    studio = AdapterStudio(StudioContext.from_core(parts.core, None))
    qtbot.addWidget(studio)
    studio.data_page.model.add([make_example(f"Q{i}?", f"A{i}.") for i in range(8)])
    monkeypatch.setattr(file_dialogs, "choose_folder", lambda *_a: tmp_path)
    studio.refresh_estimate()
    assert studio.train_page.estimate_label.text().startswith("Training here: about")
    studio.train_page.elsewhere_button.click()
    (written,) = tmp_path.glob("*-train-elsewhere")
    assert "HuggingFaceTB/SmolLM2-135M-Instruct" in (written / "train_trl.py").read_text()
    assert studio.train_page.status.text().startswith(f"Wrote {written}.")


def test_a_model_too_big_to_train_here_puts_the_other_machine_in_front(
    parts: Parts, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from app.ui.studio import elsewhere_action
    from app.ui.studio.context import StudioContext
    from app.ui.studio.studio_window import AdapterStudio

    monkeypatch.setattr(elsewhere_action, "has_gpu", lambda: False)
    studio = AdapterStudio(StudioContext.from_core(parts.core, None))
    qtbot.addWidget(studio)
    studio.data_page.model.add([make_example(f"Q{i}? " * 40, f"A{i}. " * 80) for i in range(60)])
    starter = parts.core.models.list()[0]
    big = replace(starter, id=99, name="Big 70B", parameter_count=70_000_000_000, sha256="1" * 64)
    studio.train_page.set_models([starter, big])
    studio.refresh_estimate()
    assert not studio.train_page.elsewhere_button.isDefault()
    studio.train_page.base_combo.setCurrentIndex(1)  # the estimate follows the chosen model
    text = studio.train_page.estimate_label.text()
    assert "is too big to train here in reasonable time" in text
    assert studio.train_page.elsewhere_button.isDefault()
