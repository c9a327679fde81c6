"""The documents of a chat, above its input: attached files and collections as chips, the
Attach menu, the "Grounded only" switch and the indexing progress.

The bar only says what the user wants (signals) and shows what it is told (set_* methods); the
controller does the indexing and the attaching. With nothing attached it shrinks to one small
Attach button, so the composer stays compact.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.knowledge.formats import supported_extensions
from app.ui.common import file_dialogs
from app.ui.common.i18n import tr
from app.ui.common.icons import icon
from app.ui.knowledge.attachment_chip import AttachmentChip, AttachmentItem
from app.ui.knowledge.dropped_files import local_paths
from app.ui.knowledge.flow_layout import FlowLayout
from app.ui.knowledge.progress_row import IndexingProgressRow

# The English source, as tests compare it; the widget shows it through tr().
NO_COLLECTIONS = "No collections yet (create them under Knowledge)"


def file_dialog_filter() -> str:
    """ "Documents (*.pdf *.docx …);;All files (*)" from the formats the indexer reads."""
    patterns = " ".join(f"*{ext}" for ext in supported_extensions())
    return tr("Documents ({patterns});;All files (*)").format(patterns=patterns)


class AttachmentBar(QWidget):
    files_chosen = Signal(list)  # list[Path]: picked, dropped or pasted
    collection_chosen = Signal(int)
    detach_requested = Signal(str, int)  # "document" | "collection", id
    grounded_only_changed = Signal(bool)
    cancel_indexing = Signal()
    chips_changed = Signal()  # the attachment chips were replaced (the Tab order follows)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[AttachmentItem] = []
        self._collections: list[tuple[int, str]] = []
        self._chips: list[AttachmentChip] = []
        self.setAcceptDrops(True)

        self.attach_button = QToolButton(self)
        self.attach_button.setText(tr("Attach"))
        self.attach_button.setToolTip(tr("Attach documents or a collection to this chat"))
        self.attach_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.attach_button.setAutoRaise(True)
        self.attach_button.setIcon(icon("paperclip"))
        self.attach_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        menu = QMenu(self.attach_button)
        self.attach_files_action = QAction(tr("Attach files…"), menu)
        self.attach_files_action.triggered.connect(self._on_attach_files)
        menu.addAction(self.attach_files_action)
        self.collections_menu = menu.addMenu(tr("Attach collection"))
        # One connection for the whole menu, to a method: slots that are lambdas capturing
        # widgets can outlive them (PySide crashes when such a widget is deleted).
        self.collections_menu.triggered.connect(self._on_collection_action)
        self.attach_button.setMenu(menu)

        self.chips_area = QWidget(self)
        self._flow = FlowLayout(self.chips_area, spacing=6)

        self.grounded_check = QCheckBox(tr("Grounded only"), self)
        self.grounded_check.setToolTip(
            tr(
                "Answer only from the attached documents, citing them, and say so plainly when "
                "they do not contain the answer."
            )
        )
        self.grounded_check.toggled.connect(self.grounded_only_changed.emit)

        self.progress = IndexingProgressRow(self)
        self.progress.cancel_clicked.connect(self.cancel_indexing.emit)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(8)
        # Top-aligned: when the chips wrap to several lines, the button and switch stay level
        # with the first one.
        top.addWidget(self.attach_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.chips_area, 1)
        top.addWidget(self.grounded_check, 0, Qt.AlignmentFlag.AlignTop)
        top.addStretch(0)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addLayout(top)
        column.addWidget(self.progress)
        self._rebuild_collections_menu()
        self._update_compact()

    # ---- what the bar shows ------------------------------------------------------------------

    def set_attachments(self, items: Sequence[AttachmentItem]) -> None:
        """Show these attachments, in this order (replaces what was shown)."""
        self._items = list(items)
        for chip in self._chips:
            self._flow.removeWidget(chip)
            chip.hide()
            chip.deleteLater()
        self._chips = []
        for item in self._items:
            chip = AttachmentChip(item, self.chips_area)
            chip.detach_clicked.connect(self.detach_requested.emit)
            self._flow.addWidget(chip)
            self._chips.append(chip)
        self._rebuild_collections_menu()  # an attached collection is not offered again
        self._update_compact()
        self.chips_changed.emit()

    def attachments(self) -> list[AttachmentItem]:
        return list(self._items)

    def chips(self) -> list[AttachmentChip]:
        return list(self._chips)

    def set_collections(self, collections: Sequence[tuple[int, str]]) -> None:
        """The collections the Attach menu offers: (id, name)."""
        self._collections = list(collections)
        self._rebuild_collections_menu()

    def set_grounded_only(self, grounded: bool) -> None:
        """Show the chat's setting; does not emit grounded_only_changed."""
        self.grounded_check.blockSignals(True)
        self.grounded_check.setChecked(grounded)
        self.grounded_check.blockSignals(False)

    def grounded_only(self) -> bool:
        return self.grounded_check.isChecked()

    def show_progress(self, done: int, total: int, name: str) -> None:
        """`done` of `total` files finished, `name` being read now: "Indexing 3 of 10: name"."""
        self.progress.show_progress(done, total, name)

    def hide_progress(self) -> None:
        self.progress.hide_progress()

    # ---- choosing files ----------------------------------------------------------------------

    def choose_files(self) -> list[Path]:
        """Ask for files with the system's dialog (its own method, so tests can replace it)."""
        return file_dialogs.open_files(self, tr("Attach files"), file_dialog_filter())

    def _on_attach_files(self) -> None:
        paths = self.choose_files()
        if paths:
            self.files_chosen.emit(paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.files_chosen.emit(paths)

    # ---- helpers -----------------------------------------------------------------------------

    def _rebuild_collections_menu(self) -> None:
        self.collections_menu.clear()
        attached = {i.id for i in self._items if i.kind == "collection"}
        if not self._collections:
            self.collections_menu.addAction(
                tr("No collections yet (create them under Knowledge)")
            ).setEnabled(False)
            return
        for collection_id, name in self._collections:
            action = self.collections_menu.addAction(name)
            action.setData(collection_id)
            action.setEnabled(collection_id not in attached)

    def _on_collection_action(self, action: QAction) -> None:
        collection_id = action.data()
        if isinstance(collection_id, int):
            self.collection_chosen.emit(collection_id)

    def _update_compact(self) -> None:
        has_items = bool(self._items)
        self.chips_area.setVisible(has_items)
        self.grounded_check.setVisible(has_items)
