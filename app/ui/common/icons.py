"""Hearth's icons: Lucide's outline SVGs (ISC licence, resources/icons/lucide/), drawn in the
theme's text colour.

Each icon is drawn from its SVG at the size and device pixel ratio asked for, so it stays crisp
at 200 %; the colour is read from the theme in force when it is painted, so a theme switch (or
the OS's dark mode, followed live) recolours every icon on the next repaint.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QIconEngine, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from app.resources import resource_path
from app.ui.common.theme import current_tokens

ICON_DIR = ("icons", "lucide")
NAMES = (
    "message-square",
    "file-text",
    "book-open",
    "graduation-cap",
    "flask-conical",
    "settings",
    "box",
    "cpu",
    "layers",
    "paperclip",
    "send",
    "square",
    "copy",
    "refresh-cw",
    "download",
    "upload",
    "plus",
    "trash-2",
    "search",
    "circle-help",
    "folder-open",
    "chevron-down",
    "chevron-up",
    "check",
)


def icon_file(name: str) -> Path:
    return resource_path(*ICON_DIR, f"{name}.svg")


@cache
def _svg_source(name: str) -> str:
    """The SVG text, stroke colour left as `currentColor` (read once per name)."""
    return icon_file(name).read_text(encoding="utf-8")


def tinted_svg(name: str, colour: str) -> bytes:
    """The icon's SVG with its strokes in `colour` ("#rrggbb")."""
    return _svg_source(name).replace("currentColor", colour).encode("utf-8")


def _colour_for(mode: QIcon.Mode, state: QIcon.State) -> str:
    tokens = current_tokens()
    if mode == QIcon.Mode.Disabled:
        return tokens.disabled
    if mode == QIcon.Mode.Selected:
        return tokens.accent_text
    return tokens.text


class TintedSvgEngine(QIconEngine):
    """Paints one Lucide icon in the current theme's colour for the icon's mode."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = name

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        renderer = QSvgRenderer(QByteArray(tinted_svg(self._name, _colour_for(mode, state))))
        side = min(rect.width(), rect.height())
        square = QRectF(
            rect.x() + (rect.width() - side) / 2, rect.y() + (rect.height() - side) / 2, side, side
        )
        renderer.render(painter, square)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        # Drawn at the device's pixel size, not scaled up from a small bitmap: crisp at 200 %.
        device = QSize(max(1, round(size.width() * scale)), max(1, round(size.height() * scale)))
        pixmap = QPixmap(device)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, QRect(QPoint(0, 0), device), mode, state)
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        return size

    def clone(self) -> QIconEngine:
        return _keep(TintedSvgEngine(self._name))

    def key(self) -> str:
        return "hearth-lucide"

    def iconName(self) -> str:
        return self._name

    def isNull(self) -> bool:
        return not icon_file(self._name).is_file()


_engines: list[QIconEngine] = []


def _keep(engine: QIconEngine) -> QIconEngine:
    # QIcon owns the engine on the C++ side; the Python wrapper must outlive it too.
    _engines.append(engine)
    return engine


@cache
def icon(name: str) -> QIcon:
    """The Lucide icon `name` (one of NAMES), in the theme's colours."""
    if name not in NAMES:
        raise ValueError(f"no such icon: {name}")
    return QIcon(_keep(TintedSvgEngine(name)))
