"""The chat page and its Knowledge panel for keyboard and screen-reader users: every control
has a name, Tab follows the layout with no invisible stops, and at the side panel's default
width the Knowledge panel shows whole button labels and a readable Status column."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from app.chats.tool_loop import ToolRequest
from app.config import Paths
from app.core import Core
from app.engine.types import ToolCall
from app.knowledge.knowledge_base import KnowledgeBase
from app.ui.chat.tool_approval import ToolApprovalRow
from app.ui.knowledge import AttachmentItem, KnowledgePanel
from app.ui.knowledge.dialogs import IndexingReportDialog
from app.ui.knowledge.document_table_model import Column
from app.ui.shell.chat_page import SIDE_PANEL_WIDTH, ChatPage

from .accessibility_audit import tab_chain, tab_chain_problems, unnamed_interactive_widgets
from .knowledge_helpers import open_knowledge_base
from .test_chat_view import REPLY_WITH_CODE


@pytest.fixture
def core(hearth_home: Path) -> Iterator[Core]:
    opened = Core.open(Paths.resolve())
    yield opened
    opened.close()


@pytest.fixture
def kb(hearth_home: Path) -> Iterator[KnowledgeBase]:
    with open_knowledge_base() as opened:
        yield opened


def settle(qtbot: QtBot) -> None:
    for _ in range(5):
        QApplication.processEvents()
        qtbot.wait(10)


def chat_page(core: Core, qtbot: QtBot) -> ChatPage:
    """The page as the window builds it, holding a short chat with a grounded reply."""
    page = ChatPage(core.knowledge)
    qtbot.addWidget(page)
    page.resize(1400, 820)
    page.show()
    qtbot.waitExposed(page)
    page.chat_view.add_message(1, "user", "How do I greet someone?")
    reply = page.chat_view.add_message(2, "assistant", REPLY_WITH_CODE)
    citation = {"number": 1, "file": "memo.md", "page": 3, "used": True, "excerpt": "Hello"}
    reply.set_checks([citation], [])
    call = ToolCall("call_1", "calculator", '{"expression": "2+2"}')
    page.chat_view.add_tool_row(ToolApprovalRow(ToolRequest(call, "builtin/calculator", "Hearth")))
    page.attachment_bar.set_attachments(
        [
            AttachmentItem("document", 1, "memo.md", detail="MD"),
            AttachmentItem("document", 2, "scan.pdf", status="failed", detail="Unreadable"),
        ]
    )
    page.composer.set_text("Thanks")  # Send is enabled, so it is a Tab stop
    page.show_side_tab(page.knowledge_panel)
    settle(qtbot)
    return page


def test_every_control_of_the_chat_page_has_a_name_and_a_place_in_the_tab_order(
    core: Core, qtbot: QtBot
) -> None:
    page = chat_page(core, qtbot)
    assert unnamed_interactive_widgets(page) == []
    assert tab_chain_problems(page) == []
    page.show_side_tab(page.sources_panel)
    settle(qtbot)
    assert unnamed_interactive_widgets(page) == []
    assert tab_chain_problems(page) == []


def test_tab_goes_from_the_chats_through_the_messages_to_the_input_and_on(
    core: Core, qtbot: QtBot
) -> None:
    page = chat_page(core, qtbot)
    # Chips made after the page settled (a file attached later) keep their place too.
    page.attachment_bar.set_attachments([AttachmentItem("collection", 7, "Contracts")])
    settle(qtbot)
    chain = tab_chain(page)
    reply = page.chat_view.message_widgets()[-1]
    order = [
        page.conversations.new_button,
        page.conversations.filter_edit,
        page.conversations.view,
        page.chat_view.message_widgets()[0].copy_button,
        reply.checks.chips.chips()[0],
        reply.copy_button,
        next(r for r in page.chat_view.rows() if isinstance(r, ToolApprovalRow)).allow_button,
        page.attachment_bar.attach_button,
        page.attachment_bar.chips()[-1].close_button,
        page.composer.editor,
        page.composer.send_button,
        page.side_panel.tabBar(),
    ]
    positions = [chain.index(widget) for widget in order]
    assert positions == sorted(positions)
    # Nothing between the input and Send: Tab from where one writes reaches the button next.
    assert positions[order.index(page.composer.send_button)] == (
        positions[order.index(page.composer.editor)] + 1
    )
    # Neither the scroll area nor a message's read-only text is a stop that shows no focus.
    assert page.chat_view not in chain
    assert all(w.browser not in chain for w in page.chat_view.message_widgets())


def test_messages_added_later_keep_their_place_in_the_tab_order(core: Core, qtbot: QtBot) -> None:
    page = chat_page(core, qtbot)
    later = page.chat_view.add_message(3, "assistant", "One more reply.")
    settle(qtbot)
    chain = tab_chain(page)
    assert chain.index(later.copy_button) < chain.index(page.composer.editor)


def test_the_knowledge_panel_at_the_side_panels_width_shows_whole_labels(
    kb: KnowledgeBase, qtbot: QtBot, tmp_path: Path
) -> None:
    broken = tmp_path / "scan.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    kb.add_files([broken])
    panel = KnowledgePanel(kb)
    qtbot.addWidget(panel)
    panel.resize(SIDE_PANEL_WIDTH, 820)
    panel.show()
    qtbot.waitExposed(panel)
    settle(qtbot)

    for button in panel.findChildren(QPushButton):
        if button.isVisibleTo(panel):
            assert button.width() >= button.sizeHint().width(), button.text()
    table = panel.documents_view.table
    status_right = table.columnViewportPosition(Column.STATUS) + table.columnWidth(Column.STATUS)
    assert 0 < status_right <= table.viewport().width()
    status = panel.documents_view.model.index(0, Column.STATUS)
    assert table.columnWidth(Column.STATUS) >= table.sizeHintForColumn(Column.STATUS)
    assert str(status.data(Qt.ItemDataRole.ToolTipRole)).startswith("Could not be read: ")
    assert unnamed_interactive_widgets(panel) == []
    assert tab_chain_problems(panel) == []
    panel.shutdown()


def test_the_indexing_report_names_its_controls(
    kb: KnowledgeBase, qtbot: QtBot, tmp_path: Path
) -> None:
    broken = tmp_path / "scan.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    report = kb.add_files([broken])
    dialog = IndexingReportDialog(report.failed, indexed=0)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.rows()[0][0] == "scan.pdf"
    assert unnamed_interactive_widgets(dialog) == []
    assert tab_chain_problems(dialog) == []


def test_a_reply_editor_and_new_source_chips_take_their_place_in_the_tab_order(
    core: Core, qtbot: QtBot
) -> None:
    page = chat_page(core, qtbot)
    reply = page.chat_view.message_widgets()[1]
    editor = reply.begin_reply_edit()
    assert editor is not None
    settle(qtbot)
    # The page's own list here: walking Qt's focus chain from Python over a widget that is
    # deleted later (the editor) crashes PySide, in this test helper as on main.
    stops = page.tab_order.stops()
    assert stops.index(editor.save_button) < stops.index(page.composer.editor)

    reply.end_reply_edit()
    reply.set_checks([{"number": 2, "file": "notes.md", "used": True}], [])  # chips replaced
    settle(qtbot)
    page.tab_order.apply()  # again, over the deleted editor and chips: nothing stale is linked
    chain = tab_chain(page)
    assert chain.index(reply.checks.chips.chips()[0]) < chain.index(reply.copy_button)
    assert tab_chain_problems(page) == []
