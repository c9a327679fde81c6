"""Thumbs up / thumbs down on a saved assistant reply: the user's verdict, which Adapter Studio
reads when it gathers training examples from chats.

The buttons show the mark that storage confirmed, not merely the last click: a click asks for a
mark (mark_requested) and the owner answers with set_mark once it is saved. Whatever the owner
does, the buttons end showing the confirmed mark, so a refused or failed save never leaves a
thumb lit that the database does not hold.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QByteArray, QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget

from app.ui.common.i18n import tr
from app.ui.common.theme import tokens_for

# Lucide's "thumbs-up" outline (ISC licence); thumbs-down is the same shape turned half a turn.
_THUMB_SVG: Final = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="{fill}" '
    'stroke="{stroke}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">'
    '<path d="M7 10v12"/>'
    '<path d="M15 5.88 14 10h5.83a2 2 0 0 1 1.92 2.56l-2.33 8A2 2 0 0 1 17.5 22H4a2 2 0 0 1-2-2'
    'v-8a2 2 0 0 1 2-2h2.76a2 2 0 0 0 1.79-1.11L12 2a3.13 3.13 0 0 1 3 3.88Z"/></svg>'
)
ICON_PX: Final = 16

# The English source, as tests compare it; the widget shows it through tr().
GOOD_TIP: Final = "Good reply — used as a training example in Adapter Studio"
BAD_TIP: Final = "Bad reply — kept out of Adapter Studio's training examples"
GOOD_ON_TIP: Final = "Marked good: Adapter Studio uses it as a training example. Click to clear."
BAD_ON_TIP: Final = "Marked bad: Adapter Studio leaves it out. Click to clear."


def thumb_pixmap(color: QColor, *, up: bool, filled: bool, device_ratio: float) -> QPixmap:
    """The thumb drawn in `color` (outline, or solid when `filled`), pointing up or down."""
    svg = _THUMB_SVG.format(fill=color.name() if filled else "none", stroke=color.name())
    renderer = QSvgRenderer(QByteArray(svg.encode("ascii")))
    side = round(ICON_PX * device_ratio)
    pixmap = QPixmap(side, side)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if not up:
        painter.translate(side, side)
        painter.rotate(180)
    renderer.render(painter, QRectF(0, 0, side, side))
    painter.end()
    pixmap.setDevicePixelRatio(device_ratio)
    return pixmap


def thumb_icon(palette: QPalette, *, up: bool, device_ratio: float = 1.0) -> QIcon:
    """Off: a quiet outline in the placeholder colour. On (checked): solid green or red."""
    quiet = palette.color(QPalette.ColorRole.PlaceholderText)
    tokens = tokens_for(palette)
    strong = QColor(tokens.mark_good if up else tokens.mark_bad)
    icon = QIcon()
    for mode in (QIcon.Mode.Normal, QIcon.Mode.Active, QIcon.Mode.Selected):
        icon.addPixmap(
            thumb_pixmap(quiet, up=up, filled=False, device_ratio=device_ratio),
            mode,
            QIcon.State.Off,
        )
        icon.addPixmap(
            thumb_pixmap(strong, up=up, filled=True, device_ratio=device_ratio),
            mode,
            QIcon.State.On,
        )
    return icon


class ReplyMarkButtons(QWidget):
    """Two checkable thumbs; at most one is on. Clicking the lit one clears the mark."""

    mark_requested = Signal(object)  # "good", "bad" or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._mark: str | None = None
        self.good_button = self._thumb(tr("Mark this reply good"))
        self.bad_button = self._thumb(tr("Mark this reply bad"))
        self.good_button.clicked.connect(lambda: self._request("good"))
        self.bad_button.clicked.connect(lambda: self._request("bad"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.good_button)
        row.addWidget(self.bad_button)
        self._update_icons()
        self._show_mark()

    def mark(self) -> str | None:
        return self._mark

    def set_mark(self, mark: str | None) -> None:
        """Show `mark` (what storage holds) without asking for anything."""
        self._mark = mark if mark in ("good", "bad") else None
        self._show_mark()

    def _request(self, clicked: str) -> None:
        wanted = None if self._mark == clicked else clicked
        self.mark_requested.emit(wanted)
        # The owner's set_mark (if the save worked) has updated _mark by now.
        self._show_mark()

    def _show_mark(self) -> None:
        self.good_button.setChecked(self._mark == "good")
        self.bad_button.setChecked(self._mark == "bad")
        self.good_button.setToolTip(
            tr("Marked good: Adapter Studio uses it as a training example. Click to clear.")
            if self._mark == "good"
            else tr("Good reply — used as a training example in Adapter Studio")
        )
        self.bad_button.setToolTip(
            tr("Marked bad: Adapter Studio leaves it out. Click to clear.")
            if self._mark == "bad"
            else tr("Bad reply — kept out of Adapter Studio's training examples")
        )

    def _thumb(self, accessible_name: str) -> QToolButton:
        button = QToolButton(self)
        button.setCheckable(True)
        button.setAutoRaise(True)
        button.setAccessibleName(accessible_name)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setIconSize(QSize(ICON_PX, ICON_PX))
        return button

    def _update_icons(self) -> None:
        ratio = self.devicePixelRatioF()
        self.good_button.setIcon(thumb_icon(self.palette(), up=True, device_ratio=ratio))
        self.bad_button.setIcon(thumb_icon(self.palette(), up=False, device_ratio=ratio))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._update_icons()  # the colours are baked into the pixmaps: redraw for the theme
