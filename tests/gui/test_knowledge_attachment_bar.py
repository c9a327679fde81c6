"""The attachment bar above the chat input: chips, Attach menu, Grounded only, progress, drops."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from pytestqt.qtbot import QtBot

from app.ui.knowledge import AttachmentBar, AttachmentItem
from app.ui.knowledge.attachment_bar import NO_COLLECTIONS, file_dialog_filter
from app.ui.knowledge.dropped_files import local_paths

REPORT = AttachmentItem("document", 1, "report.pdf", "ready", "PDF · 2 pages")
BROKEN = AttachmentItem(
    "document", 2, "broken.docx", "failed", "broken.docx: the file is damaged (not a zip)"
)
HANDBOOK = AttachmentItem("collection", 7, "Handbook", "ready", "12 documents")


def make(qtbot: QtBot) -> AttachmentBar:
    bar = AttachmentBar()
    qtbot.addWidget(bar)
    bar.resize(600, 80)
    bar.show()
    qtbot.waitExposed(bar)
    return bar


def test_empty_bar_is_only_the_attach_button(qtbot: QtBot) -> None:
    bar = make(qtbot)
    assert bar.attach_button.isVisible()
    assert not bar.chips_area.isVisible()
    assert not bar.grounded_check.isVisible()
    assert not bar.progress.isVisible()
    compact = bar.sizeHint().height()
    bar.set_attachments([REPORT])
    assert bar.chips_area.isVisible() and bar.grounded_check.isVisible()
    assert bar.sizeHint().height() >= compact
    bar.set_attachments([])
    assert not bar.chips_area.isVisible()


def test_chips_show_each_attachment_and_failures_say_why(qtbot: QtBot) -> None:
    bar = make(qtbot)
    bar.set_attachments([REPORT, BROKEN, HANDBOOK])
    chips = bar.chips()
    assert [c.name.accessibleName() for c in chips] == ["report.pdf", "broken.docx", "Handbook"]
    assert "the file is damaged (not a zip)" in chips[1].toolTip()
    assert "could not be indexed" in chips[1].toolTip()
    assert chips[2].toolTip().startswith("Collection: Handbook")
    # Replacing the list replaces the chips.
    bar.set_attachments([HANDBOOK])
    assert [c.item for c in bar.chips()] == [HANDBOOK]


def test_the_cross_asks_to_detach_that_item(qtbot: QtBot) -> None:
    bar = make(qtbot)
    bar.set_attachments([REPORT, BROKEN, HANDBOOK])
    with qtbot.waitSignal(bar.detach_requested) as blocker:
        qtbot.mouseClick(bar.chips()[2].close_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["collection", 7]
    with qtbot.waitSignal(bar.detach_requested) as blocker:
        qtbot.mouseClick(bar.chips()[1].close_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["document", 2]


def test_attach_files_emits_the_chosen_paths(qtbot: QtBot, tmp_path: Path) -> None:
    bar = make(qtbot)
    chosen = [tmp_path / "a.pdf", tmp_path / "b.docx"]
    bar.choose_files = lambda: chosen  # type: ignore[method-assign]  # the OS dialog
    with qtbot.waitSignal(bar.files_chosen) as blocker:
        bar.attach_files_action.trigger()
    assert blocker.args == [chosen]
    # A cancelled dialog emits nothing.
    bar.choose_files = lambda: []  # type: ignore[method-assign]
    with qtbot.assertNotEmitted(bar.files_chosen):
        bar.attach_files_action.trigger()


def test_file_dialog_offers_every_supported_format() -> None:
    pattern = file_dialog_filter()
    for ext in ("*.pdf", "*.docx", "*.xlsx", "*.pptx", "*.odt", "*.rtf", "*.csv", "*.eml"):
        assert ext in pattern
    assert pattern.endswith(";;All files (*)")


def test_collections_menu_offers_collections_not_yet_attached(qtbot: QtBot) -> None:
    bar = make(qtbot)
    actions = bar.collections_menu.actions()
    assert [a.text() for a in actions] == [NO_COLLECTIONS]
    assert not actions[0].isEnabled()
    bar.set_collections([(7, "Handbook"), (9, "Contracts")])
    bar.set_attachments([HANDBOOK])
    actions = bar.collections_menu.actions()
    assert [a.text() for a in actions] == ["Handbook", "Contracts"]
    assert [a.isEnabled() for a in actions] == [False, True]
    with qtbot.waitSignal(bar.collection_chosen) as blocker:
        actions[1].trigger()
    assert blocker.args == [9]


def test_grounded_only_switch(qtbot: QtBot) -> None:
    bar = make(qtbot)
    bar.set_attachments([REPORT])
    assert "only from the attached documents" in bar.grounded_check.toolTip()
    with qtbot.waitSignal(bar.grounded_only_changed) as blocker:
        qtbot.mouseClick(bar.grounded_check, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    assert blocker.args == [True]
    assert bar.grounded_only()
    # Showing a chat's stored setting is not a user's change.
    with qtbot.assertNotEmitted(bar.grounded_only_changed):
        bar.set_grounded_only(False)
    assert not bar.grounded_only()


def test_progress_row_and_cancel(qtbot: QtBot) -> None:
    bar = make(qtbot)
    bar.show_progress(2, 10, "report.pdf")
    assert bar.progress.isVisible()
    assert bar.progress.label.text() == "Indexing 3 of 10: report.pdf"
    assert (bar.progress.bar.value(), bar.progress.bar.maximum()) == (2, 10)
    with qtbot.waitSignal(bar.cancel_indexing):
        qtbot.mouseClick(bar.progress.cancel_button, Qt.MouseButton.LeftButton)
    # One click is enough: the button waits for the job to stop.
    assert not bar.progress.cancel_button.isEnabled()
    bar.hide_progress()
    assert not bar.progress.isVisible()
    bar.show_progress(0, 3, "next.txt")  # the next job starts with a live Cancel again
    assert bar.progress.cancel_button.isEnabled()
    assert bar.progress.label.text() == "Indexing 1 of 3: next.txt"


def test_dropping_files_attaches_them(qtbot: QtBot, tmp_path: Path) -> None:
    bar = make(qtbot)
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.4")
    folder = tmp_path / "folder"
    folder.mkdir()
    mime = QMimeData()
    mime.setUrls(
        [
            QUrl.fromLocalFile(str(report)),
            QUrl.fromLocalFile(str(folder)),  # a folder is not a document
            QUrl("https://example.org/page.html"),  # nor is a web link
            QUrl.fromLocalFile(str(tmp_path / "notes.xyz")),  # unsupported: indexing says so
        ]
    )
    assert local_paths(mime) == [report, tmp_path / "notes.xyz"]
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    # Qt's event dispatch delivers a Drop only during a real drag (offscreen has none), so the
    # handlers Qt would call are called directly.
    enter = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter.setAccepted(False)
    bar.dragEnterEvent(enter)
    assert enter.isAccepted()
    with qtbot.waitSignal(bar.files_chosen) as blocker:
        bar.dropEvent(event)
    assert blocker.args == [[report, tmp_path / "notes.xyz"]]
    assert local_paths(QMimeData()) == []
