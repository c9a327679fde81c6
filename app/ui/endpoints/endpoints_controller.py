"""The window's links beyond this process: remote endpoints and the local API server.

Both are off until the user turns them on. A remote model appears in the model picker once its
endpoint has a default model; choosing it loads it through the same inference thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from app.api.server_host import LocalApiHost
from app.api.settings import ApiServerSettings, ApiSettingsStore
from app.endpoints.service import EndpointService
from app.storage import StorageError
from app.ui.chat.chat_controller import ChatController
from app.ui.common.i18n import tr
from app.ui.endpoints.api_server_settings import ApiServerSettingsWidget
from app.ui.endpoints.endpoints_dialog import EndpointsDialog
from app.ui.library.library_controller import REMOTE_PREFIX


def no_api_host() -> str:
    return tr("The local API needs the shared inference thread, which is not running.")


class EndpointsController(QObject):
    error = Signal(str)
    state = Signal(str)  # a passing status-line message
    endpoints_changed = Signal()  # the Remote endpoints dialog closed: the picker lists anew

    def __init__(
        self,
        endpoints: EndpointService,
        *,
        chat: ChatController,
        api_settings: ApiSettingsStore,
        api: LocalApiHost | None,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._window = parent
        self._endpoints = endpoints
        self._chat = chat
        self._api_settings = api_settings
        self._api = api  # None: no shared inference thread to serve the API from

    def open_endpoints(self) -> EndpointsDialog:
        dialog = EndpointsDialog(self._endpoints, self._window)
        dialog.finished.connect(lambda _result: self.endpoints_changed.emit())
        dialog.show()
        return dialog

    def remote_model_items(self) -> list[tuple[str, str]]:
        """(label, picker data) for each endpoint that has a default model."""
        try:
            endpoints = self._endpoints.list()
        except StorageError as exc:
            self.error.emit(str(exc))
            return []
        return [
            (
                tr("Remote: {name} · {model}").format(name=e.name, model=e.default_model),
                f"{REMOTE_PREFIX}{e.name}",
            )
            for e in endpoints
            if e.default_model
        ]

    def load_remote(self, endpoint_name: str) -> None:
        try:
            endpoint = self._endpoints.get(endpoint_name)
            target = self._endpoints.target(endpoint, endpoint.default_model or "")
        except (LookupError, StorageError, ValueError) as exc:
            self.error.emit(str(exc))
            return
        self._chat.load_remote(target, f"{endpoint.name} · {target.model}")

    # ---- the local API server ------------------------------------------------------------

    @property
    def api_url(self) -> str | None:
        return self._api.base_url if self._api is not None else None

    def start_saved_api_server(self) -> None:
        """At start: the server runs again if the user left it on."""
        settings = self._api_settings.load()
        if settings.enabled:
            problem = self.apply_api_server(settings)
            if problem:
                self.error.emit(
                    tr("The local API server did not start: {reason}").format(reason=problem)
                )

    def open_api_server_settings(self) -> ApiServerSettingsWidget:
        store = self._api_settings
        widget = ApiServerSettingsWidget(store.load())
        widget.set_status(self.api_url, None)
        dialog = QDialog(self._window)
        dialog.setWindowTitle(tr("Local API server"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(widget)
        layout.addWidget(buttons)

        def apply() -> None:
            settings = widget.settings()
            store.save(settings)
            error = self.apply_api_server(settings)
            widget.set_status(self.api_url, error)
            if error:
                self.error.emit(error)

        dialog.accepted.connect(apply)
        dialog.show()
        return widget

    def apply_api_server(self, settings: ApiServerSettings) -> str | None:
        """Stop the running server; start one when enabled. Returns an error, or None."""
        self.stop_api_server()
        if not settings.enabled:
            return None
        if self._api is None:
            return no_api_host()
        problem = self._api.apply(settings)
        if problem is None:
            self.state.emit(tr("Local API at {url}").format(url=self._api.base_url))
        return problem

    def stop_api_server(self) -> None:
        if self._api is not None:
            self._api.stop()
