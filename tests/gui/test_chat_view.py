"""The conversation view: messages, streaming, actions, links and scrolling."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from app.ui.chat.chat_view import STREAM_RENDER_MS, ChatView
from app.ui.chat.message_widget import STREAM_PLACEHOLDER, MessageWidget

CODE = 'def greet(name: str) -> str:\n    return f"Hello, {name} <&>"'
REPLY_WITH_CODE = f"Try this:\n\n```python\n{CODE}\n```\n\nThen call it."


def make(qtbot: QtBot) -> ChatView:
    view = ChatView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    qtbot.waitExposed(view)
    return view


def click_text(qtbot: QtBot, widget: MessageWidget, text: str) -> None:
    """A real mouse click on the first occurrence of `text` in the message."""
    cursor = widget.browser.document().find(text)
    assert not cursor.isNull(), f"{text!r} not shown"
    cursor.setPosition(cursor.selectionStart() + 1, QTextCursor.MoveMode.MoveAnchor)
    point = widget.browser.cursorRect(cursor).center()
    qtbot.mouseClick(widget.browser.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_streaming_many_appends_coalesce_into_one_widget(qtbot: QtBot) -> None:
    view = make(qtbot)
    view.add_message(1, "user", "Count for me")
    widget = view.begin_stream()
    assert widget.text() == STREAM_PLACEHOLDER
    renders_before = widget.render_count
    pieces = [f"word{i} " for i in range(200)]
    for piece in pieces:
        view.append_stream(piece)
    expected = "".join(pieces)
    qtbot.waitUntil(lambda: widget.text() == expected, timeout=2000)
    # 200 synchronous appends fall into one timer period: one render, not 200.
    assert widget.render_count - renders_before == 1
    assert len(view.message_widgets()) == 2
    assert widget.browser.toPlainText().strip() == expected.strip()
    view.end_stream(expected + "done.", message_id=42, complete=True, meta="SmolLM2 · 201 tokens")
    assert view.message_widgets()[-1] is widget
    assert widget.message_id == 42
    assert widget.meta() == "SmolLM2 · 201 tokens"
    assert widget.browser.toPlainText().rstrip().endswith("word199 done.")
    assert view.streaming_widget() is None


def test_stream_renders_at_most_once_per_period(qtbot: QtBot) -> None:
    view = make(qtbot)
    widget = view.begin_stream()
    start = widget.render_count
    began = time.monotonic()
    while time.monotonic() - began < 0.3:
        view.append_stream("x")
        qtbot.wait(2)
    elapsed_ms = (time.monotonic() - began) * 1000
    renders = widget.render_count - start
    assert 1 <= renders <= elapsed_ms / STREAM_RENDER_MS + 1


def test_appends_without_a_stream_are_ignored(qtbot: QtBot) -> None:
    view = make(qtbot)
    view.begin_stream()
    view.clear()  # e.g. the user opened another conversation mid-reply
    view.append_stream("stale text")
    view.end_stream("stale text", message_id=1, complete=True, meta="")
    qtbot.wait(STREAM_RENDER_MS * 2)
    assert view.message_widgets() == []


def test_copy_code_link_puts_the_exact_code_on_the_clipboard(qtbot: QtBot) -> None:
    view = make(qtbot)
    widget = view.add_message(5, "assistant", REPLY_WITH_CODE)
    qtbot.waitUntil(lambda: widget.browser.height() > 60, timeout=1000)
    QGuiApplication.clipboard().setText("before")
    click_text(qtbot, widget, "Copy")
    assert QGuiApplication.clipboard().text() == CODE
    # The message is still shown: a link click must never navigate the browser away.
    assert "Then call it." in widget.browser.toPlainText()


def test_copy_button_copies_the_whole_message(qtbot: QtBot) -> None:
    view = make(qtbot)
    widget = view.add_message(5, "assistant", REPLY_WITH_CODE)
    qtbot.mouseClick(widget.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == REPLY_WITH_CODE


def test_web_links_open_only_when_clicked(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(MessageWidget, "open_link", lambda _self, url: opened.append(url.url()))
    view = make(qtbot)
    widget = view.add_message(1, "assistant", "Read [the docs](https://docs.python.org/3/).")
    qtbot.wait(50)
    assert opened == []
    click_text(qtbot, widget, "the docs")
    assert opened == ["https://docs.python.org/3/"]
    widget.browser.anchorClicked.emit(QUrl("file:///etc/passwd"))  # never produced, never opened
    assert opened == ["https://docs.python.org/3/"]


def visible_regenerate(view: ChatView) -> list[int | None]:
    return [w.message_id for w in view.message_widgets() if w.regenerate_button.isVisibleTo(w)]


def test_regenerate_only_on_the_last_assistant_message(qtbot: QtBot) -> None:
    view = make(qtbot)
    view.add_message(1, "user", "Hi")
    view.add_message(2, "assistant", "Hello!")
    assert visible_regenerate(view) == [2]
    view.add_message(3, "user", "And?")
    view.add_message(4, "assistant", "And more.")
    assert visible_regenerate(view) == [4]
    view.begin_stream()
    assert visible_regenerate(view) == []  # nothing to regenerate while a reply streams
    view.end_stream("Fresh.", message_id=5, complete=True, meta="")
    assert visible_regenerate(view) == [5]
    last = view.last_assistant_widget()
    assert last is not None and last.message_id == 5
    with qtbot.waitSignal(view.regenerate_requested, timeout=1000):
        qtbot.mouseClick(last.regenerate_button, Qt.MouseButton.LeftButton)


def test_edit_is_offered_on_user_messages(qtbot: QtBot) -> None:
    view = make(qtbot)
    user = view.add_message(11, "user", "Question")
    reply = view.add_message(12, "assistant", "Answer")
    assert user.edit_button.isVisibleTo(user)
    assert not reply.edit_button.isVisibleTo(reply)
    with qtbot.waitSignal(view.edit_requested, timeout=1000) as blocker:
        qtbot.mouseClick(user.edit_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [11]


def test_incomplete_badge(qtbot: QtBot) -> None:
    view = make(qtbot)
    done = view.add_message(1, "assistant", "Full answer.", meta="SmolLM2 · 3 tokens")
    cut = view.add_message(2, "assistant", "Half an ans", complete=False)
    qtbot.wait(10)
    assert cut.incomplete_badge.isVisible()
    assert not done.incomplete_badge.isVisible()
    assert not cut.is_complete()
    widget = view.begin_stream()
    view.end_stream("Stopped here", message_id=3, complete=False, meta="stopped")
    assert widget.incomplete_badge.isVisibleTo(widget)


def test_user_text_is_shown_verbatim(qtbot: QtBot) -> None:
    view = make(qtbot)
    widget = view.add_message(1, "user", "# not a heading\n<b>not bold</b>")
    assert widget.browser.toPlainText() == "# not a heading\n<b>not bold</b>"


def test_notice_during_a_stream_goes_above_the_reply(qtbot: QtBot) -> None:
    view = make(qtbot)
    user = view.add_message(1, "user", "Hi")
    reply = view.begin_stream()
    view.add_notice("2 older turns were left out to fit the context")
    (notice,) = view.findChildren(QLabel, "chatNotice")
    qtbot.waitUntil(lambda: notice.isVisible() and reply.y() > user.y(), timeout=1000)
    assert user.geometry().bottom() < notice.y() < reply.y()


def test_message_height_follows_its_text(qtbot: QtBot) -> None:
    view = make(qtbot)
    widget = view.add_message(1, "assistant", "one line")
    qtbot.waitUntil(lambda: widget.browser.height() > 10, timeout=1000)
    short = widget.browser.height()
    widget.set_text("\n\n".join(f"Paragraph {i}" for i in range(12)))
    qtbot.waitUntil(lambda: widget.browser.height() > short * 6, timeout=1000)
    document_height = widget.browser.document().size().height()
    assert widget.browser.height() >= document_height  # nothing clipped
    assert widget.browser.verticalScrollBar().maximum() == 0


def test_follows_the_bottom_only_when_already_there(qtbot: QtBot) -> None:
    view = make(qtbot)
    for i in range(12):
        view.add_message(i, "user" if i % 2 == 0 else "assistant", f"Message {i}\n\n" * 3)
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum(), timeout=2000)
    view.begin_stream()
    for _ in range(30):
        view.append_stream("more text\n\n")
    qtbot.waitUntil(lambda: view.stream_text().count("more") == 30, timeout=2000)
    qtbot.waitUntil(lambda: bar.value() == bar.maximum(), timeout=2000)
    bar.setValue(0)  # the user scrolls up to read
    for _ in range(30):
        view.append_stream("even more\n\n")
    qtbot.wait(STREAM_RENDER_MS * 4)
    assert bar.value() == 0
    assert bar.maximum() > 0


def test_wheel_over_a_message_scrolls_the_conversation(qtbot: QtBot) -> None:
    view = make(qtbot)
    for i in range(10):
        view.add_message(i, "assistant", "A paragraph.\n\n" * 6)
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=2000)
    bar.setValue(0)
    text_area = view.message_widgets()[0].browser.viewport()
    where = text_area.mapTo(view.window(), QPoint(20, 10))
    assert QApplication.widgetAt(view.window().mapToGlobal(where)) is text_area
    window = view.windowHandle()
    assert window is not None
    QTest.wheelEvent(window, QPointF(where), QPoint(0, -120))  # a real, propagating event
    qtbot.waitUntil(lambda: bar.value() > 0, timeout=1000)


def test_clear_removes_everything(qtbot: QtBot) -> None:
    view = make(qtbot)
    view.add_message(1, "user", "a")
    view.add_notice("note")
    view.begin_stream()
    view.clear()
    assert view.message_widgets() == []
    assert view.last_assistant_widget() is None
    qtbot.wait(10)  # deleteLater runs in the event loop
    assert view.findChildren(QLabel, "chatNotice") == []
    assert view.findChildren(MessageWidget) == []


def test_how_a_reply_ended_shows_as_badges_and_continue_is_offered_on_the_last_one(
    qtbot: QtBot,
) -> None:
    view = ChatView()
    qtbot.addWidget(view)
    view.add_message(1, "user", "q")
    cut = view.add_message(2, "assistant", "A long answer that", finish_reason="length")
    assert cut.badges.cut_off.isVisibleTo(cut) and cut.continue_button.isVisibleTo(cut)
    assert not cut.badges.repetition.isVisibleTo(cut)
    view.add_message(3, "user", "q2")
    looped = view.add_message(4, "assistant", "Again.", finish_reason="repetition")
    # Only the last reply can be continued; the earlier one still says it was cut off.
    assert cut.badges.cut_off.isVisibleTo(cut) and not cut.continue_button.isVisibleTo(cut)
    assert looped.badges.repetition.isVisibleTo(looped)
    assert not looped.continue_button.isVisibleTo(looped)
    # A reply stopped by the user is "incomplete", whatever it was heading for.
    view.add_message(5, "user", "q3")
    stopped = view.add_message(6, "assistant", "Part", complete=False, finish_reason="cancelled")
    assert stopped.incomplete_badge.isVisibleTo(stopped)
    assert not stopped.badges.cut_off.isVisibleTo(stopped)
    assert not stopped.continue_button.isVisibleTo(stopped)


def test_continue_streams_into_the_same_reply(qtbot: QtBot) -> None:
    view = ChatView()
    qtbot.addWidget(view)
    view.add_message(1, "user", "q")
    reply = view.add_message(2, "assistant", "It began", finish_reason="length")
    with qtbot.waitSignal(view.continue_requested):
        reply.continue_button.click()
    assert view.continue_stream() is reply
    assert reply.is_streaming() and not reply.badges.cut_off.isVisibleTo(reply)
    assert not reply.continue_button.isVisibleTo(reply)
    view.append_stream(" and went on.")
    qtbot.waitUntil(lambda: reply.text() == "It began and went on.")
    view.end_stream(
        "It began and went on.", message_id=2, complete=True, meta="", finish_reason="stop"
    )
    assert len(view.message_widgets()) == 2
    assert not reply.is_streaming() and reply.finish_reason() == "stop"
    assert not reply.continue_button.isVisibleTo(reply)
