"""The main window's library entry points: Get models, Find models, the fit column, diagnostics."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.config import Paths
from app.core import Core
from app.ui.common import file_dialogs
from app.ui.common.engine_bridge import EngineBridge
from app.ui.shell.main_window import MainWindow


@pytest.fixture
def window(hearth_home: Path, starter_model: Path, qtbot: QtBot) -> Iterator[MainWindow]:
    core = Core.open(Paths.resolve())
    core.library.import_model(starter_model)
    chat = core.chats.new_conversation()
    core.chats.messages.add(chat.id, "user", "The secret merger code is BLUEFIN-42")
    window = MainWindow(core, EngineBridge())
    qtbot.addWidget(window)
    yield window
    window.close()
    core.close()


def test_get_models_lists_the_catalog_with_a_fit_estimate(window: MainWindow) -> None:
    dialog = window.library.open_catalog()
    assert dialog is not None
    items = [
        dialog.tree.topLevelItem(i).child(j)
        for i in range(dialog.tree.topLevelItemCount())
        for j in range(dialog.tree.topLevelItem(i).childCount())
    ]
    assert len(items) >= 10
    fit_column = 1 + max(
        c for c in range(dialog.tree.columnCount()) if dialog.tree.headerItem().text(c) != ""
    )
    labels = {item.text(c) for item in items for c in range(fit_column)}
    assert {"fits", "tight", "won't fit"} & labels
    dialog.close()


def test_the_models_dialog_shows_a_real_fit_for_the_starter_model(window: MainWindow) -> None:
    verdict, why = window.library.fit_of(window.core.models.list()[0])
    assert verdict == "fits"  # 135M parameters on a 24 GiB machine
    assert "Needs about" in why
    dialog = window.library.open_models()
    assert dialog.table.item(0, 6).text() == "fits"
    dialog.close()


def test_find_models_opens_the_discovery_dialog(window: MainWindow) -> None:
    dialog = window.library.open_discovery()
    assert dialog.isVisible()
    dialog.cancel()
    dialog.close()


def test_diagnostics_hold_versions_and_never_chat_text(window: MainWindow) -> None:
    text = window.data_care.copy_diagnostics()
    assert "BLUEFIN" not in text
    assert "Hearth" in text and "Python" in text
    from PySide6.QtWidgets import QApplication

    assert QApplication.clipboard().text() == text


def test_slash_in_the_chat_opens_templates_with_the_chats_documents(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    core = window.core
    chat = core.chats.conversations.list()[0]
    window.controller.open_conversation(chat.id)
    memo = tmp_path / "q3.md"
    memo.write_text("# Q3\n\nRevenue grew 12% to 4.1 M EUR.\n")
    report = core.knowledge.add_files([memo])
    core.knowledge.store.attach_to_conversation(
        chat.id, document_ids=[report.indexed[0].document.id]
    )
    window.show()
    qtbot.keyClicks(window.composer.editor, "/quart")
    picker = window.documents.picker
    assert picker.isVisible()
    assert picker.visible_ids() and all("quarter" in i for i in picker.visible_ids())
    seen: list[object] = []
    original = window.templates_panel.open_template

    def spy(template_id: str, **kwargs: object) -> bool:
        seen.append((template_id, kwargs.get("attachments")))
        return original(template_id, **kwargs)  # type: ignore[arg-type]

    window.templates_panel.open_template = spy  # type: ignore[method-assign]
    picker.choose_current()
    assert window.modes.currentWidget() is window.templates_panel
    assert window.commands.documents_mode.isChecked()
    (template_id, attachments) = seen[0]
    assert "quarter" in template_id
    assert [(d.title, "4.1 M EUR" in d.text) for d in attachments] == [("q3.md", True)]
    assert window.composer.text() == ""
    Path("/tmp/shots").mkdir(exist_ok=True)
    window.grab().save("/tmp/shots/documents-mode.png")
    window.documents.show_chat_mode()
    assert window.modes.currentIndex() == 0


def test_export_and_restore_in_the_file_menu_ask_for_a_file(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def save_file(_parent: object, title: str, *_rest: object) -> tuple[None, None]:
        asked.append(title)
        return None, None  # the user cancels

    def open_file(_parent: object, title: str, *_rest: object) -> None:
        asked.append(title)

    monkeypatch.setattr(file_dialogs, "save_file", save_file)
    monkeypatch.setattr(file_dialogs, "open_file", open_file)
    window.commands.export_data.trigger()
    window.commands.restore_data.trigger()
    assert asked == ["Export all data", "Restore from an export"]
    assert window.data_care.task is None and not window.error_banner.isVisibleTo(window)
