"""The library controller alone: the model picker, imports and their errors, remote models."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QProgressBar
from pytestqt.qtbot import QtBot

from app.storage.records import ModelRecord
from app.ui.library.adapter_panel import AdapterPanel
from app.ui.library.library_controller import LibraryController, no_model_hint

from .controller_parts import Parts
from .event_wait import wait_until


@pytest.fixture
def parts(hearth_home: Path, qtbot: QtBot) -> Iterator[Parts]:
    made = Parts(qtbot)
    yield made
    made.close()


def library_of(parts: Parts, remote: list[tuple[str, str]] | None = None) -> LibraryController:
    core = parts.core
    return LibraryController(
        core.library,
        core.adapters,
        models=core.models,
        profile=core,
        chat=parts.chat,
        picker=QComboBox(parts.host),
        adapter_panel=AdapterPanel(),
        progress=QProgressBar(parts.host),
        remote_models=lambda: list(remote or []),
        parent=parts.host,
    )


def test_an_empty_library_says_how_to_get_a_model(parts: Parts) -> None:
    library = library_of(parts)
    hints: list[str] = []
    library.hint.connect(hints.append)
    library.refresh_models()
    assert library.picker.count() == 1 and library.picker.itemData(0) is None
    assert hints == [no_model_hint()]


def test_an_imported_model_becomes_the_default_in_the_picker(
    parts: Parts, starter_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = library_of(parts, remote=[("Remote: team · big", "endpoint:team")])
    loads: list[ModelRecord] = []
    monkeypatch.setattr(parts.chat, "load_model", loads.append)  # no inference thread here
    states: list[str] = []
    library.state.connect(states.append)
    task = library.import_model_file(starter_model)
    assert library.progress.isVisibleTo(parts.host)
    wait_until(lambda: library.import_task is None, timeout_ms=60_000)
    task.wait()
    record = parts.core.models.list()[0]
    assert parts.core.settings.default_model_id == record.id
    assert [r.id for r in loads] == [record.id]
    assert library.picker.currentData() == record.id
    assert library.picker.itemData(1) == "endpoint:team"  # remote models follow the local ones
    assert states[-1] == f"Imported {record.name}"
    assert not library.progress.isVisibleTo(parts.host)

    chosen: list[str] = []
    library.remote_chosen.connect(chosen.append)
    library.picker.activated.emit(1)
    assert chosen == ["team"]


def test_a_file_that_is_not_a_model_is_refused_with_its_name(parts: Parts, tmp_path: Path) -> None:
    library = library_of(parts)
    errors: list[str] = []
    library.error.connect(errors.append)
    bogus = tmp_path / "report.gguf"
    bogus.write_text("quarterly figures", encoding="utf-8")
    assert library.import_gguf(bogus) is None
    assert errors and "report.gguf" in errors[0]
    assert parts.core.models.list() == []
