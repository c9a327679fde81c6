"""The panel's questions and reports: confirmations, names, and the per-file failure list."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.file_names import shown_file_name
from app.knowledge.indexer import IndexOutcome
from app.ui.common.i18n import tr, tr_n
from app.ui.knowledge.look import muted_label


def ask_choice(
    parent: QWidget,
    title: str,
    text: str,
    choices: Sequence[str],
    *,
    checkbox: str | None = None,
) -> tuple[str | None, bool]:
    """A question with one button per choice and Cancel; (the chosen text or None, whether
    the optional check box was ticked). The first choice is the destructive default-free one."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, parent
    )
    buttons = {box.addButton(c, QMessageBox.ButtonRole.AcceptRole): c for c in choices}
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)  # Enter must not delete anything
    tick = QCheckBox(checkbox) if checkbox else None
    if tick is not None:
        box.setCheckBox(tick)
    box.exec()
    clicked = box.clickedButton()
    chosen = next((c for b, c in buttons.items() if b is clicked), None)
    return chosen, bool(tick is not None and tick.isChecked())


def ask_name(parent: QWidget, title: str, label: str, current: str = "") -> str | None:
    """A one-line name, trimmed; None when cancelled or left empty."""
    name, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, current)
    name = " ".join(name.split())
    return name if ok and name else None


class IndexingReportDialog(QDialog):
    """Which files could not be indexed and why; the rest of the batch was indexed."""

    def __init__(
        self, failures: Sequence[IndexOutcome], *, indexed: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Some files could not be indexed"))
        count = len(failures)
        summary = muted_label(
            tr_n(
                indexed,
                "{n} file indexed; {failed} could not be read:",
                "{n} files indexed; {failed} could not be read:",
            ).format(failed=count),
            self,
        )
        self.table = QTableWidget(count, 2, self)
        self.table.setHorizontalHeaderLabels([tr("File"), tr("Problem")])
        self.table.setAccessibleName(tr("Files that could not be indexed"))
        self.table.horizontalHeader().setAccessibleName(tr("Columns"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        for row, outcome in enumerate(failures):
            problem = outcome.error or ""
            name = shown_file_name(outcome.path.name)
            prefix = f"{name}: "
            if problem.startswith(prefix):
                problem = problem[len(prefix) :]
            name_item = QTableWidgetItem(name)
            name_item.setToolTip(shown_file_name(str(outcome.path)))
            problem_item = QTableWidgetItem(problem)
            problem_item.setToolTip(outcome.error or "")
            self.table.setItem(row, 0, name_item)
            self.table.setItem(row, 1, problem_item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 320)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Only now are the columns as wide as they will be: wrapped problems get their height.
        self.table.resizeRowsToContents()

    def rows(self) -> list[tuple[str, str]]:
        """(file name, problem) per row, as shown."""
        found: list[tuple[str, str]] = []
        for row in range(self.table.rowCount()):
            name, problem = self.table.item(row, 0), self.table.item(row, 1)
            found.append((name.text() if name else "", problem.text() if problem else ""))
        return found
