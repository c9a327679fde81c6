"""How an assistant looks in lists: its image, else its emoji, else a tile with its initial.

An emoji is drawn only where an installed font has it: without an emoji font Qt draws empty
boxes, so a coloured tile with the assistant's initial stands in.
"""

from __future__ import annotations

import zlib

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetrics, QIcon, QPainter, QPixmap

from app.assistants.model import AssistantProfile
from app.ui.common.palette import TILE_COLOURS, TILE_TEXT

# Joiners and variation selectors combine emoji; no font needs a glyph of their own for them.
_INVISIBLE = {0x200D, 0xFE0E, 0xFE0F}
_drawable: dict[str, bool] = {}


def can_draw(text: str) -> bool:
    """Whether some installed font has every character of `text` (cached per text)."""
    if text not in _drawable:
        points = [ord(c) for c in text if ord(c) not in _INVISIBLE]
        metrics = [QFontMetrics(QFont(family)) for family in QFontDatabase.families()]
        _drawable[text] = bool(points) and all(
            any(m.inFontUcs4(point) for m in metrics) for point in points
        )
    return _drawable[text]


def _tile(name: str, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    colour = TILE_COLOURS[zlib.crc32(name.encode("utf-8")) % len(TILE_COLOURS)]
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawRoundedRect(QRectF(1, 1, size - 2, size - 2), size / 5, size / 5)
    font = QFont()
    font.setPixelSize(int(size * 0.55))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor(TILE_TEXT))
    painter.drawText(
        QRect(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, (name[:1] or "?").upper()
    )
    painter.end()
    return pixmap


def icon_pixmap(profile: AssistantProfile, size: int = 40) -> QPixmap:
    if profile.icon_image:
        image = QPixmap()
        if image.loadFromData(profile.icon_image, "PNG"):
            return image.scaled(
                size,
                size,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
    if not can_draw(profile.icon):
        return _tile(profile.name, size)
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    font = QFont()
    font.setPixelSize(int(size * 0.7))
    painter.setFont(font)
    painter.drawText(QRect(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, _drawn(profile.icon))
    painter.end()
    return pixmap


def _drawn(text: str) -> str:
    """`text` without variation selectors: where a font lacks them Qt draws a box after the
    emoji, and without them the emoji is still drawn (perhaps in its plain text style)."""
    return "".join(c for c in text if ord(c) not in (0xFE0E, 0xFE0F))


def icon_of(profile: AssistantProfile, size: int = 40) -> QIcon:
    return QIcon(icon_pixmap(profile, size))
