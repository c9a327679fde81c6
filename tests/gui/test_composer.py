"""The composer's keys, busy mode and edit mode."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.ui.chat.composer import EDIT_BANNER, MAX_LINES, PLACEHOLDER, Composer


def make(qtbot: QtBot) -> Composer:
    composer = Composer()
    qtbot.addWidget(composer)
    composer.resize(600, 120)
    composer.show()
    return composer


def test_enter_submits_stripped_text_and_keeps_it_until_cleared(qtbot: QtBot) -> None:
    composer = make(qtbot)
    assert composer.editor.placeholderText() == PLACEHOLDER
    qtbot.keyClicks(composer.editor, "  hello there ")
    with qtbot.waitSignal(composer.submitted, timeout=1000) as blocker:
        qtbot.keyClick(composer.editor, Qt.Key.Key_Return)
    assert blocker.args == ["hello there"]
    assert composer.text() == "  hello there "  # the receiver decides when it was accepted
    composer.clear_input()
    assert composer.text() == ""


def test_enter_on_blank_text_sends_nothing(qtbot: QtBot) -> None:
    composer = make(qtbot)
    qtbot.keyClicks(composer.editor, "   ")
    with qtbot.assertNotEmitted(composer.submitted):
        qtbot.keyClick(composer.editor, Qt.Key.Key_Return)
        qtbot.keyClick(composer.editor, Qt.Key.Key_Enter)
    assert not composer.send_button.isEnabled()


def test_shift_enter_inserts_a_newline(qtbot: QtBot) -> None:
    composer = make(qtbot)
    with qtbot.assertNotEmitted(composer.submitted):
        qtbot.keyClicks(composer.editor, "first")
        qtbot.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
        qtbot.keyClicks(composer.editor, "second")
    assert composer.text() == "first\nsecond"


def test_busy_mode_turns_send_into_stop_and_keeps_text(qtbot: QtBot) -> None:
    composer = make(qtbot)
    composer.set_busy(True)
    assert composer.send_button.text() == "Stop"
    assert composer.send_button.isEnabled()
    qtbot.keyClicks(composer.editor, "next question")
    with qtbot.assertNotEmitted(composer.submitted):
        qtbot.keyClick(composer.editor, Qt.Key.Key_Return)
    assert composer.text() == "next question"
    with qtbot.waitSignal(composer.stop_requested, timeout=1000):
        qtbot.keyClick(composer.editor, Qt.Key.Key_Escape)
    with qtbot.waitSignal(composer.stop_requested, timeout=1000):
        qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    composer.set_busy(False)
    assert composer.send_button.text() == "Send"
    with qtbot.waitSignal(composer.submitted, timeout=1000) as blocker:
        qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["next question"]


def test_escape_when_idle_does_not_stop(qtbot: QtBot) -> None:
    composer = make(qtbot)
    with qtbot.assertNotEmitted(composer.stop_requested):
        qtbot.keyClick(composer.editor, Qt.Key.Key_Escape)


def test_edit_mode_submits_an_edit_and_restores_the_draft(qtbot: QtBot) -> None:
    composer = make(qtbot)
    composer.set_text("half-written draft")
    composer.begin_edit(7, "original question")
    assert composer.is_editing()
    assert composer._banner.isVisible()
    assert composer._banner_label.text() == EDIT_BANNER
    assert composer.text() == "original question"
    qtbot.keyClicks(composer.editor, ", reworded")
    with (
        qtbot.assertNotEmitted(composer.submitted),
        qtbot.waitSignal(composer.edit_submitted, timeout=1000) as blocker,
    ):
        qtbot.keyClick(composer.editor, Qt.Key.Key_Return)
    assert blocker.args == [7, "original question, reworded"]
    composer.clear_input()  # what the controller does once it accepted the edit
    assert not composer.is_editing()
    assert not composer._banner.isVisible()
    assert composer.text() == "half-written draft"


def test_escape_cancels_edit_mode(qtbot: QtBot) -> None:
    composer = make(qtbot)
    composer.set_text("draft")
    composer.begin_edit(3, "old text")
    with qtbot.assertNotEmitted(composer.stop_requested):
        qtbot.keyClick(composer.editor, Qt.Key.Key_Escape)
    assert not composer.is_editing()
    assert composer.editing_id() is None
    assert composer.text() == "draft"
    with qtbot.waitSignal(composer.submitted, timeout=1000) as blocker:
        qtbot.keyClick(composer.editor, Qt.Key.Key_Return)
    assert blocker.args == ["draft"]


def test_box_grows_with_lines_up_to_a_limit(qtbot: QtBot) -> None:
    composer = make(qtbot)
    one_line = composer.editor.height()
    composer.set_text("a\nb\nc")
    qtbot.waitUntil(lambda: composer.editor.height() > one_line, timeout=1000)
    three_lines = composer.editor.height()
    line = composer.editor.fontMetrics().lineSpacing()
    assert three_lines - one_line >= 2 * line - 2
    composer.set_text("\n".join("x" * 40))
    qtbot.waitUntil(lambda: composer.editor.height() > three_lines, timeout=1000)
    capped = composer.editor.height()
    assert capped <= one_line + (MAX_LINES - 1) * line + 2
    composer.set_text("\n".join("y" * 80))
    qtbot.wait(20)
    assert composer.editor.height() == capped


def test_an_empty_box_is_tall_enough_for_its_whole_hint(qtbot: QtBot) -> None:
    composer = make(qtbot)
    composer.resize(900, 200)
    composer.show()
    qtbot.waitExposed(composer)
    wide = composer.editor.height()
    composer.editor.setPlainText("one line")
    assert composer.editor.height() == wide  # the hint on one line: as tall as one line of text
    composer.editor.clear()
    composer.resize(260, 200)  # the hint wraps onto more lines; none of it is cut off
    qtbot.waitUntil(lambda: composer.editor.height() > wide)
    hint_lines = composer.editor.height() // composer.editor.fontMetrics().lineSpacing()
    assert hint_lines >= 2
