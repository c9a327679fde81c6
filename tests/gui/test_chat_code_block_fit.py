"""A reply's text is never cut off at the bottom: the last line of a code block (often the
reply's last line) is shown whole, above the reply's buttons, however the reply arrived."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui.chat.chat_view import ChatView
from app.ui.chat.message_widget import MessageWidget

CODE_REPLY = "Here it is:\n\n```python\ndef hello():\n    print('hi')\n    return 42\n```"
LONG_REPLY = (
    "\n\n".join(["A paragraph long enough to wrap over a few lines of the reply. " * 5] * 8)
    + "\n\n```bash\n"
    + "\n".join(f"echo step {i}" for i in range(25))
    + "\necho the last line\n```"
)


def settle(qtbot: QtBot) -> None:
    for _ in range(8):
        QApplication.processEvents()
        qtbot.wait(10)


def assert_whole(widget: MessageWidget) -> None:
    browser = widget.browser
    text_height = browser.document().size().height()
    assert browser.viewport().height() >= text_height
    assert widget.copy_button.geometry().top() >= browser.geometry().bottom()
    assert widget.height() >= widget.sizeHint().height()


def test_code_blocks_are_shown_whole_stored_streamed_and_after_a_resize(qtbot: QtBot) -> None:
    view = ChatView()
    qtbot.addWidget(view)
    view.resize(720, 600)
    view.show()
    qtbot.waitExposed(view)
    stored = view.add_message(1, "assistant", CODE_REPLY)
    long = view.add_message(2, "assistant", LONG_REPLY)
    streamed = view.begin_stream()
    for start in range(0, len(CODE_REPLY), 9):
        view.append_stream(CODE_REPLY[start : start + 9])
        settle(qtbot)
    view.end_stream(CODE_REPLY, message_id=3, complete=True, meta="")
    settle(qtbot)
    for widget in (stored, long, streamed):
        assert_whole(widget)
    view.resize(420, 600)  # narrower: the code wraps, every reply grows
    settle(qtbot)
    for widget in (stored, long, streamed):
        assert_whole(widget)
    view.setStyleSheet("QTextBrowser { padding: 6px; border: 2px solid gray; }")
    settle(qtbot)
    for widget in (stored, long, streamed):
        assert_whole(widget)
