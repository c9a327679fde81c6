"""The chat never cuts text off: whatever a reply holds (hard-wrapped lines from a PDF, a long
unbroken URL, a wide table, a long code line, a long model name in its summary), every message
and every action button stays inside the view, from a narrow window to a wide one.

With HEARTH_SHOTS_DIR set, each width is saved as a screenshot for a person to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from app.ui.chat.chat_view import COLUMN_MAX_WIDTH, ChatView
from app.ui.chat.message_widget import MessageWidget

PDF_LINES = (
    "The quarterly report shows that revenue grew by 12 percent compared with the same quarter "
    "last year, driven mainly by\nthe new subscription plans introduced in March and a strong "
    "performance in the northern region where\nSales teams expanded. Operating costs rose by 4 "
    "percent, mostly due to hiring in customer support.\n"
)
URL = "https://example.com/reports/2025/q3/" + "a-very-long-path-segment-" * 8
WIDE_TABLE = (
    "| Region | Q1 revenue | Q2 revenue | Q3 revenue | Q4 revenue | Growth year over year |"
    " Notes from the regional manager |\n|---|---|---|---|---|---|---|\n"
    "| North | 1,200,000 | 1,350,000 | 1,420,000 | 1,510,000 | 12% |"
    " Strong subscription uptake in all cities |\n"
)
CODE = (
    "```python\nresult = compute_quarterly_revenue(region='north', include_subscriptions=True,"
    " currency='EUR', rounding=2, fiscal_year_start='april')\n```\n"
)
REPLY = f"{PDF_LINES}\nSee {URL} for the details.\n\n{WIDE_TABLE}\n{CODE}"
META = (
    "Smollm2 135M 8k Lc100K Mix1 Ep2 · 512 tokens · 31.2 tok/s · first token 0.08 s · "
    "seed 123 · cut off at the length limit"
)
WIDTHS = (320, 400, 560, 900, 1400)


def build(qtbot: QtBot) -> ChatView:
    view = ChatView()
    qtbot.addWidget(view)
    view.add_message(1, "user", "Summarise the attached report, please.\n" + URL)
    view.add_message(2, "assistant", REPLY, meta=META, finish_reason="length")
    view.show()
    qtbot.waitExposed(view)
    return view


def settle(qtbot: QtBot, view: ChatView, width: int) -> None:
    view.resize(width, 1000)
    # Wrapping a message changes its height, which can change the scroll bar: let it settle.
    for _ in range(3):
        QApplication.processEvents()
        qtbot.wait(20)


def span_in(view: ChatView, widget: QWidget) -> QRect:
    """The widget's rectangle in the scroll area's viewport."""
    return QRect(widget.mapTo(view.viewport(), QPoint(0, 0)), widget.size())


def visible_actions(widget: MessageWidget) -> list[QToolButton]:
    return [b for b in widget.findChildren(QToolButton) if b.isVisibleTo(widget)]


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_extends_past_the_view(qtbot: QtBot, width: int) -> None:
    view = build(qtbot)
    settle(qtbot, view, width)
    viewport = view.viewport().rect()
    folder = os.environ.get("HEARTH_SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        assert view.grab().save(str(Path(folder) / f"chat_wrap_{width}.png"))

    # No horizontal overflow anywhere: the content is exactly as wide as the view.
    content = view.widget()
    assert content is not None and content.width() <= viewport.width()
    for widget in view.message_widgets():
        rect = span_in(view, widget)
        assert rect.left() >= 0 and rect.right() <= viewport.right(), (width, widget.role, rect)
        # The text wraps inside its browser: at most the empty document margin on the right
        # may be a pixel over (Qt rounds table borders), never any text, table or code.
        browser = widget.browser
        margin = browser.document().documentMargin()
        assert browser.horizontalScrollBar().maximum() <= margin
        assert browser.document().size().width() - margin <= browser.viewport().width()
        assert browser.height() >= browser.document().size().height()
        # Every action is inside the message and the view, and not squeezed to nothing.
        actions = visible_actions(widget)
        assert actions, widget.role
        for button in actions:
            place = span_in(view, button)
            assert place.left() >= 0 and place.right() <= viewport.right(), (width, button)
            assert button.width() >= button.minimumSizeHint().width(), (width, button.text())
            assert widget.rect().contains(button.geometry().translated(_offset(button, widget)))


def _offset(button: QWidget, widget: QWidget) -> QPoint:
    """Where the button's parent sits inside the message (buttons may sit in a sub-widget)."""
    parent = button.parentWidget()
    assert parent is not None
    return parent.mapTo(widget, QPoint(0, 0)) if parent is not widget else QPoint(0, 0)


def test_reply_actions_stay_reachable(qtbot: QtBot) -> None:
    view = build(qtbot)
    reply = view.message_widgets()[1]
    for width in WIDTHS:
        settle(qtbot, view, width)
        names = {b.text() for b in visible_actions(reply) if b.text()}
        assert {"Copy", "Edit", "Continue", "Regenerate"} <= names, (width, names)
        assert reply.marks.isVisibleTo(reply)
        # The buttons do not overlap the text or each other.
        text = span_in(view, reply.browser)
        placed = [span_in(view, b) for b in visible_actions(reply)]
        for index, place in enumerate(placed):
            assert not place.intersects(text), (width, place, text)
            assert not any(place.intersects(other) for other in placed[index + 1 :])


def test_column_is_capped_on_a_wide_window_and_shrinks_on_a_narrow_one(qtbot: QtBot) -> None:
    view = build(qtbot)
    reply = view.message_widgets()[1]
    settle(qtbot, view, 1400)
    assert reply.width() == COLUMN_MAX_WIDTH
    settle(qtbot, view, 424)  # a 400 px column plus the view's margins
    assert reply.width() == 400
    settle(qtbot, view, 320)
    assert reply.width() < 400
    assert span_in(view, reply).right() <= view.viewport().rect().right()
