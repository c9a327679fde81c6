"""Where on its page a source was read: a small page outline with the place marked, and words
for it ("page 3, top"). Only OCR'd text has a place (Citation.box); other sources show neither."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.knowledge.grounding import Citation
from app.knowledge.page_box import PageBox
from app.ui.common.i18n import tr
from app.ui.common.theme import tokens_for

# A portrait page about A4's or Letter's shape; the real page size is not kept.
_PAGE_WIDTH = 26
_PAGE_HEIGHT = 34
_MIN_MARK = 2.0  # px: a single line still shows


def place_text(citation: Citation) -> str:
    """ "page 3, top" for a citation with a box; "" without one."""
    box = citation.box
    if box is None:
        return ""
    if citation.page is None:
        return {
            "top": tr("top of the page"),
            "middle": tr("middle of the page"),
            "bottom": tr("bottom of the page"),
        }[box.place]
    phrase = {
        "top": tr("page {page}, top"),
        "middle": tr("page {page}, middle"),
        "bottom": tr("page {page}, bottom"),
    }[box.place]
    return phrase.format(page=citation.page)


class PageOutline(QWidget):
    """A page-shaped rectangle with the box of the source's text filled in."""

    def __init__(self, box: PageBox, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = box
        self.setFixedSize(self.sizeHint())
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(_PAGE_WIDTH + 2, _PAGE_HEIGHT + 2)

    def marked_rect(self) -> QRectF:
        """The box on the drawn page, in widget pixels."""
        page = self._page_rect()
        x0 = page.left() + self.box.x0 * page.width()
        x1 = page.left() + self.box.x1 * page.width()
        y0 = page.top() + self.box.y0 * page.height()
        y1 = page.top() + self.box.y1 * page.height()
        # Grow a thin box around its middle so it stays visible, without leaving the page.
        if y1 - y0 < _MIN_MARK:
            middle = min(max((y0 + y1) / 2, page.top() + 1), page.bottom() - 1)
            y0, y1 = middle - _MIN_MARK / 2, middle + _MIN_MARK / 2
        if x1 - x0 < _MIN_MARK:
            middle = min(max((x0 + x1) / 2, page.left() + 1), page.right() - 1)
            x0, x1 = middle - _MIN_MARK / 2, middle + _MIN_MARK / 2
        return QRectF(x0, y0, x1 - x0, y1 - y0)

    def _page_rect(self) -> QRectF:
        return QRectF(1.0, 1.0, float(_PAGE_WIDTH), float(_PAGE_HEIGHT))

    def paintEvent(self, event: QPaintEvent) -> None:
        # Painted from the theme's tokens, so the outline follows light and dark themes.
        tokens = tokens_for(self.palette())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = painter.pen()
        pen.setColor(QColor(tokens.border))
        pen.setWidthF(1.0)
        painter.setPen(pen)
        painter.setBrush(QColor(tokens.surface))
        painter.drawRect(self._page_rect().adjusted(-0.5, -0.5, 0.5, 0.5))
        mark = QColor(tokens.accent)
        painter.setPen(mark)
        fill = QColor(mark)
        fill.setAlphaF(0.6)
        painter.setBrush(fill)
        painter.drawRect(self.marked_rect())
        painter.end()
