"""Draft training examples from documents: the model writes a question and answer per passage,
each checked against its passage, and the user picks which go into the dataset.

Drafting runs on a background thread that borrows the app's one inference thread (as the
evaluation does), so the window stays responsive; a chat reply asked for meanwhile waits for
it. Stop ends it after the current passage and keeps what was drafted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.knowledge.knowledge_base import KnowledgeBase
from app.library.model_names import model_display_name
from app.storage.records import ModelRecord
from app.training.document_drafts import Draft, passages_in
from app.training.examples import TrainingExample
from app.ui.common.i18n import tr
from app.ui.common.task import Task, TaskControl
from app.ui.studio.context import Drafter

DEFAULT_PASSAGES: Final = 20
QUESTION, ANSWER, SOURCE, VERDICT = range(4)


class DraftDialog(QDialog):
    def __init__(
        self,
        knowledge: KnowledgeBase,
        models: Sequence[ModelRecord],
        *,
        default_model_id: int | None = None,
        drafter: Drafter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Draft examples from documents"))
        self.resize(860, 560)
        self._knowledge = knowledge
        self._models = list(models)
        self._drafter = drafter
        self._run: Task | None = None
        self._drafts: list[Draft] = []
        self._total = 0

        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "The model reads passages of your documents and drafts one question and answer "
                "for each. Drafts whose answer is not backed by its passage are left unticked. "
                "Check every draft: small models get facts wrong."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.collection_combo = QComboBox(self)
        self.collection_combo.addItem(tr("All documents"), None)
        for collection in knowledge.collections():
            self.collection_combo.addItem(
                f"{collection.name} ({collection.document_count})", collection.name
            )
        form.addRow(tr("Documents:"), self.collection_combo)
        self.model_combo = QComboBox(self)
        for record in self._models:
            self.model_combo.addItem(model_display_name(record), record.id)
            if record.id == default_model_id:
                self.model_combo.setCurrentIndex(self.model_combo.count() - 1)
        form.addRow(tr("Model that drafts:"), self.model_combo)
        self.passages_spin = QSpinBox(self)
        self.passages_spin.setRange(1, 500)
        self.passages_spin.setValue(DEFAULT_PASSAGES)
        self.passages_spin.setToolTip(tr("Passages to draft from, spread over the documents"))
        self.passages_spin.setAccessibleName(tr("Passages"))
        self.passages_spin.lineEdit().setAccessibleName(tr("Passages"))
        form.addRow(tr("Passages:"), self.passages_spin)
        self.system_edit = QLineEdit(self)
        self.system_edit.setPlaceholderText(tr("Optional: the assistant's instructions"))
        form.addRow(tr("System prompt:"), self.system_edit)
        layout.addLayout(form)

        run_row = QHBoxLayout()
        self.draft_button = QPushButton(tr("Draft"), self)
        self.draft_button.setDefault(True)
        self.stop_button = QPushButton(tr("Stop", "stop drafting examples"), self)
        self.stop_button.setEnabled(False)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(True)
        self.progress.setFormat("")
        self.progress.setAccessibleName(tr("Drafting progress"))
        run_row.addWidget(self.draft_button)
        run_row.addWidget(self.stop_button)
        run_row.addWidget(self.progress, 1)
        layout.addLayout(run_row)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(
            [tr("Question"), tr("Answer"), tr("Passage"), tr("Check")]
        )
        self.table.setAccessibleName(tr("Drafted examples"))
        self.table.setAccessibleDescription(tr("Tick the drafts to add to the dataset"))
        self.table.horizontalHeader().setAccessibleName(tr("Draft columns"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QUESTION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ANSWER, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(SOURCE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(VERDICT, QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(90)
        layout.addWidget(self.table, 1)

        self.buttons = QDialogButtonBox(self)
        self.add_button = self.buttons.addButton(
            tr("Add to dataset"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(self.buttons)

        self.draft_button.clicked.connect(self.start_drafting)
        self.stop_button.clicked.connect(self.stop_drafting)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.table.itemChanged.connect(self._update_add_button)
        if not self._models:
            self.draft_button.setEnabled(False)
            self.status.setText(tr("Add a model first (File → Import model…)."))
        self._update_add_button()

    # ---- drafting ----------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._run is not None

    def start_drafting(self) -> None:
        if self._run is not None or not self._models:
            return
        collection = self.collection_combo.currentData()
        try:
            documents = self._knowledge.documents(collection=collection)
            passages = passages_in(self._knowledge, documents, limit=self.passages_spin.value())
        except Exception as exc:  # a collection deleted meanwhile, a database error
            self.status.setText(tr("Cannot read the documents: {reason}").format(reason=exc))
            return
        if not passages:
            self.status.setText(
                tr(
                    "No passage to draft from: add documents in the Knowledge panel first "
                    "(very short sections are skipped)."
                )
            )
            return
        model = self._models[max(0, self.model_combo.currentIndex())]
        self._drafts = []
        self.table.setRowCount(0)
        self._total = len(passages)
        self.progress.setRange(0, 0)  # busy while the model loads
        self.progress.setFormat(tr("Loading the model…"))
        self.status.setText("")
        self._set_running(True)
        drafter, system = self._drafter, self.system_edit.text().strip() or None

        def work(control: TaskControl) -> list[Draft]:
            def on_draft(index: int, draft: Draft) -> None:
                control.report((index, draft))

            return drafter(model.path, passages, system, control.cancel_event, on_draft)

        run = Task(work, name="studio-drafting", parent=self)
        run.progress.connect(self._on_progress)
        run.succeeded.connect(self._on_drafted)
        run.failed.connect(self._on_failed)  # shown in the dialog; the passages stay to retry
        self._run = run
        run.start()

    def stop_drafting(self) -> None:
        if self._run is not None:
            self._run.cancel()
            self.stop_button.setEnabled(False)
            self.progress.setFormat(tr("Stopping after this passage…"))

    def _on_progress(self, value: object) -> None:
        index, draft = value if isinstance(value, tuple) else (0, None)
        if isinstance(draft, Draft):
            self._on_draft(index, draft)

    def _on_drafted(self, drafts: object) -> None:
        self._on_finished(drafts if isinstance(drafts, list) else [], "")

    def _on_failed(self, message: str) -> None:
        self._on_finished([], message)

    def _on_draft(self, index: int, draft: Draft) -> None:
        self._drafts.append(draft)
        self.progress.setRange(0, self._total)
        self.progress.setValue(index + 1)
        self.progress.setFormat(tr("{done} of {total}").format(done=index + 1, total=self._total))
        self._append_row(draft)

    def _on_finished(self, drafts: list[Draft], error: str) -> None:
        run, self._run = self._run, None
        if run is not None:
            run.deleteLater()
        self._set_running(False)
        self.progress.setRange(0, max(1, self._total))
        kept = sum(1 for d in self._drafts if d.kept)
        if error:
            self.progress.setFormat(tr("Failed"))
            self.status.setText(tr("Drafting failed: {reason}").format(reason=error))
            return
        stopped = len(drafts) < self._total
        self.progress.setValue(len(drafts) if stopped else self._total)
        self.progress.setFormat(tr("Stopped") if stopped else tr("Done"))
        self.status.setText(
            tr("{drafted} drafted, {kept} backed by their passage and ticked.").format(
                drafted=len(drafts), kept=kept
            )
            + " "
            + tr(
                "Untick any that are wrong; you can edit the text in the dataset table afterwards."
            )
        )

    def _set_running(self, running: bool) -> None:
        self.draft_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        for widget in (self.collection_combo, self.model_combo, self.passages_spin):
            widget.setEnabled(not running)
        self.system_edit.setEnabled(not running)
        self._update_add_button()

    def _append_row(self, draft: Draft) -> None:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        example = draft.example
        question = QTableWidgetItem(example.question if example else "—")
        if example is not None:
            question.setFlags(question.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            question.setCheckState(Qt.CheckState.Checked if draft.kept else Qt.CheckState.Unchecked)
        else:
            question.setFlags(question.flags() & ~Qt.ItemFlag.ItemIsEnabled)
        answer = QTableWidgetItem(example.reply if example else "")
        source = QTableWidgetItem(draft.passage.label)
        source.setToolTip(draft.passage.text)
        verdict = QTableWidgetItem(
            tr("backed ({support})").format(support=f"{draft.support:.0%}")
            if draft.kept
            else f"⚠ {draft.check}"
        )
        verdict.setToolTip(draft.problem or tr("Every fact of the answer is in the passage"))
        for column, item in enumerate((question, answer, source, verdict)):
            self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self._update_add_button()

    def _update_add_button(self, *_: object) -> None:
        count = len(self.chosen_examples)
        self.add_button.setText(
            tr("Add {count} to dataset").format(count=count) if count else tr("Add to dataset")
        )
        self.add_button.setEnabled(count > 0 and self._run is None)

    # ---- the result --------------------------------------------------------------------------

    @property
    def drafts(self) -> tuple[Draft, ...]:
        return tuple(self._drafts)

    @property
    def chosen_examples(self) -> list[TrainingExample]:
        chosen: list[TrainingExample] = []
        for row, draft in enumerate(self._drafts):
            item = self.table.item(row, QUESTION)
            ticked = item is not None and item.checkState() == Qt.CheckState.Checked
            if draft.example is not None and ticked:
                chosen.append(draft.example)
        return chosen

    def set_checked(self, row: int, checked: bool) -> None:
        item = self.table.item(row, QUESTION)
        if item is not None and self._drafts[row].example is not None:
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def done(self, result: int) -> None:
        # Closing while drafting stops the run; its thread ends after the current passage.
        if self._run is not None:
            self._run.cancel()
            self._run.wait(30)
        super().done(result)
