"""View > Show uncertainty: the real window, engine and starter model; the shading's character
formats in the rendered reply, and again after a restart (from the database)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from app.chats.confidence import low_confidence_spans
from app.config import Paths
from app.core import Core
from app.ui.chat.message_widget import MessageWidget
from app.ui.chat.uncertainty_shading import tint_for

from .test_main_window import Session


def shaded_formats(widget: MessageWidget) -> list[tuple[str, str, str]]:
    """(text, background colour, tooltip) read back from the document at each shaded span."""
    document = widget.browser.document()
    found = []
    for start, end, _span in widget.uncertainty.shaded:
        cursor = QTextCursor(document)
        cursor.setPosition(start + 1)  # the format of the span's first character
        char = cursor.charFormat()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        found.append((cursor.selectedText(), char.background().color().name(), char.toolTip()))
    return found


def reply_widget(session: Session) -> MessageWidget:
    return [w for w in session.window.chat_view.message_widgets() if w.role == "assistant"][-1]


def test_unsure_words_are_shaded_and_stay_so_after_a_restart(
    hearth_home: Path, starter_model: Path, qtbot: QtBot
) -> None:
    core = Core.open(Paths.resolve())
    core.library.import_model(starter_model)
    core.close()
    session = Session(qtbot, max_tokens=60)
    try:
        session.load()
        session.type_and_send("Invent a name and a slogan for a small bakery in Tampere.")
        session.wait_idle()
        widget = reply_widget(session)
        assert widget.uncertainty.has_values
        assert widget.uncertainty.shaded == []  # off by default

        action = session.window.commands.show_uncertainty
        assert action.shortcut().toString() == "Ctrl+Shift+U"
        action.trigger()
        assert session.core.settings.show_uncertainty
        conversation_id = session.window.controller.conversation_id
        stored = session.core.chats.messages.list(conversation_id or 0)[-1]
        assert stored.generation is not None and stored.generation.confidence is not None
        spans = low_confidence_spans(stored.generation.confidence, stored.content)
        assert spans, "a small model at temperature 0.7 is unsure of some words"
        formats = shaded_formats(widget)
        assert len(formats) >= len(spans) // 2  # found in the rendered Markdown
        palette = widget.browser.palette()
        for (text, colour, tip), (_s, _e, span) in zip(
            formats, widget.uncertainty.shaded, strict=True
        ):
            assert text.strip() and text in stored.content
            assert colour == tint_for(palette, span.probability).name()
            assert tip.startswith("The model was unsure here") and "%" in tip
        first = formats
        # Hovering a shaded word shows the probability (Qt's own tooltip path).
        start = widget.uncertainty.shaded[0][0]
        cursor = QTextCursor(widget.browser.document())
        cursor.setPosition(start + 1)
        point = widget.browser.cursorRect(cursor).center()
        viewport = widget.browser.viewport()
        hover = QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
        QApplication.sendEvent(viewport, hover)
        assert QToolTip.text() == formats[0][2]
        QToolTip.hideText()
    finally:
        session.close()

    # A restart: the setting and the values come back from disk.
    again = Session(qtbot, max_tokens=60)
    try:
        assert again.window.commands.show_uncertainty.isChecked()
        again.window.controller.open_conversation(conversation_id)
        widget = reply_widget(again)
        assert shaded_formats(widget) == first
        positions = [start for start, _end, _span in widget.uncertainty.shaded]
        again.window.commands.show_uncertainty.trigger()  # off: plain text again
        assert widget.uncertainty.shaded == []
        for start in positions:
            cursor = QTextCursor(widget.browser.document())
            cursor.setPosition(start + 1)
            assert cursor.charFormat().toolTip() == ""
        assert not again.core.settings.show_uncertainty
    finally:
        again.close()


def test_a_reply_without_values_shows_nothing_special(qtbot: QtBot) -> None:
    widget = MessageWidget(1, "assistant", "A reply from a server that gave no logprobs.")
    qtbot.addWidget(widget)
    widget.uncertainty.set_shown(True)
    assert not widget.uncertainty.has_values
    assert widget.uncertainty.shaded == []
