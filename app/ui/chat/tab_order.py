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
from PySide6.QtWidgets import QSplitter, QTabWidget, QWidget
from shiboken6 import isValid

from app.ui.chat.chat_view import ChatView


def takes_tab_focus(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.focusProxy() is None


def ordered_children(parent: QWidget) -> list[QWidget]:
    """`parent`'s child widgets in the order Tab should visit them: a splitter's or tab widget's
    in their order on screen, any other's in the order they were made (which is the order this
    app lays them out in; layouts are not walked, as their items are not the widgets')."""
    made = [
        child
        for child in parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if not child.isWindow()
    ]
    placed: list[QWidget | None] = []
    if isinstance(parent, QSplitter):
        placed = [parent.widget(i) for i in range(parent.count())]
    elif isinstance(parent, QTabWidget):
        placed = [parent.tabBar(), *(parent.widget(i) for i in range(parent.count()))]
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
        # Each row's stops, found once: walking every message of a long chat again on each new
        # message would make sending slower as the chat grows.
        self._row_stops: dict[int, tuple[QWidget, list[QWidget]]] = {}
        chat_view.rows_changed.connect(self._pending.start)
        chat_view.row_stops_changed.connect(self._forget_row)
        for changed in refresh_on:  # other parts whose focus stops come and go
            changed.connect(self._pending.start)
        self.apply()

    def stops(self) -> list[QWidget]:
        """Every focus stop of the page, in the order Tab visits them."""
        widgets: list[QWidget] = []
        for group in self._before:
            widgets.extend(focus_stops(group))
        rows = self._view.rows()
        for row in rows:
            widgets.extend(self._stops_of(row))
        shown = {id(row) for row in rows}
        self._row_stops = {key: kept for key, kept in self._row_stops.items() if key in shown}
        for group in self._after:
            widgets.extend(focus_stops(group))
        return widgets

    def _stops_of(self, row: QWidget) -> list[QWidget]:
        cached = self._row_stops.get(id(row))
        # A chip or editor deleted since (deleteLater) must not be linked into the chain.
        if cached is None or cached[0] is not row or not all(map(isValid, cached[1])):
            cached = (row, list(focus_stops(row)))
            self._row_stops[id(row)] = cached
        return cached[1]

    def _forget_row(self, row: object) -> None:
        """A row's own stops changed (source chips came, an editor opened): find them again."""
        self._row_stops.pop(id(row), None)
        self._pending.start()

    def apply(self) -> None:
        stops = self.stops()
        for first, second in itertools.pairwise(stops):
            QWidget.setTabOrder(first, second)
