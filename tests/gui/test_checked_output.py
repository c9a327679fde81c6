"""Checked output in the window: flagged spans underlined (wavy, the theme's error colour) with
their reason as the tooltip, the badge with Regenerate and Accept as is, and source chips under
a grounded reply; in chat replies and in the Documents mode editor. Keyboard included."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QTextEdit, QToolTip
from pytestqt.qtbot import QtBot

from app.chats.citation_placement import place_citations
from app.chats.reply_check import check_reply
from app.engine.types import SamplingParams
from app.knowledge.grounding import Citation
from app.templates.plan import DocumentPlan
from app.templates.recipe import GeneratedDocument, GeneratedSection, ModelUse, Recipe
from app.ui.chat.chat_view import ChatView
from app.ui.chat.message_widget import MessageWidget
from app.ui.common.flag_marks import flagged_fragments
from app.ui.common.theme import error_color
from app.ui.templates.document_editor import DocumentEditor

REVENUE = (
    "The board reviewed the results. Third-quarter revenue was 48.2 million euros, "
    "up 11 percent from the year before."
)
SOURCES = (
    Citation(1, 7, "minutes.md", "/nowhere/minutes.md", "Agenda", None, "The annual meeting",
             "The annual meeting was held in Helsinki.", None, None),
    Citation(2, 8, "q3-report.pdf", "/nowhere/q3-report.pdf", "page 3", 3, REVENUE[:40],
             REVENUE, 1.2, None),
)  # fmt: skip
REPLY = "Third-quarter revenue was 48.2 million euros, up 11 percent. A 20 percent tax applied."


def checked_reply() -> tuple[str, tuple[dict[str, object], ...], tuple[dict[str, object], ...]]:
    """The reply as Hearth stores it: citations placed, then checked (the real code path)."""
    placed = place_citations(REPLY, SOURCES)
    issues = check_reply(placed.text, [c.text for c in SOURCES], (), unsupported=placed.unsupported)
    return placed.text, placed.citations, issues


def shown_reply(qtbot: QtBot) -> tuple[ChatView, MessageWidget]:
    view = ChatView()
    qtbot.addWidget(view)
    view.resize(720, 560)
    view.show()
    qtbot.waitExposed(view)
    text, citations, issues = checked_reply()
    widget = view.add_message(5, "assistant", text)
    widget.set_citations({1, 2})
    widget.set_checks(citations, issues)
    qtbot.waitUntil(widget.checks.isVisible)  # a widget added to a shown view shows a bit later
    return view, widget


def tooltip_at(qtbot: QtBot, editor: QTextEdit, text: str) -> str:
    """The tooltip Qt shows when the mouse rests on `text` in the editor."""
    qtbot.waitUntil(lambda: editor.viewport().height() > 0)
    cursor = editor.document().find(text)
    assert not cursor.isNull(), f"{text!r} not shown"
    cursor.setPosition(cursor.selectionStart() + 1, QTextCursor.MoveMode.MoveAnchor)
    editor.ensureCursorVisible()
    point = editor.cursorRect(cursor).center()
    QToolTip.hideText()
    event = QHelpEvent(QEvent.Type.ToolTip, point, editor.viewport().mapToGlobal(point))
    QApplication.sendEvent(editor.viewport(), event)
    return QToolTip.text()


def test_flagged_spans_are_underlined_with_their_reason(qtbot: QtBot) -> None:
    _view, widget = shown_reply(qtbot)
    fragments = flagged_fragments(widget.browser.document())
    texts = [text for text, _format in fragments]
    assert "20" in texts  # the invented figure
    assert "".join(texts) == "A 20 percent tax applied."  # the unsupported sentence, all of it
    red = error_color(widget.palette())
    for _text, fmt in fragments:
        assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
        assert fmt.underlineColor() == red
    reason = next(f.toolTip() for t, f in fragments if t == "20")
    assert "20 is not in your sources" in reason
    assert tooltip_at(qtbot, widget.browser, "20 percent") == reason
    # The supported sentence is not flagged, and got Hearth's citation.
    assert "48.2" not in "".join(texts)
    assert widget.browser.toPlainText().startswith(
        "Third-quarter revenue was 48.2 million euros, up 11 percent [2]."
    )


def test_the_badge_counts_the_flags_and_its_buttons_work_from_the_keyboard(
    qtbot: QtBot,
) -> None:
    view, widget = shown_reply(qtbot)
    badge = widget.checks.badge
    assert badge.isVisible()
    assert badge.label.text() == f"{len(widget.checks.issues())} details are not in your sources"
    assert badge.count() == 2  # the unsupported sentence and the invented figure in it
    assert badge.regenerate_button.isVisible()  # the last reply can be regenerated
    with qtbot.waitSignal(view.accept_issues_requested) as accepted:
        badge.accept_button.setFocus()
        qtbot.keyClick(badge.accept_button, Qt.Key.Key_Space)
    assert accepted.args == [5]
    with qtbot.waitSignal(view.regenerate_requested):
        badge.regenerate_button.setFocus()
        qtbot.keyClick(badge.regenerate_button, Qt.Key.Key_Space)
    # Once accepted (the owner stored it), the badge goes; the underlines stay.
    _text, citations, issues = checked_reply()
    widget.set_checks(citations, issues, accepted=True)
    assert not badge.isVisible()
    assert flagged_fragments(widget.browser.document())


def test_source_chips_show_file_and_page_and_open_the_passage(qtbot: QtBot) -> None:
    view, widget = shown_reply(qtbot)
    chips = widget.checks.chips.chips()
    assert [c.text() for c in chips] == ["[2] q3-report.pdf · p. 3"]  # only what it cites
    assert chips[0].isVisible()
    with qtbot.waitSignal(view.citation_clicked) as clicked:
        qtbot.mouseClick(chips[0], Qt.MouseButton.LeftButton)
    assert clicked.args == [5, 2]
    chips[0].setFocus()
    assert chips[0].focusPolicy() & Qt.FocusPolicy.TabFocus
    with qtbot.waitSignal(view.citation_clicked) as pressed:
        qtbot.keyClick(chips[0], Qt.Key.Key_Space)
    assert pressed.args == [5, 2]


def flagged_document(accepted: bool = False) -> GeneratedDocument:
    fields = {
        "client": "Kallio Energia Oy",
        "invoice": "INV-1042",
        "amount": "2,400",
        "due": "2026-11-30",
    }
    brief = (
        "Write a payment reminder.\nClient: Kallio Energia Oy\nInvoice: INV-1042\n"
        "Amount: 2,400\nDue: 2026-11-30"
    )
    plan = DocumentPlan(
        template_id="payment-reminder", template_version=1, title="Payment reminder",
        tone="professional", length="short", length_text="about 120 words",
        field_values=fields, system_prompt="Tone: professional.", brief=brief,
        sections=(),
    )  # fmt: skip
    text = (
        "Dear Kallio Energia Oy,\n\nInvoice INV-1042 of EUR 2.400,00 was due on 30 November "
        "2026. Please pay it, or write to support@kalen_etjakul with any questions.\n"
    )
    section = GeneratedSection("", "", text)
    now = datetime.now(UTC)
    recipe = Recipe(plan, ModelUse("abc", "M"), SamplingParams(seed=4))
    return GeneratedDocument(1, "Payment reminder", recipe, (section,), text, now, now, accepted)


def test_the_document_editor_underlines_a_flagged_section_and_offers_its_badge(
    qtbot: QtBot,
) -> None:
    editor = DocumentEditor()
    qtbot.addWidget(editor)
    editor.resize(900, 600)
    editor.show()
    editor.show_document(flagged_document())
    fragments = flagged_fragments(editor.editor.document())
    assert [t for t, _f in fragments] == ["support@kalen_etjakul"]  # the facts all match
    fmt = fragments[0][1]
    assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    assert "not in your sources" in fmt.toolTip()
    assert tooltip_at(qtbot, editor.editor, "support@kalen_etjakul") == fmt.toolTip()
    assert not editor.has_unsaved_changes()  # the underline is no edit of the user's
    badge = editor.check_badge
    assert badge.isVisible() and badge.label.text() == "1 detail is not in your sources"
    with qtbot.waitSignal(editor.regenerate_section_requested) as regenerate:
        badge.regenerate_button.setFocus()
        qtbot.keyClick(badge.regenerate_button, Qt.Key.Key_Space)
    assert regenerate.args == [0]
    with qtbot.waitSignal(editor.accept_issues_requested):
        qtbot.mouseClick(badge.accept_button, Qt.MouseButton.LeftButton)
    editor.show_document(flagged_document(accepted=True))
    assert not badge.isVisible()
