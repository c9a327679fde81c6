"""One attached document or collection above the chat input: icon, name, status, a remove button."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStyle, QToolButton, QWidget

from app.file_names import shown_file_name
from app.ui.common.i18n import tr
from app.ui.common.theme import error_color
from app.ui.knowledge.document_table_model import notes_tooltip
from app.ui.knowledge.look import card_colors

AttachmentKind = Literal["document", "collection"]
AttachmentStatus = Literal["ready", "indexing", "failed"]
LABEL_MAX_PX = 220
REMOVE_GLYPH = "\u00d7"  # the multiplication sign: the usual "remove" cross
ICON_PX = 16


@dataclass(frozen=True)
class AttachmentItem:
    kind: AttachmentKind
    id: int
    label: str  # the file or collection name
    status: AttachmentStatus = "ready"
    detail: str = ""  # the error for a failed file; e.g. "PDF · 12 pages" for a ready one
    notes: tuple[str, ...] = ()  # what indexing skipped or capped (a warning badge shows them)


def chip_tooltip(item: AttachmentItem) -> str:
    label = shown_file_name(item.label)
    if item.status == "failed":
        failed = tr("{name}: could not be indexed.").format(name=label)
        return f"{failed}\n{item.detail}".strip()
    if item.status == "indexing":
        return tr("{name}: indexing…").format(name=label)
    what = tr("Collection: {name}") if item.kind == "collection" else tr("Document: {name}")
    text = what.format(name=label) + (f"\n{item.detail}" if item.detail else "")
    return notes_tooltip(item.notes, heading=text).replace("\n", "<br>") if item.notes else text


class AttachmentChip(QFrame):
    detach_clicked = Signal(str, int)  # kind, id

    def __init__(self, item: AttachmentItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setObjectName("attachmentChip")
        self.setToolTip(chip_tooltip(item))

        self.icon = QLabel(self)
        self.icon.setFixedSize(ICON_PX, ICON_PX)
        self.icon.setPixmap(self._status_icon().pixmap(QSize(ICON_PX, ICON_PX)))
        self.name = QLabel(self)
        label = shown_file_name(item.label)
        self.name.setText(
            self.name.fontMetrics().elidedText(label, Qt.TextElideMode.ElideMiddle, LABEL_MAX_PX)
        )
        self.name.setAccessibleName(label)
        self.close_button = QToolButton(self)
        self.close_button.setText(REMOVE_GLYPH)
        self.close_button.setAutoRaise(True)
        self.close_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.close_button.setToolTip(tr("Remove {name} from this chat").format(name=label))
        self.close_button.setAccessibleName(tr("Remove {name}").format(name=label))
        self.close_button.clicked.connect(self._on_close)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 1, 2, 1)
        layout.setSpacing(4)
        layout.addWidget(self.icon)
        layout.addWidget(self.name)
        layout.addWidget(self.close_button)

    def _status_icon(self) -> QIcon:
        if self.item.status == "failed" or self.item.notes:
            return self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if self.item.status == "indexing":
            return _dots_icon(self.palette().color(self.foregroundRole()))
        if self.item.kind == "collection":
            return self.style().standardIcon(QStyle.StandardPixmap.SP_DirIcon)
        return self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)

    def _on_close(self) -> None:
        self.detach_clicked.emit(self.item.kind, self.item.id)

    def paintEvent(self, event: QPaintEvent) -> None:
        # Painted, not styled: a style sheet's background would change the palette it is
        # computed from, and the chip must follow theme switches.
        background, border = card_colors(self.palette())
        if self.item.status == "failed":
            border = error_color(self.palette()).name()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor(border))
        painter.setBrush(QColor(background))
        radius = (self.height() - 1) / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
        painter.end()


def _dots_icon(color: QColor) -> QIcon:
    """Three dots: "working on it" (the standard icons have no busy glyph)."""
    pixmap = QPixmap(ICON_PX, ICON_PX)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    for x in (2, 7, 12):
        painter.drawEllipse(x - 1, 7, 3, 3)
    painter.end()
    return QIcon(pixmap)
