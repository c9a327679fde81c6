"""An unsaved reply edit is never dropped silently: leaving the chat (another chat, a new one,
deleting it, closing the window) or sending its history on (a new message, regenerate) asks
"Save changes to this reply?" with Save / Discard / Cancel, in the real main window on a real
SQLite profile (and, for sending and regenerating, the real starter model).

Most tests answer through ReplyFeedback.ask_unsaved; the window-close tests answer the real
QMessageBox from a timer. A screenshot of the question goes to /tmp/shots/unsaved_reply_edit.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.config import Paths
from app.core import Core
from app.storage.records import Conversation
from app.ui.chat.conversation_list import ConversationListPanel
from app.ui.chat.message_widget import MessageWidget
from app.ui.chat.reply_editor import EMPTY_REPLY
from app.ui.chat.unsaved_edit_prompt import BOX_NAME, QUESTION
from app.ui.common.unsaved_question import UnsavedChoice

from .event_wait import wait_until
from .test_chat_feedback import (
    FIRST_REPLY,
    FIXED_REPLY,
    SECOND_REPLY,
    Chat,
    click,
    open_chat,
    reply_widget,
    store_chat,
    stored_feedback,
)
from .test_main_window import REPLY_TIMEOUT_MS, Session

SAVE, DISCARD, CANCEL = UnsavedChoice.SAVE, UnsavedChoice.DISCARD, UnsavedChoice.CANCEL
OTHER_QUESTION = "What colour is the logo?"
OTHER_REPLY = "The logo is dark green."


class Answers:
    """Stands in for the question: answers in order and records which reply it was asked
    about (each test checks that record). Asked once more than it has answers, it says Cancel:
    nothing is lost, and pytest-qt's own closing of the window after the test is refused, so
    the fixture closes it (see close_quietly)."""

    def __init__(self, *choices: UnsavedChoice) -> None:
        self._choices = list(choices)
        self.asked: list[int | None] = []

    def __call__(self, reply: MessageWidget) -> UnsavedChoice:
        self.asked.append(reply.message_id)
        return self._choices.pop(0) if self._choices else CANCEL


@pytest.fixture
def session(hearth_home: Path, qtbot: QtBot) -> Iterator[Session]:
    session = Session(qtbot)
    session.window.resize(1000, 760)
    yield session
    close_quietly(session)


def close_quietly(session: Session) -> None:
    # A test may leave an edited reply open (that is what Cancel does), and pytest-qt closes
    # the window before fixtures end, with the test's last answers: close it here, dropping it.
    session.window.controller.feedback.ask_unsaved = lambda _reply: DISCARD
    session.close()


def answer_with(session: Session, *choices: UnsavedChoice) -> Answers:
    answers = Answers(*choices)
    session.window.controller.feedback.ask_unsaved = answers
    return answers


def store_other_chat(session: Session) -> int:
    chats = session.core.chats
    other = chats.conversations.create("Logo")
    chats.messages.add(other.id, "user", OTHER_QUESTION)
    chats.messages.add(other.id, "assistant", OTHER_REPLY)
    return other.id


def show_in_list(session: Session, chat: Chat) -> None:
    """Open the chat by clicking it in the list, as the user does."""
    session.window.chat_list.refresh()
    click_row(session, chat.id)
    assert session.window.controller.conversation_id == chat.id
    widgets = session.window.chat_view.message_widgets()
    session.qtbot.waitUntil(lambda: all(w.isVisible() for w in widgets), timeout=2000)


def click_row(session: Session, conversation_id: int) -> None:
    view = session.window.conversations.view
    index = session.window.conversations.model.index_of(conversation_id)
    assert index.isValid(), f"chat {conversation_id} is not listed"
    session.qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )


def listed_selection(panel: ConversationListPanel) -> tuple[int | None, list[int]]:
    """(the current row's chat, the chats highlighted) as the list shows them."""
    current = panel.model.conversation_at(panel.view.currentIndex())
    selected = [panel.model.conversation_at(i) for i in panel.view.selectedIndexes()]
    return (
        current.id if current else None,
        [c.id for c in selected if c is not None],
    )


def start_edit(session: Session, message_id: int, text: str) -> MessageWidget:
    widget = reply_widget(session, message_id)
    click(session.qtbot, widget.edit_reply_button)
    assert widget.editor is not None
    widget.editor.text_edit.setPlainText(text)
    return widget


def shown_ids(session: Session) -> list[int | None]:
    return [w.message_id for w in session.window.chat_view.message_widgets()]


# ---- switching chats --------------------------------------------------------------------------


def test_switching_chats_save_stores_the_edit_then_switches(session: Session) -> None:
    chat = store_chat(session)
    other = store_other_chat(session)
    show_in_list(session, chat)
    start_edit(session, chat.second_reply, FIXED_REPLY)
    answers = answer_with(session, SAVE)

    click_row(session, other)

    assert answers.asked == [chat.second_reply]
    assert session.core.chats.messages.get(chat.second_reply).content == FIXED_REPLY
    assert stored_feedback(session) == {chat.second_reply: (None, SECOND_REPLY)}
    assert session.window.controller.conversation_id == other
    assert session.window.chat_view.message_widget(chat.second_reply) is None
    assert session.window.conversations.selected_id() == other


def test_switching_chats_discard_drops_the_edit_then_switches(session: Session) -> None:
    chat = store_chat(session)
    other = store_other_chat(session)
    show_in_list(session, chat)
    start_edit(session, chat.second_reply, FIXED_REPLY)
    answers = answer_with(session, DISCARD)

    click_row(session, other)

    assert answers.asked == [chat.second_reply]
    assert session.core.chats.messages.get(chat.second_reply).content == SECOND_REPLY
    assert stored_feedback(session) == {}
    assert session.window.controller.conversation_id == other
    assert session.window.conversations.selected_id() == other
    # Back in the first chat, the reply is as it was and no editor is open.
    click_row(session, chat.id)
    assert answers.asked == [chat.second_reply]  # nothing left to ask about
    second = reply_widget(session, chat.second_reply)
    assert not second.is_editing() and second.text() == SECOND_REPLY


def test_switching_chats_cancel_stays_with_the_editor_and_the_list_too(
    session: Session, qtbot: QtBot
) -> None:
    chat = store_chat(session)
    other = store_other_chat(session)
    show_in_list(session, chat)
    second = start_edit(session, chat.second_reply, FIXED_REPLY)
    answers = answer_with(session, CANCEL)

    click_row(session, other)

    assert answers.asked == [chat.second_reply]
    assert session.window.controller.conversation_id == chat.id
    assert session.window.chat_view.message_widget(chat.second_reply) is second
    assert second.is_editing() and second.editor is not None
    assert second.editor.text() == FIXED_REPLY
    assert session.core.chats.messages.get(chat.second_reply).content == SECOND_REPLY
    panel = session.window.conversations
    qtbot.waitUntil(lambda: listed_selection(panel) == (chat.id, [chat.id]), timeout=2000)
    assert panel.selected_id() == chat.id

    # The keyboard moves the current row the same way; Cancel again keeps everything.
    answers = answer_with(session, CANCEL)
    panel.view.setFocus()
    above = panel.model.index_of(other).row() < panel.model.index_of(chat.id).row()
    qtbot.keyClick(panel.view, Qt.Key.Key_Up if above else Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: listed_selection(panel) == (chat.id, [chat.id]), timeout=2000)
    assert answers.asked == [chat.second_reply]
    assert session.window.controller.conversation_id == chat.id
    assert second.editor.text() == FIXED_REPLY


def test_a_failed_save_cancels_the_switch_and_shows_why(session: Session) -> None:
    chat = store_chat(session)
    other = store_other_chat(session)
    show_in_list(session, chat)
    second = start_edit(session, chat.second_reply, FIXED_REPLY)
    session.core.chats.messages.truncate_from(chat.id, 1)  # deleted behind the window's back
    answers = answer_with(session, SAVE)

    click_row(session, other)

    assert answers.asked == [chat.second_reply]
    assert session.window.controller.conversation_id == chat.id
    assert second.is_editing() and second.editor is not None
    assert "was not found" in second.editor.error()
    assert second.editor.text() == FIXED_REPLY

    # A blank edit is refused by the editor itself, before storage: the same outcome.
    second.editor.text_edit.setPlainText("   ")
    answers = answer_with(session, SAVE)
    assert session.window.controller.new_conversation() == chat.id
    assert second.editor.error() == EMPTY_REPLY
    assert session.window.controller.conversation_id == chat.id


def test_an_editor_without_changes_closes_silently(session: Session) -> None:
    chat = store_chat(session)
    other = store_other_chat(session)
    show_in_list(session, chat)
    first = reply_widget(session, chat.first_reply)
    click(session.qtbot, first.edit_reply_button)
    assert first.editor is not None
    first.editor.text_edit.setPlainText(FIRST_REPLY + " More.")
    first.editor.text_edit.setPlainText(FIRST_REPLY)  # typed, then put back: no change
    answers = answer_with(session)  # any question fails the test

    click_row(session, other)

    assert answers.asked == []
    assert session.window.controller.conversation_id == other
    assert stored_feedback(session) == {}


def test_two_open_edits_are_asked_about_in_turn(session: Session) -> None:
    chat = store_chat(session)
    open_chat(session, chat)
    start_edit(session, chat.first_reply, FIRST_REPLY + " In a barn.")
    second = start_edit(session, chat.second_reply, FIXED_REPLY)
    answers = answer_with(session, DISCARD, CANCEL)

    assert not session.window.controller.settle_reply_edits()
    assert answers.asked == [chat.first_reply, chat.second_reply]
    assert not reply_widget(session, chat.first_reply).is_editing()  # discarded
    assert second.is_editing()  # kept, by Cancel

    answers = answer_with(session, SAVE)
    assert session.window.controller.settle_reply_edits()
    assert answers.asked == [chat.second_reply]
    assert stored_feedback(session) == {chat.second_reply: (None, SECOND_REPLY)}
    assert not second.is_editing()


# ---- a new chat, deleting the chat ------------------------------------------------------------


def conversation_ids(session: Session) -> list[int]:
    return [c.id for c in session.core.chats.conversations.list()]


def test_new_chat_asks_and_cancel_makes_no_chat(session: Session, qtbot: QtBot) -> None:
    chat = store_chat(session)
    show_in_list(session, chat)
    second = start_edit(session, chat.second_reply, FIXED_REPLY)
    before = conversation_ids(session)
    answers = answer_with(session, CANCEL)

    click(qtbot, session.window.conversations.new_button)

    assert answers.asked == [chat.second_reply]
    assert conversation_ids(session) == before
    assert session.window.controller.conversation_id == chat.id
    assert second.is_editing()

    answers = answer_with(session, SAVE)
    session.window.commands.new_chat.trigger()  # Ctrl+N
    assert answers.asked == [chat.second_reply]
    assert len(conversation_ids(session)) == len(before) + 1
    assert session.window.controller.conversation_id not in before
    assert session.core.chats.messages.get(chat.second_reply).content == FIXED_REPLY


def test_switching_assistant_asks_and_cancel_keeps_the_chat_and_the_picker(
    session: Session,
) -> None:
    chat = store_chat(session)
    show_in_list(session, chat)
    second = start_edit(session, chat.second_reply, FIXED_REPLY)
    before = conversation_ids(session)
    picker = session.window.assistants.picker
    shown_before = picker.currentText()
    assistant = session.core.assistants.list()[0]
    answers = answer_with(session, CANCEL)

    picker.setCurrentIndex(picker.findData(assistant.id))  # as the user's pick shows it
    session.window.assistants.switch_assistant(assistant.id)

    assert answers.asked == [chat.second_reply]
    assert conversation_ids(session) == before  # no chat was started for the assistant
    assert session.window.controller.conversation_id == chat.id
    assert second.is_editing()
    assert picker.currentText() == shown_before


def test_deleting_the_chat_in_view_asks_and_cancel_keeps_it(session: Session) -> None:
    chat = store_chat(session)
    other = store_other_chat(session)
    show_in_list(session, chat)
    second = start_edit(session, chat.second_reply, FIXED_REPLY)
    panel = session.window.conversations
    confirmed: list[str] = []
    panel.confirm_delete = lambda title: confirmed.append(title) or True  # type: ignore[method-assign]
    answers = answer_with(session, CANCEL)

    panel.delete_current()

    assert confirmed == ["Larkspur facts"]
    assert answers.asked == [chat.second_reply]
    assert chat.id in conversation_ids(session)
    assert session.window.controller.conversation_id == chat.id and second.is_editing()

    answers = answer_with(session, DISCARD)
    panel.delete_current()
    assert answers.asked == [chat.second_reply]
    assert conversation_ids(session) == [other]
    assert session.window.controller.conversation_id is None
    assert session.window.chat_view.message_widgets() == []


def test_deleting_another_chat_does_not_ask(session: Session) -> None:
    chat = store_chat(session)
    other = store_other_chat(session)
    show_in_list(session, chat)
    second = start_edit(session, chat.second_reply, FIXED_REPLY)
    answers = answer_with(session)
    session.window.conversations.delete_requested.emit(other)  # what a confirmed delete emits
    assert answers.asked == []
    assert conversation_ids(session) == [chat.id]
    assert second.is_editing() and second.editor is not None
    assert second.editor.text() == FIXED_REPLY


def test_the_list_guard_on_its_own(qtbot: QtBot) -> None:
    """The panel without a window: a refusing guard keeps the selection and emits nothing."""
    now = datetime(2025, 1, 2, tzinfo=UTC)
    rows = [
        Conversation(1, "One", now, now, None, None),
        Conversation(2, "Two", now, now, None, None),
    ]
    panel = ConversationListPanel()
    qtbot.addWidget(panel)
    panel.set_conversations(rows)
    panel.show()
    panel.select(1)
    allow: list[bool] = [False]
    asked: list[int] = []

    def guard() -> bool:
        asked.append(1)
        return allow[0]

    panel.set_leave_guard(guard)
    picked: list[int] = []
    panel.conversation_selected.connect(picked.append)
    view = panel.view
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.visualRect(panel.model.index_of(2)).center(),
    )
    qtbot.waitUntil(lambda: listed_selection(panel) == (1, [1]), timeout=2000)
    assert (asked, picked, panel.selected_id()) == ([1], [], 1)

    allow[0] = True
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.visualRect(panel.model.index_of(2)).center(),
    )
    assert (asked, picked, panel.selected_id()) == ([1, 1], [2], 2)
    assert listed_selection(panel) == (2, [2])


# ---- closing the window: the real question box --------------------------------------------------


def answer_box(button: QMessageBox.StandardButton, seen: list[dict[str, object]]) -> None:
    """Press `button` on the question once it is open (exec() blocks until then), noting what
    it showed; a screenshot of it goes to /tmp/shots."""

    def attempt(left: int) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            if left > 0:
                QTimer.singleShot(10, lambda: attempt(left - 1))
            return
        seen.append(
            {
                "name": box.objectName(),
                "text": box.text(),
                "buttons": sorted(box.standardButton(b).name for b in box.buttons()),
                "default": box.standardButton(box.defaultButton()).name,
            }
        )
        Path("/tmp/shots").mkdir(exist_ok=True)
        box.grab().save("/tmp/shots/unsaved_reply_edit.png")
        target = box.button(button)
        assert target is not None
        target.click()

    QTimer.singleShot(0, lambda: attempt(500))


EXPECTED_BOX = {
    "name": BOX_NAME,
    "text": QUESTION,
    "buttons": ["Cancel", "Discard", "Save"],
    "default": "Save",
}


def test_closing_the_window_cancel_keeps_it_open_with_the_edit(session: Session) -> None:
    chat = store_chat(session)
    open_chat(session, chat)
    second = start_edit(session, chat.second_reply, FIXED_REPLY)
    seen: list[dict[str, object]] = []
    answer_box(QMessageBox.StandardButton.Cancel, seen)

    assert session.window.close() is False

    assert seen == [EXPECTED_BOX]
    assert session.window.isVisible()
    assert second.is_editing() and second.editor is not None
    assert second.editor.text() == FIXED_REPLY
    assert session.core.chats.messages.get(chat.second_reply).content == SECOND_REPLY
    answer_with(session)  # no real box when pytest-qt closes the window after the test


@pytest.mark.parametrize(
    ("button", "stored"),
    [(QMessageBox.StandardButton.Save, FIXED_REPLY), (QMessageBox.StandardButton.Discard, None)],
    ids=["save", "discard"],
)
def test_closing_the_window_save_or_discard_then_closes(
    hearth_home: Path, qtbot: QtBot, button: QMessageBox.StandardButton, stored: str | None
) -> None:
    session = Session(qtbot)
    chat = store_chat(session)
    open_chat(session, chat)
    start_edit(session, chat.second_reply, FIXED_REPLY)
    seen: list[dict[str, object]] = []
    answer_box(button, seen)
    try:
        assert session.window.close() is True
        assert seen == [EXPECTED_BOX]
        assert not session.window.isVisible()
    finally:
        session.bridge.shutdown()
        session.core.close()

    core = Core.open(Paths.resolve())  # what the next start finds
    try:
        content = core.chats.messages.get(chat.second_reply).content
        assert content == (stored or SECOND_REPLY)
    finally:
        core.close()


def test_closing_the_window_with_an_untouched_editor_does_not_ask(
    hearth_home: Path, qtbot: QtBot
) -> None:
    session = Session(qtbot)
    chat = store_chat(session)
    open_chat(session, chat)
    click(qtbot, reply_widget(session, chat.second_reply).edit_reply_button)
    answers = answer_with(session)
    try:
        assert session.window.close() is True
        assert answers.asked == []
    finally:
        session.bridge.shutdown()
        session.core.close()


# ---- sending and regenerating (the real starter model) ---------------------------------------


@pytest.fixture
def session_with_model(hearth_home: Path, starter_model: Path, qtbot: QtBot) -> Iterator[Session]:
    core = Core.open(Paths.resolve())
    core.library.import_model(starter_model)
    core.close()
    session = Session(qtbot, max_tokens=12)
    session.window.resize(1000, 760)
    session.load()
    yield session
    close_quietly(session)


def stored_roles(session: Session, chat: Chat) -> list[tuple[str, str]]:
    return [(m.role, m.content) for m in session.core.chats.messages.list(chat.id)]


def test_send_and_regenerate_ask_first(session_with_model: Session, qtbot: QtBot) -> None:
    session = session_with_model
    chat = store_chat(session)
    show_in_list(session, chat)
    # The last reply was cut short: edit it into the one wanted.
    cut = start_edit(session, chat.cut_reply, "The warranty covers two years of repairs.")
    history = stored_roles(session, chat)

    answers = answer_with(session, CANCEL)
    session.type_and_send("And batteries?")
    assert answers.asked == [chat.cut_reply]
    assert not session.window.controller.busy
    assert stored_roles(session, chat) == history
    assert session.window.composer.editor.toPlainText() == "And batteries?"  # kept to send later
    assert cut.is_editing()

    answers = answer_with(session, CANCEL)
    session.window.commands.regenerate.trigger()  # Ctrl+R
    assert answers.asked == [chat.cut_reply]
    assert not session.window.controller.busy
    assert stored_roles(session, chat) == history and cut.is_editing()

    # Save, then the message goes out with the edited reply in its history.
    answers = answer_with(session, SAVE)
    qtbot.keyClick(session.window.composer.editor, Qt.Key.Key_Return)
    assert answers.asked == [chat.cut_reply]
    session.wait_idle()
    roles = stored_roles(session, chat)
    assert roles[: len(history)] == [
        *history[:-1],
        ("assistant", "The warranty covers two years of repairs."),
    ]
    assert roles[len(history)] == ("user", "And batteries?")
    assert roles[-1][0] == "assistant" and len(roles) == len(history) + 2

    # Regenerate with an edit of the new reply open: Discard, and a new reply replaces it.
    last = session.window.chat_view.last_assistant_widget()
    assert last is not None and last.message_id is not None
    start_edit(session, last.message_id, "Batteries are covered for one year.")
    answers = answer_with(session, DISCARD)
    click(qtbot, last.regenerate_button)
    assert answers.asked == [last.message_id]
    wait_until(lambda: not session.window.controller.busy, timeout_ms=REPLY_TIMEOUT_MS)
    stored = session.core.chats.messages.list(chat.id)
    assert len(stored) == len(history) + 2
    assert stored[-1].content != "Batteries are covered for one year."
    assert stored_feedback(session) == {
        chat.cut_reply: (None, "The warranty covers"),
    }
