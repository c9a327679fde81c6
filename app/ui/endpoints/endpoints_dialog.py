"""Add, edit and remove remote endpoints; test one and list its models.

The API key typed here goes to the OS keyring, never to the database. Talking to the server
(test, list models) runs on a background thread; the dialog stays responsive.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

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
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.endpoints.config import (
    DEFAULT_TIMEOUT_S,
    KEYRING_REF,
    Endpoint,
    normalize_base_url,
)
from app.endpoints.service import EndpointService, KeyChoice
from app.engine import remote
from app.engine.types import RemoteTarget
from app.ui.common.background_task import BackgroundTask
from app.ui.common.i18n import tr, tr_n
from app.ui.common.theme import set_tone


class EndpointsDialog(QDialog):
    def __init__(
        self,
        service: EndpointService,
        parent: QWidget | None = None,
        *,
        list_models: Callable[[RemoteTarget], list[str]] = remote.list_models,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Remote endpoints"))
        self.resize(720, 420)
        self._service = service
        self._list_models = list_models
        self._task: BackgroundTask | None = None
        self._editing: Endpoint | None = None

        self.endpoints = QListWidget()
        self.endpoints.setMinimumWidth(180)
        self.endpoints.setAccessibleName(tr("Remote endpoints"))
        self.endpoints.currentItemChanged.connect(self._on_selected)
        self.add_button = QPushButton(tr("Add"))
        self.add_button.setAccessibleName(tr("Add endpoint"))
        self.add_button.clicked.connect(self._new)
        self.remove_button = QPushButton(tr("Remove"))
        self.remove_button.setAccessibleName(tr("Remove endpoint"))
        self.remove_button.clicked.connect(self._remove)
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.add_button)
        list_buttons.addWidget(self.remove_button)
        left = QVBoxLayout()
        left.addWidget(self.endpoints, 1)
        left.addLayout(list_buttons)

        self.name = QLineEdit()
        self.name.setPlaceholderText(tr("e.g. team-gpu"))
        self.url = QLineEdit()
        self.url.setPlaceholderText("http://192.168.1.20:8080/v1")
        self.api_key = QLineEdit()
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key_env = QLineEdit()
        self.api_key_env.setPlaceholderText(tr("or: the name of an environment variable"))
        self.api_key_env.setAccessibleName(tr("API key environment variable"))
        self.api_key_env.setAccessibleDescription(
            tr("The name of an environment variable that holds the API key, instead of the key")
        )
        self.verify_tls = QCheckBox(tr("Verify TLS certificates"))
        self.verify_tls.setChecked(True)
        self.verify_tls.toggled.connect(self._update_warning)
        self.tls_warning = QLabel(
            tr(
                "⚠ TLS certificates will not be checked: anyone on the network path could read "
                "your messages or pose as this server. Only for a network you trust."
            )
        )
        self.tls_warning.setWordWrap(True)
        self.tls_warning.setObjectName("tlsWarning")
        set_tone(self.tls_warning, "error")
        self.timeout = QDoubleSpinBox()
        self.timeout.setRange(1, 3600)
        self.timeout.setSuffix(tr(" s"))
        self.timeout.setDecimals(0)
        self.timeout.lineEdit().setAccessibleName(tr("Timeout"))
        self.model = QComboBox()
        self.model.setEditable(True)
        model_edit = self.model.lineEdit()
        if model_edit is not None:
            model_edit.setPlaceholderText(tr("Test the connection to list the models"))
            model_edit.setAccessibleName(tr("Model"))
        self.test_button = QPushButton(tr("Test connection"))
        self.test_button.clicked.connect(self._test)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton(tr("Save"))
        self.save_button.clicked.connect(self._save)

        form = QFormLayout()
        form.addRow(tr("Name"), self.name)
        form.addRow(tr("URL"), self.url)
        form.addRow(tr("API key"), self.api_key)
        form.addRow("", self.api_key_env)
        form.addRow("", self.verify_tls)
        form.addRow("", self.tls_warning)
        form.addRow(tr("Timeout"), self.timeout)
        form.addRow(tr("Model"), self.model)
        actions = QHBoxLayout()
        actions.addWidget(self.test_button)
        actions.addStretch(1)
        actions.addWidget(self.save_button)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addLayout(actions)
        right.addWidget(self.status)
        right.addStretch(1)

        body = QHBoxLayout()
        body.addLayout(left)
        body.addLayout(right, 1)
        privacy = QLabel(
            tr(
                "Messages sent with a remote endpoint leave this computer and are answered by "
                "that server. Hearth never contacts one until you choose it for a chat."
            )
        )
        privacy.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(privacy)
        layout.addLayout(body, 1)
        layout.addWidget(close)

        self._reload()

    # ---- list --------------------------------------------------------------------------------

    def _reload(self, select: str | None = None) -> None:
        self.endpoints.blockSignals(True)
        self.endpoints.clear()
        for endpoint in self._service.list():
            item = QListWidgetItem(endpoint.name)
            item.setData(Qt.ItemDataRole.UserRole, endpoint)
            self.endpoints.addItem(item)
        self.endpoints.blockSignals(False)
        rows = [self.endpoints.item(i).text() for i in range(self.endpoints.count())]
        if select in rows:
            self.endpoints.setCurrentRow(rows.index(select))
        elif rows:
            self.endpoints.setCurrentRow(0)
        else:
            self._new()

    def _on_selected(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        endpoint: Endpoint = item.data(Qt.ItemDataRole.UserRole)
        self._show(endpoint)

    def _show(self, endpoint: Endpoint | None) -> None:
        self._editing = endpoint
        self.name.setText(endpoint.name if endpoint else "")
        self.name.setReadOnly(endpoint is not None)  # the name is how chats refer to it
        self.url.setText(endpoint.base_url if endpoint else "")
        self.api_key.clear()
        has_stored = endpoint is not None and endpoint.api_key_ref == KEYRING_REF
        self.api_key.setPlaceholderText(
            tr("Stored in the keyring (type to replace)") if has_stored else tr("None (optional)")
        )
        self.api_key_env.setText((endpoint.api_key_env or "") if endpoint else "")
        self.verify_tls.setChecked(endpoint.verify_tls if endpoint else True)
        self.timeout.setValue(endpoint.timeout_s if endpoint else DEFAULT_TIMEOUT_S)
        self.model.clear()
        if endpoint and endpoint.default_model:
            self.model.addItem(endpoint.default_model)
        self.model.setCurrentText((endpoint.default_model or "") if endpoint else "")
        self.remove_button.setEnabled(endpoint is not None)
        self.status.clear()
        self._update_warning()

    def _new(self) -> None:
        self.endpoints.clearSelection()
        self._show(None)
        self.status.setText(tr("New endpoint"))
        self.name.setFocus()

    def _remove(self) -> None:
        endpoint = self._editing
        if endpoint is None:
            return
        answer = QMessageBox.question(
            self,
            tr("Remove endpoint"),
            tr("Remove “{name}” and its stored API key?").format(name=endpoint.name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._service.remove(endpoint.name)
        self._reload()

    def _update_warning(self) -> None:
        self.tls_warning.setVisible(not self.verify_tls.isChecked())

    # ---- save --------------------------------------------------------------------------------

    def _key_choice(self) -> KeyChoice:
        return KeyChoice(
            api_key=self.api_key.text().strip() or None,
            api_key_env=self.api_key_env.text().strip() or None,
            keep_stored=self._editing is not None and self._editing.api_key_ref == KEYRING_REF,
        )

    def _save(self) -> None:
        try:
            if self._editing is None:
                saved = self._service.add(
                    self.name.text(),
                    self.url.text(),
                    key=self._key_choice(),
                    verify_tls=self.verify_tls.isChecked(),
                    default_model=self.model.currentText(),
                    timeout_s=self.timeout.value(),
                )
            else:
                saved = self._service.update(
                    self._editing.name,
                    self.url.text(),
                    key=self._key_choice(),
                    verify_tls=self.verify_tls.isChecked(),
                    default_model=self.model.currentText(),
                    timeout_s=self.timeout.value(),
                )
        except Exception as exc:  # config, keyring and storage errors all carry a clear message
            self.status.setText(tr("Not saved: {reason}").format(reason=exc))
            return
        self._reload(select=saved.name)
        self.status.setText(tr("Saved “{name}”.").format(name=saved.name))

    # ---- test --------------------------------------------------------------------------------

    def _draft_target(self) -> RemoteTarget:
        """The form's values as a target, with the key typed, else the stored one."""
        typed = self.api_key.text().strip() or None
        key = typed
        if key is None and self._editing is not None and not self.api_key_env.text().strip():
            key = self._service.secrets.api_key(self._editing)
        elif key is None and self.api_key_env.text().strip():
            key = os.environ.get(self.api_key_env.text().strip()) or None
        return RemoteTarget(
            endpoint=self.name.text().strip() or "new endpoint",
            base_url=normalize_base_url(self.url.text()),
            model="",
            verify_tls=self.verify_tls.isChecked(),
            api_key=key,
            timeout_s=self.timeout.value(),
        )

    def _test(self) -> None:
        try:
            target = self._draft_target()
        except Exception as exc:
            self.status.setText(str(exc))
            return
        self.test_button.setEnabled(False)
        self.status.setText(tr("Connecting to {url}…").format(url=target.base_url))
        list_models = self._list_models

        def job(_progress: Callable[[int, int], None], _cancel: threading.Event) -> list[str]:
            return list_models(target)

        task = BackgroundTask(job, self)
        task.succeeded.connect(self._on_models)
        task.failed.connect(self._on_test_failed)
        self._task = task
        task.start()

    def _on_models(self, models: object) -> None:
        self.test_button.setEnabled(True)
        names = [str(m) for m in models] if isinstance(models, list) else []
        current = self.model.currentText()
        self.model.clear()
        self.model.addItems(names)
        if current in names:
            self.model.setCurrentText(current)
        count = len(names)
        self.status.setText(
            tr_n(count, "Connected: {n} model available.", "Connected: {n} models available.")
            if count
            else tr("Connected, but the server lists no models.")
        )

    def _on_test_failed(self, message: str) -> None:
        self.test_button.setEnabled(True)
        self.status.setText(message)

    def wait_for_test(self, timeout_s: float = 30.0) -> None:
        """For tests: block until a running test has finished on its thread."""
        if self._task is not None:
            self._task.wait(timeout_s)
