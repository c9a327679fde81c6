"""A row of widgets that wraps onto more lines instead of growing wider than its parent.

Qt's box layouts never go below the sum of their children's minimum widths: a message whose
header or footer holds a long label and a few buttons then becomes wider than the chat, and the
end of its row (the reply's actions) is cut off. A WrapLayout has no such floor: it places its
widgets left to right and starts a new line when the next one does not fit, and a widget wider
than the whole row gets the row's width (a word-wrapped label then takes more lines).

With `lead=True` the first widget (a word-wrapped label: a message's metadata) leads the row:
it takes whatever width the others leave when all fit on one line, with the others right-aligned
after it; when they do not fit, it takes a line of its own and the others follow on the lines
below, right-aligned, so actions stay where the eye expects them.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLabel, QLayout, QLayoutItem, QWidget

_DEFAULT_SPACING = 6


class WrapLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, *, lead: bool = False) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._lead = lead
        self._height_cache: tuple[int, int] | None = None  # (width, height)

    # ---- QLayout's item bookkeeping ----------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        if not 0 <= index < len(self._items):
            return None
        item = self._items.pop(index)
        self.invalidate()
        return item

    def invalidate(self) -> None:
        self._height_cache = None
        super().invalidate()

    # ---- sizes -------------------------------------------------------------------------------

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        cached = self._height_cache
        if cached is not None and cached[0] == width:
            return cached[1]
        height = self._arrange(QRect(0, 0, width, 0), apply=False)
        self._height_cache = (width, height)
        return height

    def sizeHint(self) -> QSize:
        """Everything on one line."""
        items = self._visible()
        margins = self.contentsMargins()
        width = sum(self._natural_width(item) for item in items)
        width += self._spacing() * max(0, len(items) - 1)
        height = max((item.sizeHint().height() for item in items), default=0)
        return QSize(
            width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
        )

    def minimumSize(self) -> QSize:
        # No width floor: the row wraps (and a too-wide widget is narrowed) rather than
        # pushing its parent wider than the space it has.
        margins = self.contentsMargins()
        height = max((item.minimumSize().height() for item in self._visible()), default=0)
        return QSize(margins.left() + margins.right(), height + margins.top() + margins.bottom())

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    # ---- arranging ---------------------------------------------------------------------------

    def _spacing(self) -> int:
        spacing = self.spacing()
        return spacing if spacing >= 0 else _DEFAULT_SPACING

    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    @staticmethod
    def _natural_width(item: QLayoutItem) -> int:
        """The width the item needs on one line (a word-wrapped label: its unwrapped text)."""
        widget = item.widget()
        if isinstance(widget, QLabel) and widget.wordWrap():
            margins = widget.contentsMargins()
            text = widget.fontMetrics().horizontalAdvance(widget.text())
            return text + margins.left() + margins.right() + 2 * widget.margin() + 2
        return item.sizeHint().width()

    @staticmethod
    def _height_at(item: QLayoutItem, width: int) -> int:
        if item.hasHeightForWidth():
            return max(item.heightForWidth(width), item.minimumSize().height())
        return item.sizeHint().height()

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        """Place the items in `rect` (when `apply`); the height they take at its width."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        width = max(1, area.width())
        spacing = self._spacing()
        items = self._visible()
        lead = items[0] if self._lead and items and items[0] is self._items[0] else None
        others = items[1:] if lead is not None else items
        top = area.y()
        if lead is not None:
            others_width = sum(min(i.sizeHint().width(), width) for i in others)
            others_width += spacing * max(0, len(others) - 1)
            if others and self._natural_width(lead) + spacing + others_width <= width:
                lead_width = width - others_width - spacing
                line = [(lead, lead_width), *((i, i.sizeHint().width()) for i in others)]
                height = max(self._height_at(i, w) for i, w in line)
                if apply:
                    self._place_line(line, area.x(), top, height, lead_width + spacing)
                return height + margins.top() + margins.bottom()
            lead_height = self._height_at(lead, width)
            if apply:
                lead.setGeometry(QRect(area.x(), top, width, lead_height))
            top += lead_height + (spacing if others else 0)
        for line, line_width in self._lines(others, width, spacing):
            height = max(self._height_at(i, w) for i, w in line)
            if apply:
                # After a lead the actions sit right-aligned; a plain row starts at the left.
                left = area.x() + (width - line_width if lead is not None else 0)
                self._place_line(line, left, top, height, 0)
            top += height + spacing
        if others:
            top -= spacing
        return top - area.y() + margins.top() + margins.bottom()

    @staticmethod
    def _lines(
        items: list[QLayoutItem], width: int, spacing: int
    ) -> list[tuple[list[tuple[QLayoutItem, int]], int]]:
        """The items split greedily into lines no wider than `width`, with each line's width."""
        lines: list[tuple[list[tuple[QLayoutItem, int]], int]] = []
        line: list[tuple[QLayoutItem, int]] = []
        used = 0
        for item in items:
            item_width = min(item.sizeHint().width(), width)
            if line and used + spacing + item_width > width:
                lines.append((line, used))
                line, used = [], 0
            used += (spacing if line else 0) + item_width
            line.append((item, item_width))
        if line:
            lines.append((line, used))
        return lines

    def _place_line(
        self,
        line: list[tuple[QLayoutItem, int]],
        left: int,
        top: int,
        height: int,
        first_advance: int,
    ) -> None:
        """Set the geometry of one line's items, each centred vertically in the line.

        `first_advance`: where the second item starts relative to the first (the lead's width
        plus spacing); 0 means packed with the normal spacing.
        """
        spacing = self._spacing()
        x = left
        for index, (item, item_width) in enumerate(line):
            item_height = min(self._height_at(item, item_width), height)
            y = top + (height - item_height) // 2
            item.setGeometry(QRect(QPoint(x, y), QSize(item_width, item_height)))
            if index == 0 and first_advance:
                x = left + first_advance
            else:
                x += item_width + spacing
