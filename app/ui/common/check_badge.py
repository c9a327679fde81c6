"""The badge on a flagged reply or document: "2 details are not in your sources", with one click
to regenerate it and one to accept it as it is (the acceptance is recorded by the caller)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from app.ui.common.i18n import tr, tr_n


def badge_text(count: int) -> str:
    return tr_n(count, "{n} detail is not in your sources", "{n} details are not in your sources")


def badge_tip() -> str:
    return tr(
        "Hearth checked this text against its sources (documents, fields, the chat, the "
        "instructions). The underlined details are not in them: point at one to see why."
    )


class CheckBadge(QWidget):
    regenerate_clicked = Signal()
    accept_clicked = Signal()

    def __init__(self, parent: QWidget | None = None, *, regenerate_tip: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("checkBadge")
        self._count = 0
        self.label = QLabel(self)
        self.label.setProperty("role", "check")  # bold error red, both themes
        self.label.setToolTip(badge_tip())
        self.regenerate_button = _button(
            tr("Regenerate"), regenerate_tip or tr("Write it again"), self
        )
        self.accept_button = _button(
            tr("Accept as is"),
            tr("Keep it as it is; the badge goes and your choice is saved"),
            self,
        )
        self.regenerate_button.clicked.connect(self.regenerate_clicked.emit)
        self.accept_button.clicked.connect(self.accept_clicked.emit)
        row = QHBoxLayout(self)
        row.setContentsMargins(2, 2, 2, 2)
        row.setSpacing(4)
        row.addWidget(self.label)
        row.addWidget(self.regenerate_button)
        row.addWidget(self.accept_button)
        row.addStretch(1)
        self.hide()

    def count(self) -> int:
        return self._count

    def show_count(self, count: int, *, accepted: bool = False) -> None:
        """Show the badge for `count` flagged details; hidden when none, or once accepted."""
        self._count = 0 if accepted else max(0, count)
        self.label.setText(badge_text(self._count))
        self.label.setAccessibleName(badge_text(self._count))
        self.setVisible(self._count > 0)

    def set_regenerate_visible(self, visible: bool) -> None:
        self.regenerate_button.setVisible(visible)


def _button(text: str, tip: str, parent: QWidget) -> QToolButton:
    button = QToolButton(parent)
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(text)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    # Tab reaches it, Space presses it: the badge is usable without a mouse.
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return button
