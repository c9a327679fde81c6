"""The assistants library: pick one to chat with; create, edit, duplicate, delete, share.

Every change goes through AssistantService (which checks it); the dialog only shows and asks.
Signals let the main window start a chat, import a pack and fetch a missing model.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.assistants.model import Assistant, AssistantError, AssistantProfile
from app.assistants.pack_export import PackExporter
from app.assistants.pack_format import SUFFIX
from app.assistants.service import AssistantService
from app.library.model_names import model_display_name
from app.storage import StorageError
from app.ui.assistants.editor import AssistantEditor, EditorChoices
from app.ui.assistants.export_dialog import PackExportDialog
from app.ui.assistants.look import icon_of, icon_pixmap
from app.ui.common import file_dialogs
from app.ui.common.i18n import tr
from app.ui.templates.look import ErrorLabel, muted_label

ChoicesFactory = Callable[[], EditorChoices]


class AssistantsDialog(QDialog):
    start_chat_requested = Signal(int)  # assistant id
    pack_import_requested = Signal(Path)
    get_model_requested = Signal(str)  # catalog id of a missing model
    assistants_changed = Signal()

    def __init__(
        self,
        service: AssistantService,
        exporter: PackExporter,
        choices: ChoicesFactory,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Assistants"))
        self.resize(860, 560)
        self.service = service
        self.exporter = exporter
        self._choices = choices
        self.editor: AssistantEditor | None = None  # the open editor (tests drive it)
        self.export_dialog: PackExportDialog | None = None

        self.list = QListWidget()
        self.list.setIconSize(QSize(32, 32))
        self.list.setMinimumWidth(240)
        self.list.setAccessibleName(tr("Assistants"))
        self.list.setAccessibleDescription(
            tr("Pick an assistant to see what it does; double-click to start a chat with it")
        )
        self.list.currentRowChanged.connect(self._show_current)
        self.list.itemDoubleClicked.connect(lambda _item: self._start_chat())

        self.big_icon = QLabel()
        self.big_icon.setFixedSize(56, 56)
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.description = muted_label()
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.problem = ErrorLabel()
        self.get_model_button = QPushButton(tr("Get the model…"))
        self.get_model_button.hide()
        self.get_model_button.clicked.connect(self._get_model)
        self.error = ErrorLabel()

        self.start_button = QPushButton(tr("Start chat"))
        self.start_button.setDefault(True)
        self.new_button = QPushButton(tr("New…"))
        self.new_button.setAccessibleName(tr("New assistant"))
        self.edit_button = QPushButton(tr("Edit…"))
        self.edit_button.setAccessibleName(tr("Edit assistant"))
        self.duplicate_button = QPushButton(tr("Duplicate"))
        self.duplicate_button.setAccessibleName(tr("Duplicate assistant"))
        self.delete_button = QPushButton(tr("Delete"))
        self.delete_button.setAccessibleName(tr("Delete assistant"))
        self.export_button = QPushButton(tr("Export…"))
        self.export_button.setAccessibleName(tr("Export assistant pack"))
        self.import_button = QPushButton(tr("Import…"))
        self.import_button.setAccessibleName(tr("Import assistant pack"))
        self.start_button.clicked.connect(self._start_chat)
        self.new_button.clicked.connect(self.create_new)
        self.edit_button.clicked.connect(self.edit_current)
        self.duplicate_button.clicked.connect(self.duplicate_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.export_button.clicked.connect(self.export_current)
        self.import_button.clicked.connect(self._choose_pack)

        head = QHBoxLayout()
        head.addWidget(self.big_icon)
        names = QVBoxLayout()
        names.addWidget(self.title)
        names.addWidget(self.description)
        head.addLayout(names, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(head)
        right_layout.addWidget(self.details, 1)
        right_layout.addWidget(self.problem)
        right_layout.addWidget(self.get_model_button, 0, Qt.AlignmentFlag.AlignLeft)
        actions = QHBoxLayout()
        for button in (self.edit_button, self.duplicate_button, self.delete_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.start_button)
        right_layout.addLayout(actions)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        for button in (self.new_button, self.import_button, self.export_button):
            row.addWidget(button)
        left_layout.addLayout(row)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error)
        self.refresh()

    # ---- listing -----------------------------------------------------------------------------

    def refresh(self, select_id: int | None = None) -> None:
        current = select_id if select_id is not None else self.current_id()
        self.list.blockSignals(True)
        self.list.clear()
        try:
            assistants = self.service.list()
        except (AssistantError, StorageError) as exc:
            assistants = []
            self.error.show_message(str(exc))
        for assistant in assistants:
            item = QListWidgetItem(icon_of(assistant.profile, 32), assistant.name)
            item.setData(Qt.ItemDataRole.UserRole, assistant.id)
            item.setToolTip(assistant.profile.description)
            self.list.addItem(item)
        self.list.blockSignals(False)
        row = next(
            (i for i, a in enumerate(assistants) if a.id == current), 0 if assistants else -1
        )
        self.list.setCurrentRow(row)
        self._show_current(row)

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def current(self) -> Assistant | None:
        assistant_id = self.current_id()
        return None if assistant_id is None else self.service.get(assistant_id)

    def _show_current(self, _row: int) -> None:
        assistant = self.current() if self.current_id() is not None else None
        for button in (
            self.start_button,
            self.edit_button,
            self.duplicate_button,
            self.delete_button,
            self.export_button,
        ):
            button.setEnabled(assistant is not None)
        self.get_model_button.hide()
        self.problem.show_message("")
        if assistant is None:
            self.title.setText(tr("No assistants"))
            self.description.setText(tr("Create one with New…, or import a .hearth pack."))
            self.details.clear()
            self.big_icon.clear()
            return
        profile = assistant.profile
        plan = self.service.plan(assistant)
        self.big_icon.setPixmap(icon_pixmap(profile, 52))
        self.title.setText(assistant.name + ("  " + tr("(built-in)") if assistant.builtin else ""))
        self.description.setText(profile.description)
        model_name = model_display_name(plan.model) if plan.model else None
        self.details.setText(self._details_text(profile, model_name))
        if not plan.ready:
            self.problem.show_message(
                tr("Cannot start yet: {problems}.").format(problems="; ".join(plan.problems()))
            )
            entry = plan.missing_model.catalog_entry if plan.missing_model else None
            self.get_model_button.setVisible(entry is not None)
            self._missing_catalog_id = entry.id if entry else ""
        self.start_button.setEnabled(plan.ready)

    @staticmethod
    def _details_text(profile: AssistantProfile, model_name: str | None) -> str:
        model = model_name or tr("{name} (not in your library)").format(name=profile.model.name)
        follows = "  · " + tr("follows your default model") if profile.model.follows_default else ""
        lines = [tr("Model: {model}").format(model=model) + follows]
        for adapter in profile.adapters:
            lines.append(
                tr("Adapter: {name} at {scale}").format(
                    name=adapter.name, scale=f"{adapter.scale:g}"
                )
            )
        if profile.knowledge_collections:
            lines.append(
                tr("Knowledge: {names}").format(names=", ".join(profile.knowledge_collections))
            )
        if profile.pinned_templates:
            lines.append(tr("Templates: {names}").format(names=", ".join(profile.pinned_templates)))
        if profile.sampling.as_dict():
            settings = ", ".join(
                f"{k.replace('_', ' ')} {v:g}" for k, v in profile.sampling.as_dict().items()
            )
            lines.append(tr("Sampling: {settings}").format(settings=settings))
        if profile.starter_prompts:
            lines.append("")
            lines.append(tr("Try asking:"))
            lines += [f"  • {prompt}" for prompt in profile.starter_prompts]
        if profile.instructions:
            lines.append("")
            lines.append(tr("Instructions:"))
            lines.append(profile.instructions)
        return "\n".join(lines)

    # ---- actions -----------------------------------------------------------------------------

    def _start_chat(self) -> None:
        assistant_id = self.current_id()
        if assistant_id is not None and self.start_button.isEnabled():
            self.start_chat_requested.emit(assistant_id)
            self.accept()

    def _get_model(self) -> None:
        if getattr(self, "_missing_catalog_id", ""):
            self.get_model_requested.emit(self._missing_catalog_id)

    def _edit(
        self, profile: AssistantProfile | None, title: str, assistant_id: int | None = None
    ) -> AssistantProfile | None:
        """Open the editor (modal); the profile the user saved, or None."""
        self.editor = AssistantEditor(
            self._choices(), profile, title=title, assistant_id=assistant_id, parent=self
        )
        try:
            if self.editor.exec() != QDialog.DialogCode.Accepted:
                return None
            return self.editor.profile()
        finally:
            self.editor.deleteLater()
            self.editor = None

    def create_new(self) -> Assistant | None:
        profile = self._edit(None, tr("New assistant"))
        return self._saved(lambda: self.service.create(profile)) if profile else None

    def edit_current(self) -> Assistant | None:
        assistant = self.current()
        if assistant is None:
            return None
        profile = self._edit(
            assistant.profile, tr("Edit {name}").format(name=assistant.name), assistant.id
        )
        if profile is None:
            return None
        return self._saved(lambda: self.service.update(assistant.id, profile))

    def _saved(self, save: Callable[[], Assistant]) -> Assistant | None:
        try:
            assistant = save()
        except (AssistantError, StorageError) as exc:
            self.error.show_message(str(exc))
            return None
        self.error.show_message("")
        self.refresh(select_id=assistant.id)
        self.assistants_changed.emit()
        return assistant

    def duplicate_current(self) -> Assistant | None:
        assistant_id = self.current_id()
        if assistant_id is None:
            return None
        return self._saved(lambda: self.service.duplicate(assistant_id))

    def delete_current(self, *, confirm: bool = True) -> bool:
        assistant = self.current()
        if assistant is None:
            return False
        if confirm:
            answer = QMessageBox.question(
                self,
                tr("Delete assistant"),
                tr(
                    "Delete {name}? Chats started from it are kept; its adapters, templates and "
                    "documents stay in the library."
                ).format(name=assistant.name),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            self.service.delete(assistant.id)
        except (AssistantError, StorageError) as exc:
            self.error.show_message(str(exc))
            return False
        self.refresh()
        self.assistants_changed.emit()
        return True

    def export_current(self) -> PackExportDialog | None:
        assistant = self.current()
        if assistant is None:
            return None
        self.export_dialog = PackExportDialog(self.exporter, assistant, parent=self)
        self.export_dialog.open()
        return self.export_dialog

    def _choose_pack(self) -> None:
        path = file_dialogs.open_file(
            self,
            tr("Import an assistant pack"),
            tr("Assistant packs (*{suffix})").format(suffix=SUFFIX),
        )
        if path is not None:
            self.pack_import_requested.emit(path)
