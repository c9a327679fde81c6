"""Thumbs and in-place edits of chat replies, in the real main window on a real SQLite profile,
and what Adapter Studio's "from chats" source then finds.

No model is needed: the chat is stored first, then opened the way the conversation list opens it.
Screenshots of both themes go to /tmp/shots/chat_feedback_<theme>.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.storage.records import GenerationRecord
from app.training.sources import examples_from_chats
from app.ui.chat.message_widget import MessageWidget
from app.ui.chat.reply_editor import EMPTY_REPLY
from app.ui.chat.reply_marks import BAD_TIP, GOOD_ON_TIP, GOOD_TIP
from app.ui.common.theme import apply_theme
from app.ui.common.unsaved_question import UnsavedChoice
from app.ui.studio.context import StudioContext

from .test_main_window import Session

SYSTEM = "You answer for Larkspur Outdoor."
FIRST_QUESTION = "Who founded Larkspur?"
FIRST_REPLY = "Larkspur was founded by **Odessa Varnholt** in 2009."
SECOND_QUESTION = "Where is the head office?"
SECOND_REPLY = "The head office is in Paris."
FIXED_REPLY = "The head office is in **Quillon Harbor**, next to the ferry terminal."
THIRD_QUESTION = "What does the warranty cover?"
CUT_REPLY = "The warranty covers"

GENERATION = GenerationRecord(
    model_sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
    model_name="SmolLM2-135M-Instruct",
    sampling={"temperature": 0.7, "max_tokens": 256},
    seed=1234,
    prompt_tokens=40,
    prompt_tokens_evaluated=40,
    completion_tokens=12,
    ttft_s=0.05,
    decode_tokens_per_s=80.0,
    total_s=0.2,
    finish_reason="stop",
)


@dataclass
class Chat:
    id: int
    first_reply: int
    second_reply: int
    cut_reply: int


@pytest.fixture
def session(hearth_home: Path, qtbot: QtBot) -> Iterator[Session]:
    session = Session(qtbot)
    session.window.resize(1000, 760)
    # Some tests leave an edited reply open, and pytest-qt closes the window after the test
    # (before this fixture ends): answer the question that closing asks (it is tested in
    # test_chat_unsaved_edit.py), so no modal box waits for a click.
    session.window.controller.feedback.ask_unsaved = lambda _reply: UnsavedChoice.DISCARD
    yield session
    session.close()


def store_chat(session: Session) -> Chat:
    conversations = session.core.chats.conversations
    messages = session.core.chats.messages
    chat = conversations.create("Larkspur facts", system_prompt=SYSTEM)
    messages.add(chat.id, "user", FIRST_QUESTION)
    first = messages.add(chat.id, "assistant", FIRST_REPLY, generation=GENERATION)
    messages.add(chat.id, "user", SECOND_QUESTION)
    second = messages.add(chat.id, "assistant", SECOND_REPLY, generation=GENERATION)
    messages.add(chat.id, "user", THIRD_QUESTION)
    cut = messages.add(chat.id, "assistant", CUT_REPLY, complete=False)
    return Chat(chat.id, first.id, second.id, cut.id)


def open_chat(session: Session, chat: Chat) -> None:
    session.window.controller.open_conversation(chat.id)
    assert session.window.controller.conversation_id == chat.id
    # Widgets added to a shown layout are shown by a queued call: let it run.
    widgets = session.window.chat_view.message_widgets()
    session.qtbot.waitUntil(lambda: all(w.isVisible() for w in widgets), timeout=2000)


def reply_widget(session: Session, message_id: int) -> MessageWidget:
    widget = session.window.chat_view.message_widget(message_id)
    assert widget is not None, f"reply {message_id} is not shown"
    return widget


def stored_feedback(session: Session) -> dict[int, tuple[str | None, str | None]]:
    """message id -> (mark, text as generated), straight from the reply_feedback table."""
    rows = session.core.training.feedback()
    return {row.message_id: (row.mark, row.generated_content) for row in rows}


def click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def test_thumbs_store_the_mark_and_show_it_when_the_chat_is_opened_again(
    session: Session, qtbot: QtBot
) -> None:
    chat = store_chat(session)
    open_chat(session, chat)
    first = reply_widget(session, chat.first_reply)
    good, bad = first.marks.good_button, first.marks.bad_button
    assert good.isVisible() and bad.isVisible()
    assert good.toolTip() == GOOD_TIP and bad.toolTip() == BAD_TIP
    assert not good.isChecked() and not bad.isChecked()

    click(qtbot, good)
    assert stored_feedback(session) == {chat.first_reply: ("good", None)}
    assert good.isChecked() and not bad.isChecked()
    assert good.toolTip() == GOOD_ON_TIP

    click(qtbot, bad)  # the other thumb replaces the mark
    assert stored_feedback(session) == {chat.first_reply: ("bad", None)}
    assert bad.isChecked() and not good.isChecked()

    click(qtbot, bad)  # the lit thumb again clears it
    assert stored_feedback(session)[chat.first_reply] == (None, None)
    assert not good.isChecked() and not bad.isChecked()

    click(qtbot, good)
    second = reply_widget(session, chat.second_reply)
    click(qtbot, second.marks.bad_button)

    # Another chat in between, then this one again: the marks come back from the database.
    session.window.controller.new_conversation()
    assert session.window.chat_view.message_widget(chat.first_reply) is None
    open_chat(session, chat)
    assert reply_widget(session, chat.first_reply).mark() == "good"
    assert reply_widget(session, chat.first_reply).marks.good_button.isChecked()
    assert reply_widget(session, chat.second_reply).marks.bad_button.isChecked()
    assert not reply_widget(session, chat.second_reply).marks.good_button.isChecked()


def test_a_cut_short_reply_has_no_thumbs_but_can_be_edited(session: Session) -> None:
    chat = store_chat(session)
    open_chat(session, chat)
    cut = reply_widget(session, chat.cut_reply)
    assert cut.incomplete_badge.isVisible()
    assert not cut.marks.isVisible()
    assert cut.edit_reply_button.isVisible()
    # Storage refuses it too (e.g. a stale window); the thumbs then stay dark.
    cut.marks.set_mark(None)
    session.window.controller.feedback.mark(chat.cut_reply, "good")
    assert stored_feedback(session) == {}
    assert cut.mark() is None
    assert "incomplete" in session.window.error_label.text()


def test_a_refused_click_leaves_the_thumbs_dark(session: Session, qtbot: QtBot) -> None:
    chat = store_chat(session)
    open_chat(session, chat)
    first = reply_widget(session, chat.first_reply)
    session.core.chats.messages.truncate_from(chat.id, 1)  # deleted behind the window's back
    click(qtbot, first.marks.good_button)
    assert not first.marks.good_button.isChecked()
    assert first.mark() is None
    assert "was not found" in session.window.error_label.text()
    assert stored_feedback(session) == {}


def test_no_thumbs_or_edit_while_a_reply_streams(session: Session) -> None:
    chat = store_chat(session)
    open_chat(session, chat)
    streaming = session.window.chat_view.begin_stream()
    assert not streaming.marks.isVisibleTo(streaming)
    assert not streaming.edit_reply_button.isVisibleTo(streaming)
    assert streaming.begin_reply_edit() is None
    session.window.chat_view.end_stream("Done.", message_id=None, complete=True, meta="")
    assert not streaming.marks.isVisibleTo(streaming)  # not saved: nothing to mark

    view = session.window.chat_view
    saved = view.begin_stream()
    view.end_stream("Saved.", message_id=chat.first_reply, complete=True, meta="")
    assert saved.marks.isVisibleTo(saved) and saved.edit_reply_button.isVisibleTo(saved)
    stopped = view.begin_stream()
    view.end_stream("Stopp", message_id=chat.second_reply, complete=False, meta="")
    assert not stopped.marks.isVisibleTo(stopped)
    assert stopped.edit_reply_button.isVisibleTo(stopped)


def test_edit_a_reply_in_place_and_save_with_ctrl_enter(session: Session, qtbot: QtBot) -> None:
    chat = store_chat(session)
    open_chat(session, chat)
    changed: list[int] = []
    session.window.controller.conversation_changed.connect(changed.append)
    second = reply_widget(session, chat.second_reply)
    assert second.edit_reply_button.isVisible()
    assert not second.edit_button.isVisible()  # that one resends a user message
    question = session.window.chat_view.message_widgets()[0]
    assert question.role == "user" and not question.edit_reply_button.isVisible()
    assert not question.marks.isVisible()
    assert not second.edited_badge.isVisible()

    click(qtbot, second.edit_reply_button)
    editor = second.editor
    assert editor is not None and editor.isVisible()
    assert not second.browser.isVisible()
    assert editor.text() == SECOND_REPLY  # the Markdown source, not the rendered text
    assert not second.marks.isVisible() and not second.copy_button.isVisible()
    editor.text_edit.selectAll()
    qtbot.keyClicks(editor.text_edit, FIXED_REPLY)
    qtbot.keyClick(
        editor.text_edit, Qt.Key.Key_Return, modifier=Qt.KeyboardModifier.ControlModifier
    )

    assert not second.is_editing() and second.browser.isVisible()
    assert "Quillon Harbor" in second.browser.toPlainText()
    assert second.text() == FIXED_REPLY
    assert second.edited_badge.isVisible()
    stored = session.core.chats.messages.get(chat.second_reply)
    assert stored.content == FIXED_REPLY
    assert stored.generation == GENERATION  # what produced the reply is not rewritten
    assert stored_feedback(session) == {chat.second_reply: (None, SECOND_REPLY)}
    assert changed == [chat.id]  # the chat list learns the chat changed

    # A second edit keeps the first original: the pair stays generated -> latest edit.
    click(qtbot, second.edit_reply_button)
    assert second.editor is not None
    second.editor.text_edit.setPlainText(FIXED_REPLY + " Open on weekdays.")
    click(qtbot, second.editor.save_button)
    assert stored_feedback(session) == {chat.second_reply: (None, SECOND_REPLY)}
    assert session.core.chats.messages.get(chat.second_reply).content.endswith("weekdays.")

    # Reopened, the reply still says it was edited.
    open_chat(session, chat)
    assert reply_widget(session, chat.second_reply).edited_badge.isVisible()
    assert not reply_widget(session, chat.first_reply).edited_badge.isVisible()


def test_escape_cancels_and_an_unchanged_save_writes_nothing(
    session: Session, qtbot: QtBot
) -> None:
    chat = store_chat(session)
    open_chat(session, chat)
    updated_before = session.core.chats.conversations.get(chat.id).updated_at
    first = reply_widget(session, chat.first_reply)

    click(qtbot, first.edit_reply_button)
    assert first.editor is not None
    qtbot.keyClicks(first.editor.text_edit, " and more")
    qtbot.keyClick(first.editor.text_edit, Qt.Key.Key_Escape)
    assert not first.is_editing()
    assert first.text() == FIRST_REPLY
    assert session.core.chats.messages.get(chat.first_reply).content == FIRST_REPLY

    click(qtbot, first.edit_reply_button)
    assert first.editor is not None
    click(qtbot, first.editor.save_button)  # saved as it was
    assert not first.is_editing()
    assert not first.edited_badge.isVisible()
    assert stored_feedback(session) == {}
    assert session.core.chats.conversations.get(chat.id).updated_at == updated_before


def test_an_empty_reply_is_refused_and_the_editor_stays_open(
    session: Session, qtbot: QtBot
) -> None:
    chat = store_chat(session)
    open_chat(session, chat)
    first = reply_widget(session, chat.first_reply)
    click(qtbot, first.edit_reply_button)
    editor = first.editor
    assert editor is not None
    editor.text_edit.setPlainText("  \n ")
    click(qtbot, editor.save_button)
    assert first.is_editing()
    assert editor.error() == EMPTY_REPLY
    assert editor.error_label.isVisible()
    assert session.core.chats.messages.get(chat.first_reply).content == FIRST_REPLY

    # A refusal from storage (the reply was deleted meanwhile) shows in the editor too, and
    # what the user typed stays there.
    editor.text_edit.setPlainText("My better answer.")
    session.core.chats.messages.truncate_from(chat.id, 1)
    click(qtbot, editor.save_button)
    assert first.is_editing()
    assert "was not found" in editor.error()
    assert editor.text() == "My better answer."


def test_studio_chat_source_yields_the_marked_and_the_edited_replies(
    session: Session, qtbot: QtBot
) -> None:
    chat = store_chat(session)
    open_chat(session, chat)
    click(qtbot, reply_widget(session, chat.first_reply).marks.good_button)
    second = reply_widget(session, chat.second_reply)
    click(qtbot, second.edit_reply_button)
    assert second.editor is not None
    second.editor.text_edit.setPlainText(FIXED_REPLY)
    click(qtbot, second.editor.save_button)

    # Exactly what the Studio's "Add replies from chats" button calls, with its context.
    studio = StudioContext.from_core(session.core, None)
    examples = examples_from_chats(
        studio.repository.feedback(), studio.messages, studio.conversations
    )
    assert [e.reply for e in examples] == [FIRST_REPLY, FIXED_REPLY]
    assert [(t.role, t.content) for t in examples[1].turns] == [
        ("system", SYSTEM),
        ("user", FIRST_QUESTION),
        ("assistant", FIRST_REPLY),
        ("user", SECOND_QUESTION),
        ("assistant", FIXED_REPLY),
    ]
    assert "(marked good)" in examples[0].source and "(edited)" in examples[1].source

    # Marked bad after all: the Studio leaves the edited reply out.
    click(qtbot, second.marks.bad_button)
    examples = examples_from_chats(
        studio.repository.feedback(), studio.messages, studio.conversations
    )
    assert [e.reply for e in examples] == [FIRST_REPLY]


def _count_near(image: QImage, color: QColor, tolerance: int = 40) -> int:
    found = 0
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            if (
                abs(pixel.red() - color.red()) <= tolerance
                and abs(pixel.green() - color.green()) <= tolerance
                and abs(pixel.blue() - color.blue()) <= tolerance
            ):
                found += 1
    return found


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_screenshot_of_a_marked_reply_and_one_being_edited(
    session: Session, qtbot: QtBot, qapp: QApplication, theme: str
) -> None:
    apply_theme(qapp, theme)
    try:
        chat = store_chat(session)
        session.core.chats.messages.edit_reply(
            chat.first_reply, FIRST_REPLY + " It began in a barn."
        )
        open_chat(session, chat)
        first = reply_widget(session, chat.first_reply)
        click(qtbot, first.marks.good_button)
        second = reply_widget(session, chat.second_reply)
        click(qtbot, second.edit_reply_button)
        assert second.editor is not None
        second.editor.text_edit.setPlainText(FIXED_REPLY)
        qtbot.wait(50)  # let the layout settle before grabbing
        view = session.window.chat_view
        view.verticalScrollBar().setValue(0)
        Path("/tmp/shots").mkdir(exist_ok=True)
        image = view.grab().toImage()
        image.save(f"/tmp/shots/chat_feedback_{theme}.png")

        # The lit thumb is solid green; the unlit one is not.
        green = QColor("#2e7d32" if theme == "light" else "#6cc070")
        assert _count_near(first.marks.good_button.grab().toImage(), green) > 20
        assert _count_near(first.marks.bad_button.grab().toImage(), green) == 0
        # The badge and the editor are on screen, inside the view.
        assert first.edited_badge.isVisible()
        editor_top = second.editor.mapTo(view.viewport(), second.editor.rect().topLeft())
        assert 0 <= editor_top.y() < view.viewport().height()
    finally:
        apply_theme(qapp, "light")
