"""The indexing progress line: "Indexing 3 of 10: report.pdf", a bar, and Cancel."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from app.file_names import shown_file_name
from app.ui.common.i18n import tr


def progress_text(done: int, total: int, name: str) -> str:
    """`done` files are finished, so the one being read is number done + 1."""
    if total <= 0:
        return tr("Preparing to index…")
    if done >= total:
        return tr("Indexed {total} of {total}, finishing…").format(total=total)
    if not name:
        return tr("Indexing {number} of {total}").format(number=done + 1, total=total)
    return tr("Indexing {number} of {total}: {file}").format(
        number=done + 1, total=total, file=shown_file_name(name)
    )


class IndexingProgressRow(QWidget):
    """Hidden while idle. Cancel asks once: the button then waits for the job to stop."""

    cancel_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name = ""
        self.label = QLabel(self)
        self.label.setMinimumWidth(120)
        self.bar = QProgressBar(self)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(10)
        self.cancel_button = QPushButton(tr("Cancel"), self)
        self.cancel_button.setToolTip(tr("Stop indexing; files already indexed stay indexed"))
        self.cancel_button.clicked.connect(self._on_cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.label, 2)
        layout.addWidget(self.bar, 3)
        layout.addWidget(self.cancel_button)
        self.hide()

    def show_progress(self, done: int, total: int, name: str) -> None:
        # A folder job reports twice per file, the second time without a name: keep the last.
        if name:
            self._name = name
        self.label.setText(progress_text(done, total, self._name))
        self.label.setToolTip(shown_file_name(self._name))
        self.bar.setRange(0, max(total, 0))  # 0..0 is Qt's busy indicator, for "preparing"
        self.bar.setValue(min(done, total))
        if self.isHidden():
            self.cancel_button.setEnabled(True)
            self.cancel_button.setText(tr("Cancel"))
            self.show()

    def hide_progress(self) -> None:
        self._name = ""
        self.hide()

    def _on_cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText(tr("Cancelling…"))
        self.cancel_clicked.emit()
