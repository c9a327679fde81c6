"""Settings for the local API server: off/on, port, token, and the address to give to tools."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.api.runner import LOOPBACK
from app.api.settings import ApiServerSettings, new_token
from app.ui.common.i18n import tr


class ApiServerSettingsWidget(QGroupBox):
    """Edits ApiServerSettings. `settings()` gives the values; `set_status` shows whether the
    server is running (the owner starts and stops it)."""

    changed = Signal()

    def __init__(self, settings: ApiServerSettings, parent: QWidget | None = None) -> None:
        super().__init__(tr("Local API server"), parent)
        self.enabled = QCheckBox(tr("Let other programs on this computer use Hearth's models"))
        self.enabled.setToolTip(
            tr(
                "An OpenAI-compatible API on {address} only: programs on other computers cannot "
                "reach it."
            ).format(address=LOOPBACK)
        )
        self.port = QSpinBox()
        self.port.setRange(1024, 65535)
        self.port.setGroupSeparatorShown(False)
        self.port.lineEdit().setAccessibleName(tr("Port"))
        self.token = QLineEdit()
        self.token.setPlaceholderText(tr("No token: any program on this computer may use it"))
        self.token.setAccessibleName(tr("Token"))
        # Shown in clear: the user copies it into the tools that call the API.
        self.new_token_button = QPushButton(tr("New token"))
        self.new_token_button.clicked.connect(lambda: self.token.setText(new_token()))
        token_row = QHBoxLayout()
        token_row.setContentsMargins(0, 0, 0, 0)
        token_row.addWidget(self.token, 1)
        token_row.addWidget(self.new_token_button)
        self.base_url = QLineEdit()
        self.base_url.setReadOnly(True)
        self.base_url.setAccessibleName(tr("Base URL"))
        self.copy_button = QPushButton(tr("Copy"))
        self.copy_button.setAccessibleName(tr("Copy the base URL"))
        self.copy_button.clicked.connect(self._copy_url)
        url_row = QHBoxLayout()
        url_row.setContentsMargins(0, 0, 0, 0)
        url_row.addWidget(self.base_url, 1)
        url_row.addWidget(self.copy_button)
        self.status = QLabel()
        self.status.setWordWrap(True)

        form = QFormLayout()
        form.addRow(tr("Port"), self.port)
        form.addRow(tr("Token"), token_row)
        form.addRow(tr("Base URL"), url_row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.enabled)
        layout.addLayout(form)
        layout.addWidget(self.status)

        self.enabled.setChecked(settings.enabled)
        self.port.setValue(settings.port)
        self.token.setText(settings.token or "")
        self._embedding_model = settings.embedding_model
        self._saved = settings  # what this panel does not edit (host names, origins) is kept
        for signal in (self.enabled.toggled, self.port.valueChanged, self.token.textChanged):
            signal.connect(self._update)
        self._update()
        self.set_status(None, None)

    def settings(self) -> ApiServerSettings:
        return replace(
            self._saved,
            enabled=self.enabled.isChecked(),
            port=self.port.value(),
            token=self.token.text().strip() or None,
            embedding_model=self._embedding_model,
        ).validated()

    def set_status(self, running_url: str | None, error: str | None) -> None:
        if error:
            self.status.setText(tr("Not running: {reason}").format(reason=error))
        elif running_url:
            self.status.setText(tr("Running at {url}").format(url=running_url))
        else:
            self.status.setText(tr("Off: nothing listens for other programs."))

    def _update(self) -> None:
        on = self.enabled.isChecked()
        for widget in (self.port, self.token, self.new_token_button, self.copy_button):
            widget.setEnabled(on)
        self.base_url.setText(f"http://{LOOPBACK}:{self.port.value()}/v1")
        self.changed.emit()

    def _copy_url(self) -> None:
        QGuiApplication.clipboard().setText(self.base_url.text())
