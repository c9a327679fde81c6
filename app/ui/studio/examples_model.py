"""The dataset preview: one row per example, with its split, prompt, reply, expected phrases and
source; prompt, reply, expected and split are editable in place."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.training.dataset import deduplicate, split_examples
from app.training.examples import TrainingExample, Turn
from app.ui.common.i18n import tr

Index = QModelIndex | QPersistentModelIndex
COLUMN_COUNT: Final = 5
SPLIT, PROMPT, REPLY, EXPECTED, SOURCE = range(COLUMN_COUNT)


def column_titles() -> tuple[str, ...]:
    return (
        tr("Split", "the column that says train or held out"),
        tr("Prompt"),
        tr("Reply"),
        tr("Expected phrases"),
        tr("Source"),
    )


def split_label(split: str | None) -> str:
    if split is None:
        return "—"
    return tr("held out") if split == "held_out" else tr("train")


def parse_split(text: str) -> str | None:
    """ "train" or "held_out" for what the user typed in the Split cell (in their language or
    English); None for anything else."""
    typed = text.strip().lower()
    if typed == split_label("held_out").lower():
        return "held_out"
    if typed == split_label("train").lower():
        return "train"
    wanted = typed.replace(" ", "_").replace("-", "_")
    return wanted if wanted in ("train", "held_out") else None


class ExamplesModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._examples: list[TrainingExample] = []

    # ---- the data ----------------------------------------------------------------------------

    @property
    def examples(self) -> tuple[TrainingExample, ...]:
        return tuple(self._examples)

    def add(self, examples: list[TrainingExample]) -> None:
        if not examples:
            return
        first = len(self._examples)
        self.beginInsertRows(QModelIndex(), first, first + len(examples) - 1)
        self._examples.extend(examples)
        self.endInsertRows()

    def set_examples(self, examples: list[TrainingExample]) -> None:
        self.beginResetModel()
        self._examples = list(examples)
        self.endResetModel()

    def remove_rows(self, rows: list[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self._examples):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._examples[row]
                self.endRemoveRows()

    def deduplicate(self) -> int:
        kept, dropped = deduplicate(self._examples)
        if dropped:
            self.set_examples(list(kept))
        return dropped

    def split(self, held_out_fraction: float, seed: int = 0) -> None:
        """Re-split every example (splits given by a file are replaced too)."""
        cleared = [replace(e, split=None) for e in self._examples]
        self.set_examples(
            list(split_examples(cleared, held_out_fraction=held_out_fraction, seed=seed))
        )

    def counts(self) -> tuple[int, int]:
        held = sum(1 for e in self._examples if e.split == "held_out")
        return len(self._examples) - held, held

    # ---- Qt model ----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._examples)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return column_titles()[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() != SOURCE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        example = self._examples[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == SPLIT:
                return split_label(example.split)
            if column == PROMPT:
                return example.question
            if column == REPLY:
                return example.reply
            if column == EXPECTED:
                return " | ".join(example.expected)
            return example.source
        if role == Qt.ItemDataRole.ToolTipRole and column in (PROMPT, REPLY):
            return "\n\n".join(f"{t.role}: {t.content}" for t in example.turns)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value)
        example = self._examples[index.row()]
        column = index.column()
        if column == SPLIT:
            wanted = parse_split(text)
            if wanted is None:
                return False
            example = replace(example, split="held_out" if wanted == "held_out" else "train")
        elif column == PROMPT:
            if not text.strip():
                return False
            example = _with_question(example, text)
        elif column == REPLY:
            if not text.strip():
                return False
            example = replace(example, turns=(*example.turns[:-1], Turn("assistant", text)))
        elif column == EXPECTED:
            phrases = tuple(p.strip() for p in text.split("|") if p.strip())
            example = replace(example, expected=phrases)
        else:
            return False
        self._examples[index.row()] = example
        self.dataChanged.emit(index, index)
        return True


def _with_question(example: TrainingExample, text: str) -> TrainingExample:
    turns = list(example.turns)
    for position in range(len(turns) - 2, -1, -1):
        if turns[position].role == "user":
            turns[position] = Turn("user", text)
            break
    return replace(example, turns=tuple(turns))
