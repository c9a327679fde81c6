"""Create or edit an assistant: one form with every part of its profile.

The form is filled from what the library holds (models, adapters, collections, templates), so the
user picks rather than types; `profile()` turns it back into an AssistantProfile, which the
service checks again before saving.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.assistants.model import (
    MAX_ICON_IMAGE_BYTES,
    AdapterSetting,
    AssistantError,
    AssistantProfile,
    ModelRef,
    SamplingDefaults,
    check_profile,
)
from app.library.model_names import model_display_name
from app.storage.records import AdapterRecord, ModelRecord
from app.tools.mcp_repository import McpServerRepository
from app.ui.assistants.editor_fields import (
    AdapterRow,
    missing_suffix,
    name_spin_box,
    optional_double,
    optional_int,
    sampling_default_text,
)
from app.ui.assistants.look import icon_pixmap
from app.ui.assistants.tools_tab import AssistantToolsTab
from app.ui.common import file_dialogs
from app.ui.common.i18n import tr
from app.ui.templates.look import ErrorLabel, muted_label


@dataclass(frozen=True)
class EditorChoices:
    """What the form offers to pick from."""

    models: list[ModelRecord]
    adapters: list[AdapterRecord]
    collections: list[str]
    templates: list[tuple[str, str]]  # (id, name)
    catalog_id_for: dict[str, str]  # model sha256 -> catalog id, where the catalog knows it
    # The MCP servers (the Tools tab); None: no Tools tab.
    tool_servers: McpServerRepository | None = None


class AssistantEditor(QDialog):
    def __init__(
        self,
        choices: EditorChoices,
        profile: AssistantProfile | None = None,
        *,
        title: str = "",
        assistant_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title or tr("New assistant"))
        self.resize(620, 640)
        self._choices = choices
        self._icon_image: bytes | None = None
        self._original = profile

        self.name = QLineEdit()
        self.name.setPlaceholderText(tr("e.g. Contracts assistant"))
        self.icon = QLineEdit()
        self.icon.setMaxLength(8)
        self.icon.setPlaceholderText(tr("an emoji"))
        self.icon.setAccessibleName(tr("Icon emoji"))
        self.icon.setFixedWidth(90)
        self.icon_preview = QLabel()
        self.icon_preview.setFixedSize(44, 44)
        self.image_button = QPushButton(tr("Image…"))
        self.image_button.setAccessibleName(tr("Choose an icon image"))
        self.clear_image_button = QPushButton(tr("Clear image"))
        self.description = QLineEdit()
        self.model = QComboBox()
        for record in choices.models:
            self.model.addItem(model_display_name(record), record.sha256)
        self.follow_default = QCheckBox(
            tr("Use my default model (the starter model until I pick another)")
        )
        self.instructions = QPlainTextEdit()
        self.instructions.setPlaceholderText(
            tr("How the assistant should behave: its role, tone, what it must never do…")
        )
        self.starters = QPlainTextEdit()
        self.starters.setPlaceholderText(tr("One prompt per line"))
        self.starters.setMaximumHeight(110)

        self.adapter_rows = [AdapterRow(record) for record in choices.adapters]
        self.collections = self._checklist(choices.collections)
        self.collections.setAccessibleName(tr("Document collections"))
        self.templates = QListWidget()
        self.templates.setAccessibleName(tr("Pinned templates"))
        for template_id, name in choices.templates:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, template_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.templates.addItem(item)

        self.temperature = optional_double(0.0, 2.0, 0.05)
        self.top_p = optional_double(0.0, 1.0, 0.05)
        self.top_k = optional_int(0, 200)
        self.min_p = optional_double(0.0, 1.0, 0.01)
        self.repeat_penalty = optional_double(0.5, 2.0, 0.05)
        self.max_tokens = optional_int(1, 32768)
        for box, name in (
            (self.temperature, tr("Temperature")),
            (self.top_p, tr("Top-p")),
            (self.top_k, tr("Top-k")),
            (self.min_p, tr("Min-p")),
            (self.repeat_penalty, tr("Repeat penalty")),
            (self.max_tokens, tr("Reply length (tokens)")),
        ):
            name_spin_box(box, name)

        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        self.image_button.clicked.connect(self._choose_image)
        self.clear_image_button.clicked.connect(self._clear_image)
        self.icon.textChanged.connect(self._refresh_icon)
        self.follow_default.toggled.connect(lambda on: self.model.setDisabled(on))

        tabs = QTabWidget()
        tabs.setAccessibleName(tr("Assistant settings"))
        tabs.addTab(self._general_tab(), tr("General"))
        tabs.addTab(self._model_tab(), tr("Model && adapters"))
        tabs.addTab(self._knowledge_tab(), tr("Knowledge && templates"))
        tabs.addTab(self._sampling_tab(), tr("Sampling"))
        self.tools_tab: AssistantToolsTab | None = None
        if choices.tool_servers is not None:
            self.tools_tab = AssistantToolsTab(choices.tool_servers, assistant_id)
            tabs.addTab(self.tools_tab, tr("Tools"))
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if profile is not None:
            self._fill(profile)
        self._refresh_icon()

    # ---- layout ------------------------------------------------------------------------------

    @staticmethod
    def _checklist(names: list[str]) -> QListWidget:
        widget = QListWidget()
        for name in names:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            widget.addItem(item)
        return widget

    def _general_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        icon_row = QHBoxLayout()
        icon_row.addWidget(self.icon_preview)
        icon_row.addWidget(self.icon)
        icon_row.addWidget(self.image_button)
        icon_row.addWidget(self.clear_image_button)
        icon_row.addStretch(1)
        form.addRow(tr("Name"), self.name)
        form.addRow(tr("Icon"), icon_row)
        form.addRow(tr("Description"), self.description)
        form.addRow(tr("Instructions"), self.instructions)
        form.addRow(tr("Starter prompts"), self.starters)
        return page

    def _model_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        form = QFormLayout()
        form.addRow(tr("Base model"), self.model)
        form.addRow("", self.follow_default)
        layout.addLayout(form)
        layout.addWidget(QLabel(tr("Adapters")))
        if not self.adapter_rows:
            layout.addWidget(
                muted_label(tr("No adapters in the library yet (File → Import model…)."))
            )
        for row in self.adapter_rows:
            layout.addWidget(row)
        layout.addWidget(
            muted_label(
                tr(
                    "Adapters must be made for the base model; Hearth checks this when the "
                    "assistant loads."
                )
            )
        )
        layout.addStretch(1)
        return page

    def _knowledge_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        collections_label = QLabel(tr("Document collections its chats answer from"))
        collections_label.setBuddy(self.collections)
        layout.addWidget(collections_label)
        if not self._choices.collections:
            layout.addWidget(
                muted_label(tr("No collections yet: add documents in a collection first."))
            )
        layout.addWidget(self.collections, 1)
        templates_label = QLabel(tr("Pinned templates"))
        templates_label.setBuddy(self.templates)
        layout.addWidget(templates_label)
        layout.addWidget(self.templates, 2)
        return page

    def _sampling_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(
            muted_label(
                tr("“{default}” keeps what Settings says.").format(default=sampling_default_text())
            )
        )
        form.addRow(tr("Temperature"), self.temperature)
        form.addRow(tr("Top-p"), self.top_p)
        form.addRow(tr("Top-k"), self.top_k)
        form.addRow(tr("Min-p"), self.min_p)
        form.addRow(tr("Repeat penalty"), self.repeat_penalty)
        form.addRow(tr("Reply length (tokens)"), self.max_tokens)
        return page

    # ---- filling and reading -----------------------------------------------------------------

    def _fill(self, profile: AssistantProfile) -> None:
        self.name.setText(profile.name)
        self.icon.setText(profile.icon)
        self._icon_image = profile.icon_image
        self.description.setText(profile.description)
        self.instructions.setPlainText(profile.instructions)
        self.starters.setPlainText("\n".join(profile.starter_prompts))
        index = self.model.findData(profile.model.sha256)
        if index < 0:  # not in the library: keep it selectable, marked missing
            self.model.addItem(profile.model.name + missing_suffix(), profile.model.sha256)
            index = self.model.count() - 1
        self.model.setCurrentIndex(index)
        self.follow_default.setChecked(profile.model.follows_default)
        scales = {a.sha256: a.scale for a in profile.adapters}
        for row in self.adapter_rows:
            if row.record.sha256 in scales:
                row.use.setChecked(True)
                row.scale.setValue(scales[row.record.sha256])
        for i in range(self.collections.count()):
            item = self.collections.item(i)
            if item.text() in profile.knowledge_collections:
                item.setCheckState(Qt.CheckState.Checked)
        for i in range(self.templates.count()):
            item = self.templates.item(i)
            if item.data(Qt.ItemDataRole.UserRole) in profile.pinned_templates:
                item.setCheckState(Qt.CheckState.Checked)
        sampling = profile.sampling
        for box, value in (
            (self.temperature, sampling.temperature),
            (self.top_p, sampling.top_p),
            (self.min_p, sampling.min_p),
            (self.repeat_penalty, sampling.repeat_penalty),
        ):
            if value is not None:
                box.setValue(value)
        for ibox, ivalue in ((self.top_k, sampling.top_k), (self.max_tokens, sampling.max_tokens)):
            if ivalue is not None:
                ibox.setValue(ivalue)

    @staticmethod
    def _double(box: QDoubleSpinBox) -> float | None:
        return None if box.value() == box.minimum() else box.value()

    @staticmethod
    def _int(box: QSpinBox) -> int | None:
        return None if box.value() == box.minimum() else box.value()

    def profile(self) -> AssistantProfile:
        """The form as a profile; AssistantError naming the first problem."""
        sha256 = self.model.currentData()
        if not isinstance(sha256, str):
            raise AssistantError(tr("Choose a base model (import one first if the list is empty)."))
        model_name = self.model.currentText().removesuffix(missing_suffix())
        catalog_id = self._choices.catalog_id_for.get(sha256)
        if self._original is not None and self._original.model.sha256 == sha256:
            model_name = self._original.model.name
            catalog_id = catalog_id or self._original.model.catalog_id
        checked = [
            self.collections.item(i).text()
            for i in range(self.collections.count())
            if self.collections.item(i).checkState() == Qt.CheckState.Checked
        ]
        ticked = [
            str(self.templates.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.templates.count())
            if self.templates.item(i).checkState() == Qt.CheckState.Checked
        ]
        # The order the user pinned them in stays; newly ticked ones come after.
        earlier = self._original.pinned_templates if self._original else ()
        pinned = [t for t in earlier if t in ticked] + [t for t in ticked if t not in earlier]
        return check_profile(
            AssistantProfile(
                name=self.name.text(),
                icon=self.icon.text(),
                icon_image=self._icon_image,
                description=self.description.text().strip(),
                model=ModelRef(
                    sha256,
                    model_name,
                    catalog_id,
                    self.follow_default.isChecked(),
                ),
                adapters=tuple(
                    AdapterSetting(r.record.sha256, r.record.name, round(r.scale.value(), 2))
                    for r in self.adapter_rows
                    if r.use.isChecked()
                ),
                instructions=self.instructions.toPlainText().strip(),
                sampling=SamplingDefaults(
                    temperature=self._double(self.temperature),
                    top_p=self._double(self.top_p),
                    top_k=self._int(self.top_k),
                    min_p=self._double(self.min_p),
                    repeat_penalty=self._double(self.repeat_penalty),
                    max_tokens=self._int(self.max_tokens),
                ),
                knowledge_collections=tuple(checked),
                pinned_templates=tuple(pinned),
                starter_prompts=tuple(self.starters.toPlainText().splitlines()),
            )
        )

    def _try_accept(self) -> None:
        try:
            self.profile()
        except AssistantError as exc:
            self.error.show_message(str(exc))
            return
        self.accept()

    def show_error(self, message: str) -> None:
        """The service refused the profile (a taken name): say why and stay open."""
        self.error.show_message(message)

    # ---- icon --------------------------------------------------------------------------------

    def _choose_image(self) -> None:
        path = file_dialogs.open_file(self, tr("Icon image"), tr("PNG images (*.png)"))
        if path is not None:
            self.set_icon_image(path)

    def set_icon_image(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.error.show_message(
                tr("{file} cannot be read: {reason}").format(
                    file=path.name, reason=exc.strerror or exc
                )
            )
            return
        if len(data) > MAX_ICON_IMAGE_BYTES or not data.startswith(b"\x89PNG"):
            self.error.show_message(
                tr("{file}: choose a PNG image under {size} KiB.").format(
                    file=path.name, size=MAX_ICON_IMAGE_BYTES // 1024
                )
            )
            return
        self._icon_image = data
        self._refresh_icon()

    def _clear_image(self) -> None:
        self._icon_image = None
        self._refresh_icon()

    def _refresh_icon(self) -> None:
        preview = AssistantProfile(
            name="",
            model=ModelRef("", ""),
            icon=self.icon.text() or "?",
            icon_image=self._icon_image,
        )
        self.icon_preview.setPixmap(icon_pixmap(preview, 40))
        self.clear_image_button.setEnabled(self._icon_image is not None)
