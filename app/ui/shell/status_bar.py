"""The window's status bar: loaded model, backend, context use and the last reply's speed."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from app.ui.common.i18n import tr

STATE_TIMEOUT_MS = 6000


class HearthStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_label = QLabel(self)
        self.backend_label = QLabel(self)
        self.adapters_label = QLabel(self)
        self.adapters_label.setObjectName("adaptersLabel")
        self.context_label = QLabel(self)
        self.speed_label = QLabel(self)
        self.context_label.setToolTip(tr("Tokens of this chat in the model's context window"))
        self.speed_label.setToolTip(tr("Generation speed of the last reply"))
        # Permanent widgets sit on the right and are never covered by show_state() messages.
        for label in (
            self.model_label,
            self.adapters_label,
            self.backend_label,
            self.context_label,
            self.speed_label,
        ):
            label.setContentsMargins(6, 0, 6, 0)
            self.addPermanentWidget(label)
        self.set_model(None, None)
        self.set_context(0, 0)
        self.set_speed(None)
        self.set_adapters("")

    def set_model(self, name: str | None, backend: str | None) -> None:
        self.model_label.setText(name if name else tr("No model loaded"))
        self.model_label.setToolTip(name or "")
        # A loaded model's name is in the toolbar's model picker: the bar says only what the
        # picker cannot (no model, loading, connecting).
        self.model_label.setVisible(not (name and backend))
        self.backend_label.setText(backend or "")
        self.backend_label.setVisible(bool(backend))

    def set_adapters(self, label: str) -> None:
        """e.g. "+ legal at 0.8": the adapters applied to the loaded model, hidden when none."""
        self.adapters_label.setText(f"+ {label}" if label else "")
        self.adapters_label.setToolTip(
            tr("LoRA adapters attached: {names}").format(names=label) if label else ""
        )
        self.adapters_label.setVisible(bool(label))

    def set_context(self, used: int, size: int) -> None:
        """`size` 0: no model loaded, nothing to show."""
        if size <= 0:
            self.context_label.hide()
            return
        self.context_label.setText(
            tr("{used} / {size} ctx").format(used=f"{used:,}", size=f"{size:,}")
        )
        self.context_label.show()

    def set_speed(self, tokens_per_s: float | None) -> None:
        if tokens_per_s is None:
            self.speed_label.hide()
            return
        self.speed_label.setText(tr("{speed} tok/s").format(speed=f"{tokens_per_s:.1f}"))
        self.speed_label.show()

    def show_state(self, text: str, timeout_ms: int = STATE_TIMEOUT_MS) -> None:
        """A temporary message on the left (e.g. "Loading model…"); 0 keeps it until replaced."""
        self.showMessage(text, timeout_ms)
