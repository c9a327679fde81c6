"""The conversation list: the item model on its own, then the panel's signals."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from app.storage.records import Conversation
from app.ui.chat.conversation_list import (
    FILTER_DEBOUNCE_MS,
    ConversationListModel,
    ConversationListPanel,
)


def conversation(conversation_id: int, title: str, day: int = 1) -> Conversation:
    stamp = datetime(2026, 3, day, 9, 30)
    return Conversation(conversation_id, title, stamp, stamp, None, None)


ROWS = [conversation(3, "Quarterly report", 3), conversation(2, "Email to Ana", 2)]


def test_model_roles_without_widgets() -> None:
    model = ConversationListModel()
    model.set_conversations(ROWS)
    assert model.rowCount() == 2
    first = model.index(0, 0)
    assert model.data(first, ConversationListModel.IdRole) == 3
    assert model.data(first, ConversationListModel.TitleRole) == "Quarterly report"
    assert model.data(first, Qt.ItemDataRole.DisplayRole) == "Quarterly report"
    assert model.data(first, ConversationListModel.UpdatedRole) == datetime(2026, 3, 3, 9, 30)
    names = {bytes(name.data()) for name in model.roleNames().values()}
    assert {b"id", b"title", b"updated"} <= names
    assert model.index_of(2).row() == 1
    assert not model.index_of(99).isValid()
    assert model.data(QModelIndex(), ConversationListModel.IdRole) is None
    assert model.rowCount(first) == 0  # a list: rows have no children


def test_model_rename_in_place_reports_the_new_title(qtbot: QtBot) -> None:
    model = ConversationListModel()
    model.set_conversations(ROWS)
    with qtbot.waitSignal(model.title_edited, timeout=1000) as blocker:
        assert model.setData(model.index(1, 0), "  Email   to Ana (final) ")
    assert blocker.args == [2, "Email to Ana (final)"]
    assert model.data(model.index(1, 0), ConversationListModel.TitleRole) == "Email to Ana (final)"
    with qtbot.assertNotEmitted(model.title_edited):
        assert not model.setData(model.index(1, 0), "   ")  # an empty title is refused


class AnsweringPanel(ConversationListPanel):
    """The panel with the confirmation dialog answered by the test."""

    def __init__(self, answer: bool) -> None:
        super().__init__()
        self.answer = answer
        self.asked: list[str] = []

    def confirm_delete(self, title: str) -> bool:
        self.asked.append(title)
        return self.answer


def make(qtbot: QtBot, answer: bool = True) -> AnsweringPanel:
    panel = AnsweringPanel(answer)
    qtbot.addWidget(panel)
    panel.set_conversations(ROWS)
    panel.resize(260, 400)
    panel.show()
    return panel


def test_delete_emits_only_after_confirmation(qtbot: QtBot) -> None:
    panel = make(qtbot, answer=True)
    panel.select(2)
    with qtbot.waitSignal(panel.delete_requested, timeout=1000) as blocker:
        qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert blocker.args == [2]
    assert panel.asked == ["Email to Ana"]


def test_delete_declined_emits_nothing(qtbot: QtBot) -> None:
    panel = make(qtbot, answer=False)
    panel.select(3)
    with qtbot.assertNotEmitted(panel.delete_requested):
        qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert panel.asked == ["Quarterly report"]


def test_filter_is_debounced_into_one_signal(qtbot: QtBot) -> None:
    panel = make(qtbot)
    seen: list[str] = []
    panel.filter_changed.connect(seen.append)
    qtbot.keyClicks(panel.filter_edit, "report")
    assert seen == []  # nothing while typing
    qtbot.wait(FILTER_DEBOUNCE_MS * 3)
    assert seen == ["report"]


def test_click_selects_and_select_does_not_echo(qtbot: QtBot) -> None:
    panel = make(qtbot)
    rect = panel.view.visualRect(panel.model.index_of(2))
    with qtbot.waitSignal(panel.conversation_selected, timeout=1000) as blocker:
        qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [2]
    with qtbot.assertNotEmitted(panel.conversation_selected):
        panel.select(3)  # the controller opened it already
        panel.select(3)
        panel.set_conversations([*ROWS, conversation(1, "Older", 1)])  # refresh keeps it
    assert panel.view.currentIndex().data(ConversationListModel.IdRole) == 3
    with qtbot.waitSignal(panel.conversation_selected, timeout=1000) as blocker:
        panel.select(2, notify=True)
    assert blocker.args == [2]


def test_new_chat_button(qtbot: QtBot) -> None:
    panel = make(qtbot)
    with qtbot.waitSignal(panel.new_requested, timeout=1000):
        qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)


def test_f2_renames_in_place(qtbot: QtBot) -> None:
    panel = make(qtbot)
    panel.select(3)
    qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    assert panel.view.state() == QAbstractItemView.State.EditingState
    editor = panel.view.indexWidget(panel.view.currentIndex()) or panel.view.focusWidget()
    assert editor is not None
    with qtbot.waitSignal(panel.rename_requested, timeout=1000) as blocker:
        editor.setProperty("text", "Q1 report")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert blocker.args == [3, "Q1 report"]


def test_empty_state_text(qtbot: QtBot) -> None:
    panel = make(qtbot)
    assert not panel.empty_label.isVisible()
    panel.filter_edit.setText("zzz")
    panel.set_conversations([])
    assert panel.empty_label.isVisible()
    assert panel.empty_label.text() == "No matching chats"
