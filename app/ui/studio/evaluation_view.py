"""The before/after table of the held-out examples, with the user's thumbs for each answer."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QWidget,
)

from app.training.evaluation import EvaluationReport, Thumb
from app.ui.common.i18n import tr


def headers() -> list[str]:
    return [
        tr("Prompt"),
        tr("Expected"),
        tr("Before"),
        tr("Score"),
        tr("Verdict"),
        tr("After"),
        tr("Score"),
        tr("Verdict"),
    ]


PROMPT, EXPECTED, BEFORE, BEFORE_SCORE, BEFORE_THUMB, AFTER, AFTER_SCORE, AFTER_THUMB = range(8)


class ThumbButtons(QWidget):
    changed = Signal(object)  # 1, -1 or None

    def __init__(self, thumb: Thumb, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        layout.setSpacing(2)
        self.up = QToolButton(self)
        self.up.setText(tr("Good"))
        self.up.setAccessibleName(tr("Good answer"))
        self.down = QToolButton(self)
        self.down.setText(tr("Bad"))
        self.down.setAccessibleName(tr("Bad answer"))
        for button in (self.up, self.down):
            button.setCheckable(True)
            button.setAutoRaise(True)
            layout.addWidget(button)
        self.set_thumb(thumb)
        self.up.clicked.connect(lambda: self._clicked(1))
        self.down.clicked.connect(lambda: self._clicked(-1))

    @property
    def thumb(self) -> Thumb:
        return 1 if self.up.isChecked() else -1 if self.down.isChecked() else None

    def set_thumb(self, thumb: Thumb) -> None:
        self.up.setChecked(thumb == 1)
        self.down.setChecked(thumb == -1)

    def _clicked(self, value: int) -> None:
        current = value if (self.up if value == 1 else self.down).isChecked() else None
        self.set_thumb(current)
        self.changed.emit(current)


class EvaluationTable(QTableWidget):
    thumb_changed = Signal(int, bool, object)  # position, after?, thumb

    def __init__(self, parent: QWidget | None = None) -> None:
        labels = headers()
        super().__init__(0, len(labels), parent)
        self.setHorizontalHeaderLabels(labels)
        self.setAccessibleName(tr("Held-out answers before and after training"))
        self.setAccessibleDescription(
            tr("One row per held-out example; mark each answer good or bad")
        )
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setAccessibleName(tr("Answer columns"))
        for column in (PROMPT, BEFORE, AFTER):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for column in (EXPECTED, BEFORE_SCORE, AFTER_SCORE, BEFORE_THUMB, AFTER_THUMB):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def show_report(self, report: EvaluationReport) -> None:
        self.setRowCount(len(report.rows))
        for row, item in enumerate(report.rows):
            texts = {
                PROMPT: item.prompt,
                EXPECTED: " | ".join(item.expected) or tr("(reference words)"),
                BEFORE: item.reply_before,
                BEFORE_SCORE: f"{item.score_before:.0%}",
                AFTER: item.reply_after,
                AFTER_SCORE: f"{item.score_after:.0%}",
            }
            for column, text in texts.items():
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if column in (BEFORE_SCORE, AFTER_SCORE):
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.setItem(row, column, cell)
            for column, after, thumb in (
                (BEFORE_THUMB, False, item.thumbs_before),
                (AFTER_THUMB, True, item.thumbs_after),
            ):
                buttons = ThumbButtons(thumb, self)
                buttons.changed.connect(
                    lambda value, p=item.position, a=after: self.thumb_changed.emit(p, a, value)
                )
                self.setCellWidget(row, column, buttons)
        self.resizeRowsToContents()

    def thumbs(self, row: int) -> tuple[Thumb, Thumb]:
        before = self.cellWidget(row, BEFORE_THUMB)
        after = self.cellWidget(row, AFTER_THUMB)
        assert isinstance(before, ThumbButtons) and isinstance(after, ThumbButtons)
        return before.thumb, after.thumb
