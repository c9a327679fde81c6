"""The documents of a collection as a table model with named columns (testable without a view)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from app.file_names import shown_file_name
from app.knowledge.records import DocumentRecord
from app.ui.common.i18n import tr, tr_n

_Index = QModelIndex | QPersistentModelIndex
DOCUMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class Column(IntEnum):
    NAME = 0
    FORMAT = 1
    PAGES = 2
    STATUS = 3
    PROBLEM = 4


def header(column: Column) -> str:
    if column == Column.NAME:
        return tr("Name")
    if column == Column.FORMAT:
        return tr("Format")
    if column == Column.PAGES:
        return tr("Pages")
    return tr("Status") if column == Column.STATUS else tr("Problem")


def status_text(document: DocumentRecord) -> str:
    if document.status == "failed":
        return tr("Could not be read")
    status = tr("Indexed with notes") if document.notes else tr("Indexed")
    percent = ocr_percent(document)
    # Text read from page images says so, with how sure OCR was.
    if percent is None:
        return status
    return f"{status} · " + tr("OCR {percent}%").format(percent=percent)


def ocr_percent(document: DocumentRecord) -> int | None:
    """OCR's mean confidence in percent, rounded down (100 only when OCR was sure of every
    line); None for text from a text layer."""
    if not document.ocr_pages or document.ocr_confidence is None:
        return None
    return int(document.ocr_confidence * 100)


def ocr_detail(document: DocumentRecord) -> str:
    """ "3 pages read with OCR, mean confidence 99%"; "" for text from a text layer."""
    percent = ocr_percent(document)
    if percent is None:
        return ""
    read = tr_n(
        document.ocr_pages,
        "{n} page read with OCR, mean confidence {percent}%",
        "{n} pages read with OCR, mean confidence {percent}%",
    )
    return read.replace("{percent}", str(percent))


def problem_text(document: DocumentRecord) -> str:
    """The error without the file name in front (the Name column already shows it); for an
    indexed document with notes, its first note (and how many more there are)."""
    if document.error is None and document.notes:
        more = len(document.notes) - 1
        return document.notes[0] + (tr(" (and {count} more)").format(count=more) if more else "")
    error = document.error or ""
    prefix = f"{shown_file_name(document.file_name)}: "
    return error[len(prefix) :] if error.startswith(prefix) else error


def notes_tooltip(notes: Sequence[str], *, heading: str = "") -> str:
    """Every note as a bullet, for a tooltip: rich text, so that Qt wraps long sentences
    instead of drawing a tooltip as wide as the screen. `heading` (plain text) goes first."""
    lines = "".join(f"<li>{html.escape(note)}</li>" for note in notes)
    first = f"{html.escape(heading)}<br>" if heading else ""
    return (
        f"<p>{first}{html.escape(tr('Not everything in this document was indexed:'))}</p>"
        f"<ul style='margin-left: -20px'>{lines}</ul>"
    )


class DocumentTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._documents: list[DocumentRecord] = []

    def set_documents(self, documents: Sequence[DocumentRecord]) -> None:
        self.beginResetModel()
        self._documents = sorted(documents, key=lambda d: d.file_name.lower())
        self.endResetModel()

    def documents(self) -> list[DocumentRecord]:
        return list(self._documents)

    def document_at(self, row: int) -> DocumentRecord:
        return self._documents[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._documents)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return header(Column(section))
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._documents):
            return None
        document = self._documents[index.row()]
        column = Column(index.column())
        if role == DOCUMENT_ID_ROLE:
            return document.id
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(document, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(document, column)
        if role == Qt.ItemDataRole.DecorationRole and column == Column.STATUS:
            return _warning_icon() if document.status == "failed" or document.notes else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.PAGES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _tooltip(document: DocumentRecord, column: Column) -> str:
    """The whole text behind a cell a narrow column may cut short; the Status cell's tip
    starts with the status itself."""
    status = status_text(document) if column == Column.STATUS else ""
    if column in (Column.STATUS, Column.PROBLEM) and document.error:
        return f"{status}: {document.error}" if status else document.error
    if column in (Column.STATUS, Column.PROBLEM) and document.notes:
        return notes_tooltip(document.notes, heading=status)
    detail = ocr_detail(document) if column == Column.STATUS else ""
    if detail:
        return f"{status}\n{detail}"
    return status or shown_file_name(document.path)


def _warning_icon() -> QIcon:
    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


def _cell(document: DocumentRecord, column: Column) -> str:
    if column == Column.NAME:
        return shown_file_name(document.file_name)
    if column == Column.FORMAT:
        return document.format.upper()
    if column == Column.PAGES:
        return "" if document.page_count is None else str(document.page_count)
    if column == Column.STATUS:
        return status_text(document)
    return problem_text(document)
