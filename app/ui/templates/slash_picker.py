"""The chat composer's template picker: typing "/" opens it, typing filters it, Enter chooses.

A popup with its own search line, so the composer only has to open it and listen for
`template_chosen`; Esc or a click outside closes it without a choice. It opens below the "/"
where there is room, else above the input line, always inside the screen's available area and
tall enough for several templates.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QFrame, QLineEdit, QListView, QVBoxLayout, QWidget

from app.templates import Template
from app.ui.common.i18n import tr
from app.ui.templates.gallery import TemplateRowDelegate, row_height
from app.ui.templates.template_list_model import ID_ROLE, TemplateFilter, TemplateListModel

PICKER_WIDTH = 380
VISIBLE_ROWS = 7
FEWEST_ROWS = 4  # on a short screen the list shrinks, but never below this many rows


class TemplatePicker(QFrame):
    template_chosen = Signal(str)  # template id
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.model = TemplateListModel(self)
        self.proxy = TemplateFilter(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Template: type to filter, Enter to choose"))
        self.search.setAccessibleName(tr("Filter templates"))
        self.search.setAccessibleDescription(
            tr("Type to filter the templates; Up and Down move, Enter chooses, Esc closes.")
        )
        self.view = QListView()
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(TemplateRowDelegate(self.view))
        self.view.setUniformItemSizes(True)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setAccessibleName(tr("Templates"))
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(4, 4, 4, 4)
        self._layout.addWidget(self.search)
        self._layout.addWidget(self.view)
        self.search.textChanged.connect(self._on_query)
        self.search.installEventFilter(self)
        self.view.clicked.connect(lambda index: self._choose(str(index.data(ID_ROLE))))
        self._show_rows(VISIBLE_ROWS)
        self.setFixedWidth(PICKER_WIDTH)

    def set_templates(self, templates: Sequence[Template]) -> None:
        self.model.set_templates(templates)
        self._select_first()

    def open_at(self, position: QPoint, query: str = "") -> None:
        """Show the picker under `position` (global coordinates: the bottom-left of the "/"),
        or above that line when the screen has no room below, filtered by `query` (what follows
        the "/" in the composer)."""
        self.search.setText(query)
        self._on_query(query)
        self.setGeometry(self.placement(position))
        self.show()
        self.search.setFocus()

    def placement(self, anchor: QPoint) -> QRect:
        """Where the picker goes for `anchor`: inside the available geometry of the screen that
        holds it, below the anchor if it fits there, otherwise on the side with more room, with
        the list shortened (to no fewer than FEWEST_ROWS rows) only when neither side fits."""
        screen = QGuiApplication.screenAt(anchor) or self.screen()
        area = screen.availableGeometry()
        # The anchor is the bottom of the "/" line; going above means clearing that line.
        line = self.fontMetrics().lineSpacing() + 4
        self._show_rows(VISIBLE_ROWS)
        height = self.sizeHint().height()
        below = area.bottom() + 1 - anchor.y()
        above = anchor.y() - line - area.top()
        room = below if height <= below or below >= above else above
        if height > room:
            chrome = height - self.view.height()
            fitting = (room - chrome - 4) // row_height(self.view.font())
            self._show_rows(max(FEWEST_ROWS, min(VISIBLE_ROWS, fitting)))
            height = self.sizeHint().height()
        top = anchor.y() if room == below else anchor.y() - line - height
        top = max(area.top(), min(top, area.bottom() + 1 - height))
        width = self.width()
        left = max(area.left(), min(anchor.x(), area.right() + 1 - width))
        return QRect(left, top, width, height)

    def visible_row_count(self) -> int:
        """How many template rows the list shows whole without scrolling."""
        return max(0, (self.view.height() - 4) // row_height(self.view.font()))

    def _show_rows(self, rows: int) -> None:
        self.view.setFixedHeight(row_height(self.view.font()) * rows + 4)
        self._layout.activate()

    def set_query(self, text: str) -> None:
        self.search.setText(text)

    def visible_ids(self) -> list[str]:
        return [str(self.proxy.index(row, 0).data(ID_ROLE)) for row in range(self.proxy.rowCount())]

    def current_id(self) -> str:
        index = self.view.currentIndex()
        return str(index.data(ID_ROLE)) if index.isValid() else ""

    def choose_current(self) -> None:
        current = self.current_id()
        if current:
            self._choose(current)

    def _on_query(self, text: str) -> None:
        # "/quarterly report" and "quarterly report" mean the same here.
        self.proxy.set_search(text.lstrip("/"))
        self._select_first()

    def _select_first(self) -> None:
        if self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(0, 0))

    def _move(self, step: int) -> None:
        count = self.proxy.rowCount()
        if count:
            row = (self.view.currentIndex().row() + step) % count
            self.view.setCurrentIndex(self.proxy.index(row, 0))

    def _choose(self, template_id: str) -> None:
        self.hide()
        self.template_chosen.emit(template_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key == Qt.Key.Key_Down:
                self._move(1)
                return True
            if key == Qt.Key.Key_Up:
                self._move(-1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.choose_current()
                return True
            if key == Qt.Key.Key_Escape:
                self.hide()
                self.dismissed.emit()
                return True
        return super().eventFilter(watched, event)
