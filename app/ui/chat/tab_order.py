"""Tab through the chat page in the order it is laid out: the chats on the left, the messages
top to bottom, the attachments, the input and its buttons, then the side panel.

Qt puts a widget created later (every message, chip and approval row) at the end of the
window's focus chain, so Tab from the input used to land on the messages after everything
else. The chain is rebuilt, once per burst of changes, whenever the conversation changes.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from PySide6.QtCore import QObject, Qt, QTimer, SignalInstance
from PySide6.QtWidgets import QLayout, QSplitter, QTabWidget, QWidget

from app.ui.chat.chat_view import ChatView


def takes_tab_focus(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.focusProxy() is None


def _laid_out(layout: QLayout) -> Iterator[QWidget]:
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            yield widget
        elif inner is not None:
            yield from _laid_out(inner)


def ordered_children(parent: QWidget) -> list[QWidget]:
    """`parent`'s child widgets in the order they are laid out (then any others, in the order
    they were made)."""
    made = [
        child
        for child in parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if not child.isWindow()
    ]
    if isinstance(parent, QSplitter):
        placed: list[QWidget | None] = [parent.widget(i) for i in range(parent.count())]
    elif isinstance(parent, QTabWidget):
        placed = [parent.tabBar(), *(parent.widget(i) for i in range(parent.count()))]
    else:
        layout = parent.layout()
        placed = list(_laid_out(layout)) if layout is not None else []
    shown = [widget for widget in placed if widget is not None]
    seen = {id(w) for w in shown}
    return shown + [child for child in made if id(child) not in seen]


def focus_stops(root: QWidget) -> Iterator[QWidget]:
    """`root` and its descendants that Tab can stop on, parents before children, each level in
    layout order."""
    if takes_tab_focus(root):
        yield root
    for child in ordered_children(root):
        yield from focus_stops(child)


class ChatTabOrder(QObject):
    """Keeps the page's focus chain as `before`, the conversation's rows, then `after`,
    rebuilt when the conversation's rows change or a `refresh_on` signal fires."""

    def __init__(
        self,
        chat_view: ChatView,
        *,
        before: Sequence[QWidget],
        after: Sequence[QWidget],
        refresh_on: Sequence[SignalInstance] = (),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._view = chat_view
        self._before = tuple(before)
        self._after = tuple(after)
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.apply)
        chat_view.rows_changed.connect(self._pending.start)
        for changed in refresh_on:  # other parts whose focus stops come and go
            changed.connect(self._pending.start)
        self.apply()

    def stops(self) -> list[QWidget]:
        """Every focus stop of the page, in the order Tab visits them."""
        widgets: list[QWidget] = []
        for group in self._before:
            widgets.extend(focus_stops(group))
        for row in self._view.rows():
            widgets.extend(focus_stops(row))
        for group in self._after:
            widgets.extend(focus_stops(group))
        return widgets

    def apply(self) -> None:
        stops = self.stops()
        for first, second in itertools.pairwise(stops):
            QWidget.setTabOrder(first, second)
