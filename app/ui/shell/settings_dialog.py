"""Edit the user's Settings: threads, replies at once, context, GPU offload, sampling, seed,
prompt, theme and the window's language (applied at the next start: Qt has no cheap way to
retranslate every widget already built)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.chats.reply_length import LARGEST_MODELS, TIERS
from app.config import GpuLayers, Language, Settings, Theme
from app.ui.common.i18n import tr

_CUSTOM = "custom"


def _gpu_choices() -> tuple[tuple[str, str], ...]:
    return (
        (tr("Automatic"), "auto"),
        (tr("All layers"), "all"),
        (tr("None (CPU only)"), "none"),
        (tr("Custom"), _CUSTOM),
    )


def _themes() -> tuple[tuple[str, Theme], ...]:
    return ((tr("Follow system"), "system"), (tr("Light"), "light"), (tr("Dark"), "dark"))


def _languages() -> tuple[tuple[str, Language], ...]:
    # Each language is named in itself, so it can be found whatever language the window shows.
    return ((tr("Follow system"), "system"), ("English", "en"), ("Deutsch", "de"))


# The dialog offers up to 8 replies at once (settings.json may ask for up to 16).
MAX_PARALLEL_REPLIES = 8


_MAX_SEED = 0xFFFFFFFF  # seeds are 32-bit; QSpinBox stops at 2**31 - 1, so a double box holds it


def _spin(minimum: int, maximum: int, step: int = 1, special: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(minimum, maximum)
    box.setSingleStep(step)
    box.setGroupSeparatorShown(True)
    if special:
        box.setSpecialValueText(special)  # shown instead of the minimum
    return box


def _real(minimum: float, maximum: float, step: float, decimals: int = 2) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(minimum, maximum)
    box.setSingleStep(step)
    box.setDecimals(decimals)
    return box


class SettingsDialog(QDialog):
    def __init__(
        self, settings: Settings, parent: QWidget | None = None, *, encrypted: bool = False
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Settings"))
        self._original = settings

        self.threads = _spin(0, 1024, special=tr("Automatic"))
        self.threads.setToolTip(
            tr(
                "CPU threads for generation. Automatic: each reply uses the cores other programs "
                "leave free when it starts, and gives one up if it slows down; a number fixes it."
            )
        )
        self.parallel_replies = _spin(1, MAX_PARALLEL_REPLIES)
        self.parallel_replies.setToolTip(
            tr(
                "How many replies (the chat and local API clients) are written at the same time. "
                "Each one keeps a context cache of its own, so every extra reply takes as much "
                "memory as the context size; fewer are used when memory is short. 1: one at a "
                "time."
            )
        )
        self.context_size = _spin(256, 1 << 20, step=256)
        self.context_size.setSuffix(tr(" tokens"))
        self.gpu_mode = QComboBox()
        for label, value in _gpu_choices():
            self.gpu_mode.addItem(label, value)
        self.gpu_layers = _spin(0, 1000)
        self.gpu_layers.setSuffix(tr(" layers"))
        self.gpu_layers.setAccessibleName(tr("GPU layers"))
        self.gpu_mode.currentIndexChanged.connect(self._update_gpu_enabled)
        gpu_row = QHBoxLayout()
        gpu_row.setContentsMargins(0, 0, 0, 0)
        gpu_row.addWidget(self.gpu_mode, 1)
        gpu_row.addWidget(self.gpu_layers)

        self.temperature = _real(0.0, 5.0, 0.05)
        self.top_p = _real(0.0, 1.0, 0.01)
        self.top_k = _spin(0, 100_000, special=tr("Off"))
        self.min_p = _real(0.0, 1.0, 0.01)
        self.repeat_penalty = _real(0.0, 5.0, 0.05)
        self.max_tokens = _spin(0, 1 << 20, step=64, special=tr("Automatic"))
        self.max_tokens.setToolTip(
            tr(
                "Automatic: by the model's size ({small} tokens below 1B parameters, up to "
                "{largest} for the largest). A reply that reaches the limit can be continued."
            ).format(small=TIERS[0][1], largest=LARGEST_MODELS)
        )

        self.random_seed = QCheckBox(tr("Random each reply"))
        self.random_seed.setToolTip(tr("The seed used is recorded with every reply either way"))
        self.seed = _real(0, _MAX_SEED, 1, decimals=0)
        self.seed.setAccessibleName(tr("Seed"))
        self.random_seed.toggled.connect(lambda random: self.seed.setEnabled(not random))
        seed_row = QHBoxLayout()
        seed_row.setContentsMargins(0, 0, 0, 0)
        seed_row.addWidget(self.random_seed)
        seed_row.addWidget(self.seed, 1)

        self.system_prompt = QPlainTextEdit()
        self.system_prompt.setTabChangesFocus(True)
        self.system_prompt.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 12)

        self.theme = QComboBox()
        for label, value in _themes():
            self.theme.addItem(label, value)
        self.language = QComboBox()
        for label, value in _languages():
            self.language.addItem(label, value)
        self.language.setToolTip(tr("The language of the window; applies after a restart"))
        language_note = QLabel(tr("Applies after Hearth restarts."))
        language_note.setProperty("tone", "muted")
        language_row = QHBoxLayout()
        language_row.setContentsMargins(0, 0, 0, 0)
        language_row.addWidget(self.language, 1)
        language_row.addWidget(language_note)
        self.idle_lock = _spin(0, 1440, step=5)
        self.idle_lock.setSuffix(tr(" min"))
        self.idle_lock.setSpecialValueText(tr("Never"))
        self.debug_logging = QCheckBox(tr("Detailed logs (may record chat and document text)"))
        self.idle_lock.setToolTip(tr("With encryption on, lock Hearth after this long without use"))
        self.document_retries = _spin(0, 5)
        self.document_retries.setSpecialValueText(tr("Off"))
        self.document_retries.setToolTip(
            tr(
                "Documents: write a section again (new seed) while it has a detail that is not "
                "in its sources or leaves out a required fact, up to this many times"
            )
        )

        model_box = QGroupBox(tr("Model"))
        model_form = QFormLayout(model_box)
        model_form.addRow(tr("Threads:"), self.threads)
        model_form.addRow(tr("Replies at once:"), self.parallel_replies)
        model_form.addRow(tr("Context size:"), self.context_size)
        model_form.addRow(tr("GPU offload:"), gpu_row)

        sampling_box = QGroupBox(tr("Sampling"))
        sampling_form = QFormLayout(sampling_box)
        sampling_form.addRow(tr("Temperature:"), self.temperature)
        sampling_form.addRow(tr("Top-p:"), self.top_p)
        sampling_form.addRow(tr("Top-k:"), self.top_k)
        sampling_form.addRow(tr("Min-p:"), self.min_p)
        sampling_form.addRow(tr("Repeat penalty:"), self.repeat_penalty)
        sampling_form.addRow(tr("Max reply tokens:"), self.max_tokens)
        sampling_form.addRow(tr("Seed:"), seed_row)
        sampling_form.addRow(tr("Document retries:"), self.document_retries)

        chat_box = QGroupBox(tr("Chat"))
        chat_form = QFormLayout(chat_box)
        chat_form.addRow(tr("Default system prompt:"), self.system_prompt)
        chat_form.addRow(tr("Theme:"), self.theme)
        chat_form.addRow(tr("Language:"), language_row)
        chat_form.addRow(tr("Lock when idle:"), self.idle_lock)
        # Only an encrypted profile can lock; the value is kept for when encryption is turned on.
        chat_form.setRowVisible(self.idle_lock, encrypted)
        chat_form.addRow(tr("Logging:"), self.debug_logging)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        restore = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.clicked.connect(self.restore_defaults)

        layout = QVBoxLayout(self)
        layout.addWidget(model_box)
        layout.addWidget(sampling_box)
        layout.addWidget(chat_box)
        layout.addWidget(self.buttons)

        self._load(settings)

    def settings(self) -> Settings:
        """The edited values, clamped by Settings.validated(); fields not shown are kept."""
        return replace(
            self._original,
            n_threads=self.threads.value(),
            n_ctx=self.context_size.value(),
            parallel_replies=self.parallel_replies.value(),
            gpu_layers=self._gpu_value(),
            temperature=round(self.temperature.value(), 2),
            top_p=round(self.top_p.value(), 2),
            top_k=self.top_k.value(),
            min_p=round(self.min_p.value(), 2),
            repeat_penalty=round(self.repeat_penalty.value(), 2),
            max_tokens=self.max_tokens.value() or None,  # 0 shows as "Automatic"
            seed=None if self.random_seed.isChecked() else int(self.seed.value()),
            system_prompt=self.system_prompt.toPlainText(),
            theme=self.theme.currentData(),
            language=self.language.currentData(),
            idle_lock_minutes=self.idle_lock.value(),
            debug_logging=self.debug_logging.isChecked(),
            template_max_retries=self.document_retries.value(),
        ).validated()

    def restore_defaults(self) -> None:
        # Only the fields this dialog shows; e.g. the default model is chosen elsewhere.
        self._load(replace(Settings(), default_model_id=self._original.default_model_id))

    def _load(self, settings: Settings) -> None:
        settings = settings.validated()
        self.threads.setValue(settings.n_threads)
        # A hand-edited settings.json may ask for more than the dialog offers: keep it.
        self.parallel_replies.setMaximum(max(MAX_PARALLEL_REPLIES, settings.parallel_replies))
        self.parallel_replies.setValue(settings.parallel_replies)
        self.context_size.setValue(settings.n_ctx)
        gpu = settings.gpu_layers
        if isinstance(gpu, int):
            self.gpu_mode.setCurrentIndex(self.gpu_mode.findData(_CUSTOM))
            self.gpu_layers.setValue(gpu)
        else:
            self.gpu_mode.setCurrentIndex(self.gpu_mode.findData(gpu))
        self._update_gpu_enabled()
        self.temperature.setValue(settings.temperature)
        self.top_p.setValue(settings.top_p)
        self.top_k.setValue(settings.top_k)
        self.min_p.setValue(settings.min_p)
        self.repeat_penalty.setValue(settings.repeat_penalty)
        self.max_tokens.setValue(settings.max_tokens or 0)
        self.random_seed.setChecked(settings.seed is None)
        self.seed.setEnabled(settings.seed is not None)
        if settings.seed is not None:
            self.seed.setValue(settings.seed)
        self.system_prompt.setPlainText(settings.system_prompt)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.idle_lock.setValue(settings.idle_lock_minutes)
        self.debug_logging.setChecked(settings.debug_logging)
        self.document_retries.setValue(settings.template_max_retries)

    def _gpu_value(self) -> GpuLayers:
        mode = self.gpu_mode.currentData()
        if mode == _CUSTOM:
            return self.gpu_layers.value()
        return "all" if mode == "all" else "none" if mode == "none" else "auto"

    def _update_gpu_enabled(self) -> None:
        self.gpu_layers.setEnabled(self.gpu_mode.currentData() == _CUSTOM)
