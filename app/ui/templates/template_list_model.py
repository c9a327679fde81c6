"""Templates as a Qt item model, and the proxy behind the gallery's search and category filter.

Tested without widgets: the gallery and the chat's template picker both sit on these.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from app.templates import Template

ID_ROLE: Final = Qt.ItemDataRole.UserRole + 1
CATEGORY_ROLE: Final = Qt.ItemDataRole.UserRole + 2
DESCRIPTION_ROLE: Final = Qt.ItemDataRole.UserRole + 3
BUILTIN_ROLE: Final = Qt.ItemDataRole.UserRole + 4
SEARCH_TEXT_ROLE: Final = Qt.ItemDataRole.UserRole + 5

_CATEGORY_LABELS: Final = {"hr": "HR", "other": "Other"}

AnyIndex = QModelIndex | QPersistentModelIndex


def category_label(category: str) -> str:
    return _CATEGORY_LABELS.get(category, category.capitalize())


class TemplateListModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._templates: list[Template] = []

    def set_templates(self, templates: Sequence[Template]) -> None:
        self.beginResetModel()
        self._templates = list(templates)
        self.endResetModel()

    def template_at(self, row: int) -> Template:
        return self._templates[row]

    def categories(self) -> list[str]:
        """The categories that have at least one template, in first-seen order."""
        seen: dict[str, None] = {}
        for template in self._templates:
            seen.setdefault(template.category, None)
        return list(seen)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's API)
        return 0 if parent.isValid() else len(self._templates)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._templates):
            return None
        template = self._templates[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return template.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return template.description
        if role == ID_ROLE:
            return template.id
        if role == CATEGORY_ROLE:
            return template.category
        if role == DESCRIPTION_ROLE:
            return template.description
        if role == BUILTIN_ROLE:
            return template.is_builtin
        if role == SEARCH_TEXT_ROLE:
            return " ".join(
                (
                    template.name,
                    template.description,
                    category_label(template.category),
                    template.id,
                )
            ).casefold()
        return None


class TemplateFilter(QSortFilterProxyModel):
    """Keeps templates whose name, description, category or id holds every word typed, in the
    chosen category ("" = all)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self._category = ""

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = tuple(text.casefold().split())
        self.endFilterChange()

    def set_category(self, category: str) -> None:
        self.beginFilterChange()
        self._category = category
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        source = self.sourceModel()
        index = source.index(source_row, 0, source_parent)
        if self._category and index.data(CATEGORY_ROLE) != self._category:
            return False
        haystack = str(index.data(SEARCH_TEXT_ROLE) or "")
        return all(word in haystack for word in self._words)

    def template_id(self, row: int) -> str | None:
        if not 0 <= row < self.rowCount():
            return None
        return str(self.index(row, 0).data(ID_ROLE))
