"""The small building blocks of the first-run screen: section headings, fact tiles, option
tiles, and a row of tiles that wraps onto two lines when the screen is narrow."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.library.machine import Machine, memory_text
from app.ui.common.i18n import tr

TILE_MIN_WIDTH: Final = 170
TILE_SPACING: Final = 12


class TileRow(QWidget):
    """Tiles side by side, as many columns as fit (all, half, or one), same width each."""

    def __init__(self, tiles: Sequence[QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tiles = list(tiles)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(TILE_SPACING)
        self._columns = 0
        self._arrange(len(self._tiles))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    @property
    def columns(self) -> int:
        return self._columns

    def _arrange(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for tile in self._tiles:
            self._grid.removeWidget(tile)
        for index, tile in enumerate(self._tiles):
            self._grid.addWidget(tile, index // columns, index % columns)
        for column in range(len(self._tiles)):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        hint.setWidth(TILE_MIN_WIDTH)  # it wraps rather than forcing the screen wider
        return hint

    def arrange_for(self, width: int) -> None:
        """All in one row, else two rows of equal length, else one column."""
        count = len(self._tiles)
        fits = max(1, (width + TILE_SPACING) // (TILE_MIN_WIDTH + TILE_SPACING))
        half = (count + 1) // 2
        self._arrange(count if fits >= count else half if fits >= half else 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.arrange_for(event.size().width())
        super().resizeEvent(event)


def section(text: str) -> QLabel:
    label = QLabel(text.upper())
    label.setObjectName("section")
    label.setAccessibleName(text)
    return label


def fact_tile(caption: str, value: str, detail: str) -> QFrame:
    frame = QFrame()
    frame.setObjectName("fact")
    frame.setAccessibleName(f"{caption}: {value}, {detail}")
    column = QVBoxLayout(frame)
    column.setContentsMargins(16, 12, 16, 12)
    column.setSpacing(2)
    for text, name in ((caption, "factCaption"), (value, "factValue"), (detail, "muted")):
        label = QLabel(text)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(label)
    column.addStretch(1)
    return frame


def graphics_text(machine: Machine) -> tuple[str, str]:
    """The GPU tile: the card's name and its free memory, or that there is none in use."""
    if not machine.gpus:
        return tr("None in use"), tr("models run on the processor")
    first = machine.gpus[0]
    name = first.description or first.name
    if first.unified:
        return name, tr("shares the computer's memory")
    free = sum(g.free_bytes for g in machine.discrete_gpus)
    total = sum(g.total_bytes for g in machine.discrete_gpus)
    return name, tr("{free} free of {total}").format(
        free=memory_text(free), total=memory_text(total)
    )


def option_tile(title: str, body: str, button_text: str) -> tuple[QFrame, QPushButton]:
    frame = QFrame()
    frame.setObjectName("option")
    heading = QLabel(title)
    heading.setObjectName("optionTitle")
    heading.setWordWrap(True)
    text = QLabel(body)
    text.setObjectName("muted")
    text.setWordWrap(True)
    text.setTextFormat(Qt.TextFormat.PlainText)
    text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    button = QPushButton(button_text)
    button.setAccessibleName(f"{title}: {button_text.rstrip('…')}")
    button.setAccessibleDescription(body)
    column = QVBoxLayout(frame)
    column.setContentsMargins(16, 14, 16, 14)
    column.setSpacing(6)
    column.addWidget(heading)
    column.addWidget(text, 1)
    column.addSpacing(4)
    column.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
    return frame, button
