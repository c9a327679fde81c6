"""The template gallery: search, a category filter, and the list of templates.

Each row shows the name and, muted, the category and description. Buttons below act on the
library (new, duplicate/edit, import, export, delete); the panel does the work.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.templates import Template
from app.ui.common.i18n import tr
from app.ui.templates.look import chain_tab_order
from app.ui.templates.template_list_model import (
    BUILTIN_ROLE,
    CATEGORY_ROLE,
    DESCRIPTION_ROLE,
    ID_ROLE,
    TemplateFilter,
    TemplateListModel,
    category_label,
)

_PADDING = 6


def row_height(font: QFont) -> int:
    """Two lines of text and the padding around them."""
    return QFontMetrics(font).height() * 2 + _PADDING * 2 + 2


class TemplateRowDelegate(QStyledItemDelegate):
    """Name in bold on the first line; "Category · description" (elided) muted below."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(200, row_height(option.font))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget is not None else None
        option_text_free = QStyleOptionViewItem(option)
        option_text_free.text = ""
        if style is not None:
            style.drawControl(
                QStyle.ControlElement.CE_ItemViewItem, option_text_free, painter, option.widget
            )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        main = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = main if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        rect = option.rect.adjusted(_PADDING + 2, _PADDING, -_PADDING, -_PADDING)
        metrics = QFontMetrics(option.font)
        line = metrics.height()
        painter.save()
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(main)
        name = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if not index.data(BUILTIN_ROLE):
            name += "  " + tr("(yours)")
        painter.drawText(
            QRect(rect.left(), rect.top(), rect.width(), line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(bold).elidedText(name, Qt.TextElideMode.ElideRight, rect.width()),
        )
        painter.setFont(option.font)
        painter.setPen(muted)
        detail = (
            f"{category_label(str(index.data(CATEGORY_ROLE)))} · {index.data(DESCRIPTION_ROLE)}"
        )
        painter.drawText(
            QRect(rect.left(), rect.top() + line + 2, rect.width(), line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(detail, Qt.TextElideMode.ElideRight, rect.width()),
        )
        painter.restore()


class TemplateGallery(QWidget):
    template_selected = Signal(str)  # template id ("" when nothing is selected)
    template_activated = Signal(str)  # double-click or Enter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TemplateListModel(self)
        self.proxy = TemplateFilter(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Search templates"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(tr("Search templates"))
        self.category = QComboBox()
        self.category.setAccessibleName(tr("Category"))
        self.view = QListView()
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(TemplateRowDelegate(self.view))
        self.view.setUniformItemSizes(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setAccessibleName(tr("Templates"))

        self.new_button = QPushButton(tr("New…"))
        self.new_button.setToolTip(tr("Create a template of your own"))
        self.edit_button = QPushButton(tr("Edit…"))
        self.edit_button.setToolTip(
            tr("Edit your template, or duplicate a built-in one to edit it")
        )
        self.import_button = QPushButton(tr("Import…"))
        self.import_button.setToolTip(tr("Add a template from a .toml or .json file"))
        self.export_button = QPushButton(tr("Export…"))
        self.export_button.setToolTip(tr("Save the selected template as a .toml or .json file"))
        self.delete_button = QPushButton(tr("Delete"))
        self.delete_button.setToolTip(tr("Delete your template (built-ins cannot be deleted)"))

        buttons = QGridLayout()
        buttons.addWidget(self.new_button, 0, 0)
        buttons.addWidget(self.edit_button, 0, 1)
        buttons.addWidget(self.delete_button, 0, 2)
        buttons.addWidget(self.import_button, 1, 0)
        buttons.addWidget(self.export_button, 1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.category)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

        chain_tab_order(
            [
                self.search,
                self.category,
                self.view,
                self.new_button,
                self.edit_button,
                self.delete_button,
                self.import_button,
                self.export_button,
            ]
        )
        self.search.textChanged.connect(self.proxy.set_search)
        self.category.currentIndexChanged.connect(self._on_category)
        self.view.selectionModel().currentChanged.connect(self._on_current)
        self.view.activated.connect(self._on_activated)
        self._update_buttons("")

    def set_templates(self, templates: Sequence[Template], *, select: str | None = None) -> None:
        keep = select if select is not None else self.current_id()
        wanted_category = self.category.currentData()
        self.model.set_templates(templates)
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem(tr("All categories"), "")
        for category in sorted(self.model.categories(), key=category_label):
            self.category.addItem(category_label(category), category)
        found = self.category.findData(wanted_category or "")
        self.category.setCurrentIndex(max(found, 0))
        self.category.blockSignals(False)
        self.proxy.set_category(str(self.category.currentData() or ""))
        if keep:
            self.select(keep)

    def current_id(self) -> str:
        index = self.view.currentIndex()
        return str(index.data(ID_ROLE)) if index.isValid() else ""

    def visible_ids(self) -> list[str]:
        return [str(self.proxy.index(row, 0).data(ID_ROLE)) for row in range(self.proxy.rowCount())]

    def select(self, template_id: str) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ID_ROLE) == template_id:
                self.view.setCurrentIndex(index)
                return True
        return False

    def _on_category(self, _row: int) -> None:
        self.proxy.set_category(str(self.category.currentData() or ""))

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        template_id = str(current.data(ID_ROLE)) if current.isValid() else ""
        self._update_buttons(template_id)
        self.template_selected.emit(template_id)

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.template_activated.emit(str(index.data(ID_ROLE)))

    def _update_buttons(self, template_id: str) -> None:
        index = self.view.currentIndex()
        builtin = bool(index.data(BUILTIN_ROLE)) if index.isValid() else True
        self.edit_button.setEnabled(bool(template_id))
        self.edit_button.setText(tr("Duplicate…") if template_id and builtin else tr("Edit…"))
        self.export_button.setEnabled(bool(template_id))
        self.delete_button.setEnabled(bool(template_id) and not builtin)
