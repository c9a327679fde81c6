"""Copying from a message says that it worked: the clipboard itself is invisible."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QToolTip
from pytestqt.qtbot import QtBot

from .test_chat_view import REPLY_WITH_CODE, click_text, make


def test_the_copy_button_says_copied_then_goes_back(qtbot: QtBot) -> None:
    view = make(qtbot)
    widget = view.add_message(5, "assistant", REPLY_WITH_CODE)
    widget.copy_button.click()
    assert widget.copy_button.text() == "Copied"
    assert QGuiApplication.clipboard().text() == REPLY_WITH_CODE
    qtbot.waitUntil(lambda: widget.copy_button.text() == "Copy", timeout=5000)


def test_a_code_blocks_copy_link_shows_a_tip_that_the_code_was_copied(qtbot: QtBot) -> None:
    view = make(qtbot)
    widget = view.add_message(5, "assistant", REPLY_WITH_CODE)
    qtbot.waitUntil(lambda: widget.browser.height() > 60, timeout=1000)
    QToolTip.hideText()
    click_text(qtbot, widget, "Copy")
    assert QToolTip.isVisible()
    assert QToolTip.text() == "Code copied"
