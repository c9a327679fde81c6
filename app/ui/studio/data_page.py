"""Step 1 of the Studio: gather examples (files, chats, edited documents, drafts from indexed
documents), preview and edit them, remove duplicates, and split off the held-out examples."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.training.dataset_files import read_dataset_file
from app.training.errors import DatasetError
from app.training.examples import TrainingExample
from app.training.sources import examples_from_chats, examples_from_documents
from app.ui.common import file_dialogs
from app.ui.common.i18n import tr, tr_n
from app.ui.studio.context import StudioContext, file_filter
from app.ui.studio.draft_dialog import DraftDialog
from app.ui.studio.examples_model import EXPECTED, PROMPT, REPLY, SOURCE, SPLIT, ExamplesModel

MAX_PROBLEMS_SHOWN = 8


class DataPage(QWidget):
    changed = Signal()

    def __init__(self, context: StudioContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.model = ExamplesModel(self)
        layout = QVBoxLayout(self)

        name_row = QHBoxLayout()
        name_label = QLabel(tr("Dataset name:"))
        name_row.addWidget(name_label)
        self.name_edit = QLineEdit(tr("My domain"), self)
        self.name_edit.setAccessibleName(tr("Dataset name"))
        name_label.setBuddy(self.name_edit)
        name_row.addWidget(self.name_edit, 1)
        layout.addLayout(name_row)

        sources = QHBoxLayout()
        self.add_file_button = QPushButton(tr("Add JSONL/CSV file…"), self)
        self.from_chats_button = QPushButton(tr("Add replies from chats"), self)
        self.from_chats_button.setToolTip(tr("Replies you marked good, and replies you edited"))
        self.from_documents_button = QPushButton(tr("Add edited documents"), self)
        self.from_documents_button.setToolTip(tr("Generated documents you edited and saved"))
        self.draft_button = QPushButton(tr("Draft from documents…"), self)
        self.draft_button.setToolTip(
            tr(
                "The model drafts questions and answers from your indexed documents for you to "
                "check"
            )
        )
        self.draft_button.setVisible(context.knowledge is not None)
        for button in (
            self.add_file_button,
            self.from_chats_button,
            self.from_documents_button,
            self.draft_button,
        ):
            sources.addWidget(button)
        sources.addStretch(1)
        layout.addLayout(sources)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr("Training examples"))
        self.table.setAccessibleDescription(
            tr("Each row is a prompt and the reply to learn; double-click a cell to edit it")
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setAccessibleName(tr("Example columns"))
        header.setSectionResizeMode(PROMPT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(REPLY, QHeaderView.ResizeMode.Stretch)
        # The short columns open wide enough for their whole heading, in every language.
        for column in (SPLIT, EXPECTED, SOURCE):
            header.resizeSection(
                column, max(header.sectionSize(column), header.sectionSizeHint(column))
            )
        layout.addWidget(self.table, 1)

        tools = QHBoxLayout()
        self.remove_button = QPushButton(tr("Remove selected"), self)
        self.dedupe_button = QPushButton(tr("Remove duplicates"), self)
        tools.addWidget(self.remove_button)
        tools.addWidget(self.dedupe_button)
        tools.addStretch(1)
        held_label = QLabel(tr("Held out:"))
        tools.addWidget(held_label)
        self.held_out_spin = QDoubleSpinBox(self)
        self.held_out_spin.setRange(0, 50)
        self.held_out_spin.setSuffix(" %")
        self.held_out_spin.setValue(20)
        self.held_out_spin.setAccessibleName(tr("Held-out share"))
        self.held_out_spin.lineEdit().setAccessibleName(tr("Held-out share"))
        self.held_out_spin.setAccessibleDescription(
            tr("The share of examples kept back to compare the model before and after training")
        )
        held_label.setBuddy(self.held_out_spin)
        tools.addWidget(self.held_out_spin)
        self.split_button = QPushButton(tr("Split"), self)
        tools.addWidget(self.split_button)
        layout.addLayout(tools)

        self.summary = QLabel(self)
        self.problems = QLabel(self)
        self.problems.setWordWrap(True)
        self.problems.setObjectName("studioProblems")
        layout.addWidget(self.summary)
        layout.addWidget(self.problems)

        self.add_file_button.clicked.connect(self._choose_file)
        self.from_chats_button.clicked.connect(self.add_from_chats)
        self.from_documents_button.clicked.connect(self.add_from_documents)
        self.draft_button.clicked.connect(self.open_draft_dialog)
        self.remove_button.clicked.connect(self.remove_selected)
        self.dedupe_button.clicked.connect(self.remove_duplicates)
        self.split_button.clicked.connect(self.split)
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            signal.connect(self._update_summary)
        self.model.dataChanged.connect(self._update_summary)
        self._update_summary()

    @property
    def dataset_name(self) -> str:
        return self.name_edit.text().strip()

    @property
    def examples(self) -> tuple[TrainingExample, ...]:
        return self.model.examples

    def add_file(self, path: Path) -> None:
        try:
            rows = read_dataset_file(path)
        except DatasetError as exc:
            self._show_problems(str(exc))
            return
        self.model.add(list(rows.examples))
        if rows.problems:
            lines = [str(p) for p in rows.problems[:MAX_PROBLEMS_SHOWN]]
            if len(rows.problems) > MAX_PROBLEMS_SHOWN:
                lines.append(
                    tr("… and {count} more").format(count=len(rows.problems) - MAX_PROBLEMS_SHOWN)
                )
            left_out = tr_n(
                len(rows.problems),
                "{n} bad row was left out:",
                "{n} bad rows were left out:",
            )
            self._show_problems(left_out + "\n" + "\n".join(lines))
        else:
            self._show_problems(
                tr_n(
                    len(rows.examples),
                    "Added {n} example from {file}.",
                    "Added {n} examples from {file}.",
                ).format(file=Path(path).name)
            )

    def add_from_chats(self) -> None:
        context = self._context
        found = examples_from_chats(
            context.repository.feedback(), context.messages, context.conversations
        )
        self.model.add(found)
        self._show_problems(
            tr_n(len(found), "Added {n} chat reply.", "Added {n} chat replies.")
            if found
            else tr("No chat replies are marked good or edited yet.")
        )

    def add_from_documents(self) -> None:
        if self._context.documents is None:
            return
        found = examples_from_documents(self._context.documents)
        self.model.add(found)
        self._show_problems(
            tr_n(len(found), "Added {n} edited document.", "Added {n} edited documents.")
            if found
            else tr("No edited documents yet.")
        )

    def open_draft_dialog(self) -> DraftDialog | None:
        """The drafting dialog, window-modal; what the user keeps is added when it is accepted."""
        knowledge = self._context.knowledge
        if knowledge is None:
            return None
        dialog = DraftDialog(
            knowledge,
            self._context.models(),
            default_model_id=self._context.default_model_id(),
            drafter=self._context.drafter,
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._add_drafts(dialog.chosen_examples))
        dialog.open()
        return dialog

    def _add_drafts(self, examples: list[TrainingExample]) -> None:
        self.model.add(examples)
        self._show_problems(
            tr_n(len(examples), "Added {n} drafted example.", "Added {n} drafted examples.")
            + " "
            + tr("Read them through before training: double-click a prompt or reply to correct it.")
        )

    def remove_selected(self) -> None:
        rows = [index.row() for index in self.table.selectionModel().selectedRows()]
        self.model.remove_rows(rows)

    def remove_duplicates(self) -> None:
        dropped = self.model.deduplicate()
        self._show_problems(tr_n(dropped, "Removed {n} duplicate.", "Removed {n} duplicates."))

    def split(self) -> None:
        self.model.split(self.held_out_spin.value() / 100.0)

    def _choose_file(self) -> None:
        path = file_dialogs.open_file(self, tr("Add training data"), file_filter())
        if path is not None:
            self.add_file(path)

    def _show_problems(self, text: str) -> None:
        self.problems.setText(text)

    def _update_summary(self) -> None:
        train, held = self.model.counts()
        unsplit = sum(1 for e in self.model.examples if e.split is None)
        note = ""
        if unsplit and unsplit < train + held:
            note = " " + tr_n(
                unsplit,
                "({n} without a split is trained on; Split re-splits them all)",
                "({n} without a split are trained on; Split re-splits them all)",
            )
        elif unsplit:
            note = " " + tr("(not split yet: the held-out share is set aside when training starts)")
        total = tr_n(train + held, "{n} example", "{n} examples")
        self.summary.setText(
            tr("{total}: {train} train, {held} held out").format(
                total=total, train=train - unsplit, held=held
            )
            + note
        )
        self.changed.emit()
