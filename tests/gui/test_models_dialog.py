"""The models dialog: listing, default choice, and removal with confirmation."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.config import Paths
from app.core import Core
from app.library.catalog import load_catalog
from app.library.starter import STARTER_SHA256
from app.ui.library.models_dialog import ModelsDialog

SHOTS = Path("/tmp/shots")


@pytest.fixture
def core(hearth_home: Path, starter_model: Path, tmp_path: Path) -> Iterator[Core]:
    core = Core.open(Paths.resolve())
    linked = tmp_path / "linked" / "linked.gguf"
    linked.parent.mkdir()
    shutil.copyfile(starter_model, linked)
    core.library.import_model(linked)
    core.library.import_model(starter_model, copy=True)
    yield core
    core.close()


def answer_box(dialog: ModelsDialog, choose: Callable[[QMessageBox], None]) -> None:
    """Answer the confirmation once it is open (exec() blocks until then)."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        choose(box)

    QTimer.singleShot(20, answer)


def click(label: str, *, delete_file: bool = False) -> Callable[[QMessageBox], None]:
    def choose(box: QMessageBox) -> None:
        if box.checkBox() is not None:
            box.checkBox().setChecked(delete_file)
        for button in box.buttons():
            if button.text() == label:
                button.click()
                return
        raise AssertionError(f"no {label!r} button in {[b.text() for b in box.buttons()]}")

    return choose


def test_lists_models_and_removes_with_confirmation(core: Core, qtbot: QtBot) -> None:
    linked, copied = core.library.list()
    dialog = ModelsDialog(
        core.library, default_id=linked.id, fit_for=lambda r: ("fits", "plenty of memory")
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 2
    # The starter's catalog name, not its GGUF general.name ("Smollm2 135M 8k Lc100K Mix1 Ep2").
    assert dialog.table.item(0, 0).text() == "SmolLM2 135M Instruct  (default)"
    assert dialog.table.item(1, 0).text() == "SmolLM2 135M Instruct"
    assert dialog.table.item(0, 7).text() == "Linked in place"
    assert dialog.table.item(1, 7).text() == "Copied into Hearth"
    assert dialog.table.item(1, 6).text() == "fits"
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "models-dialog.png"))

    # Cancel: nothing happens.
    dialog.table.selectRow(1)
    answer_box(dialog, click("Cancel"))
    dialog.remove_selected()
    assert len(core.library.list()) == 2 and Path(copied.path).is_file()

    # The copy, with "also delete the file": both go.
    answer_box(dialog, click("Remove", delete_file=True))
    with qtbot.waitSignal(dialog.models_changed, timeout=5000):
        dialog.remove_selected()
    assert [r.id for r in core.library.list()] == [linked.id]
    assert not Path(copied.path).exists()

    # The linked file: only forgotten; the box offers no way to delete it.
    dialog.table.selectRow(0)
    seen: list[object] = []

    def remove_linked(box: QMessageBox) -> None:
        seen.append(box.checkBox())
        click("Remove")(box)

    answer_box(dialog, remove_linked)
    dialog.remove_selected()
    assert seen == [None]
    assert core.library.list() == []
    assert Path(linked.path).is_file()
    assert dialog.table.rowCount() == 0
    assert "No models yet" in dialog.detail.text()


def test_choosing_a_default(core: Core, qtbot: QtBot) -> None:
    linked, copied = core.library.list()
    dialog = ModelsDialog(core.library, default_id=linked.id)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(1)
    with qtbot.waitSignal(dialog.default_chosen) as signal:
        dialog.default_button.click()
    assert signal.args == [copied.id]
    assert dialog.table.item(1, 0).text().endswith("(default)")


def test_export_all_data_from_the_window(hearth_home: Path, qtbot: QtBot, tmp_path: Path) -> None:
    from app.ui.common.engine_bridge import EngineBridge
    from app.ui.shell.main_window import MainWindow

    core = Core.open(Paths.resolve())
    core.chats.new_conversation()
    window = MainWindow(core, EngineBridge())
    qtbot.addWidget(window)
    task = window.data_care.export_all_data(tmp_path / "export.zip")
    assert task is not None
    with qtbot.waitSignal(task.succeeded, timeout=10_000):
        pass
    assert (tmp_path / "export.zip").is_file()
    assert "Exported" in window.status.currentMessage()
    window.close()
    core.close()


def test_a_catalog_download_shows_its_entry_and_the_hash_it_got(
    hearth_home: Path, starter_model: Path, qtbot: QtBot
) -> None:
    core = Core.open(Paths.resolve())
    try:
        entry = load_catalog().get("smollm2-135m-instruct")
        record = core.library.import_model(starter_model, catalog_entry=entry, verified_by="sha256")
        assert (record.catalog_id, record.verified_by) == (entry.id, "sha256")
        dialog = ModelsDialog(core.library, default_id=None)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.table.item(0, 0).text() == "SmolLM2 135M Instruct"
        detail = dialog.detail.text()
        assert f"sha256 {STARTER_SHA256}" in detail
        assert (
            "Downloaded from Hearth's catalog as smollm2-135m-instruct: its sha256 matched "
            "the pin in Hearth's catalog"
        ) in detail
        SHOTS.mkdir(exist_ok=True)
        dialog.grab().save(str(SHOTS / "models-dialog-catalog-download.png"))
    finally:
        core.close()
