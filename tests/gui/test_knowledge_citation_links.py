"""Citations [n] in assistant replies as links to their sources: only known numbers, never in
code, and a click reports (message id, number) through the ChatView."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from app.ui.chat.chat_view import ChatView
from app.ui.chat.message_widget import MessageWidget
from app.ui.common.markdown_html import render_markdown

REPLY = (
    "Revenue grew by 12% [1]. The budget is 40 thousand [2, 3], see also [9].\n\n"
    "Use `items[1]` in code:\n\n```python\nfirst = items[2]\n```\n\n"
    "A [link [1]](https://example.org) and **bold [3]**."
)


def anchors(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="(cite:\d+)">([^<]*)</a>', html)


def test_known_citations_become_links_outside_code() -> None:
    html = render_markdown(REPLY, citations={1, 2, 3}).html
    assert anchors(html) == [("cite:1", "[1]"), ("cite:2", "2"), ("cite:3", "3"), ("cite:3", "[3]")]
    assert "see also [9]" in html  # not a source of this answer: plain text
    assert "<code>items[1]</code>" in html
    assert "first = items[2]" in html
    # Inside a link the citation stays text: links do not nest.
    assert '<a href="https://example.org">link [1]</a>' in html


def test_without_citations_the_rendering_is_unchanged() -> None:
    assert render_markdown(REPLY, citations=()).html == render_markdown(REPLY).html
    assert "cite:" not in render_markdown(REPLY).html
    html = render_markdown("Escaped <b>[1]</b> & more [1]", citations={1}).html
    link = '<a href="cite:1">[1]</a>'
    assert html == f"<p>Escaped &lt;b&gt;{link}&lt;/b&gt; &amp; more {link}</p>\n"


def test_ranges_link_their_known_ends() -> None:
    html = render_markdown("See [2-4] and [1; 5].", citations={2, 5}).html
    assert anchors(html) == [("cite:2", "2"), ("cite:5", "5")]
    assert "-4]" in html and "[1; " in html


def make_view(qtbot: QtBot) -> ChatView:
    view = ChatView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    qtbot.waitExposed(view)
    return view


def click_text(qtbot: QtBot, widget: MessageWidget, text: str) -> None:
    """A real mouse click on `text`, once the message has its laid-out height."""
    qtbot.waitUntil(lambda: widget.browser.height() >= widget.browser.document().size().height())
    qtbot.wait(20)
    cursor = widget.browser.document().find(text)
    assert not cursor.isNull(), f"{text!r} not shown"
    cursor.setPosition(cursor.selectionStart() + 1, QTextCursor.MoveMode.MoveAnchor)
    point = widget.browser.cursorRect(cursor).center()
    qtbot.mouseClick(widget.browser.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_clicking_a_citation_reports_message_and_number(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    widget = view.add_message(41, "assistant", "Revenue grew [1], costs fell [2].")
    assert "cite:" not in widget.browser.toHtml()  # no citations set: plain text as before
    widget.set_citations({1, 2})
    assert widget.citations() == frozenset({1, 2})
    assert widget.browser.toPlainText().strip() == "Revenue grew [1], costs fell [2]."
    with qtbot.waitSignal(view.citation_clicked) as blocker:
        click_text(qtbot, widget, "[2]")
    assert blocker.args == [41, 2]
    with qtbot.waitSignal(view.citation_clicked) as blocker:
        click_text(qtbot, widget, "[1]")
    assert blocker.args == [41, 1]


def test_unknown_numbers_and_unsaved_replies_do_not_report(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    widget = view.add_message(7, "assistant", "Only [1] is a source; [3] is not.")
    widget.set_citations({1})
    with qtbot.assertNotEmitted(view.citation_clicked):
        click_text(qtbot, widget, "[3]")
        widget._on_anchor(QUrl("cite:3"))  # a forged link to a number the reply lacks
    unsaved = view.add_message(None, "assistant", "Draft [1].")
    unsaved.set_citations({1})
    with qtbot.assertNotEmitted(view.citation_clicked):
        click_text(qtbot, unsaved, "[1]")


def test_citations_set_while_streaming_apply_to_the_final_text(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    widget = view.begin_stream()
    widget.set_citations({1})
    view.append_stream("The answer [1]")
    qtbot.waitUntil(lambda: widget.text() == "The answer [1]", timeout=2000)
    renders = widget.full_render_count
    view.end_stream("The answer is 42 [1].", message_id=5, complete=True, meta="")
    assert widget.full_render_count == renders + 1  # one final rendering, with the links
    assert "cite:1" in widget.browser.toHtml()
    with qtbot.waitSignal(view.citation_clicked) as blocker:
        click_text(qtbot, widget, "[1]")
    assert blocker.args == [5, 1]
