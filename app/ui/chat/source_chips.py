"""The sources of a grounded reply as chips under it: "[1] report.pdf · p. 3". A click (or Space
on a focused chip) opens that passage in the Sources panel."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QToolButton, QWidget

from app.ui.common.i18n import tr
from app.ui.common.wrap_layout import WrapLayout


def chip_text(citation: Mapping[str, Any]) -> str:
    """e.g. "[2] report.pdf · p. 3"; the position when there is no page ("slide 2", ...)."""
    number = citation.get("number")
    name = str(citation.get("file") or tr("document"))
    page = citation.get("page")
    position = str(citation.get("position") or "")
    where = tr("p. {page}").format(page=page) if isinstance(page, int) else position
    return f"[{number}] {name}" + (f" · {where}" if where else "")


def shown_sources(citations: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The passages the reply cites; all it was given when it cites none (a grounded reply
    always shows what it was given)."""
    used = [c for c in citations if c.get("used")]
    return used or list(citations)


class SourceChips(QWidget):
    source_clicked = Signal(int)  # the citation number

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._chips: list[QToolButton] = []
        self._layout = WrapLayout(self)
        self._layout.setContentsMargins(2, 2, 0, 2)
        self._layout.setSpacing(4)
        self.caption = QLabel(tr("Sources:"), self)
        self.caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._layout.addWidget(self.caption)
        self.hide()

    def chips(self) -> list[QToolButton]:
        return list(self._chips)

    def set_sources(self, citations: Sequence[Mapping[str, Any]]) -> None:
        for chip in self._chips:
            self._layout.removeWidget(chip)
            chip.hide()
            chip.deleteLater()
        self._chips = []
        for citation in shown_sources(citations):
            number = citation.get("number")
            if not isinstance(number, int):
                continue
            chip = QToolButton(self)
            chip.setText(chip_text(citation))
            chip.setToolTip(str(citation.get("excerpt") or citation.get("path") or ""))
            chip.setAccessibleName(tr("Source {source}").format(source=chip_text(citation)))
            chip.setAccessibleDescription(tr("Opens this passage in the Sources panel"))
            chip.setCursor(Qt.CursorShape.PointingHandCursor)
            chip.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            chip.setObjectName("sourceChip")
            chip.clicked.connect(lambda _checked=False, n=number: self.source_clicked.emit(n))
            self._layout.addWidget(chip)
            self._chips.append(chip)
        self.setVisible(bool(self._chips))
