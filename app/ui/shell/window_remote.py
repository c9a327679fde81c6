"""The main window's links beyond this process: remote endpoints and the local API server.

Both are off until the user turns them on. A remote model appears in the model picker once its
endpoint has a default model; choosing it loads it through the same inference thread.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout

from app.api.local_api import build_server
from app.api.runner import ApiServer, ApiServerError
from app.api.served_models import library_provider
from app.api.settings import ApiServerSettings
from app.api.shared_worker import SharedWorker
from app.chats.sampling import sampling_from_settings
from app.storage import StorageError
from app.ui.endpoints.api_server_settings import ApiServerSettingsWidget
from app.ui.endpoints.endpoints_dialog import EndpointsDialog
from app.ui.shell.window_parts import WindowParts

REMOTE_PREFIX = "endpoint:"


class RemoteActions(WindowParts):
    api_server: ApiServer | None = None

    def open_endpoints(self) -> EndpointsDialog:
        dialog = EndpointsDialog(self.core.endpoints, self.window_widget)
        dialog.finished.connect(lambda _result: self.refresh_models())
        dialog.show()
        return dialog

    def remote_model_items(self) -> list[tuple[str, str]]:
        """(label, picker data) for each endpoint that has a default model."""
        try:
            endpoints = self.core.endpoints.list()
        except StorageError as exc:
            self.show_error(str(exc))
            return []
        return [
            (f"Remote: {e.name} · {e.default_model}", f"{REMOTE_PREFIX}{e.name}")
            for e in endpoints
            if e.default_model
        ]

    def load_remote(self, endpoint_name: str) -> None:
        try:
            endpoint = self.core.endpoints.get(endpoint_name)
            target = self.core.endpoints.target(endpoint, endpoint.default_model or "")
        except (LookupError, StorageError, ValueError) as exc:
            self.show_error(str(exc))
            return
        self.controller.load_remote(target, f"{endpoint.name} · {target.model}")

    # ---- the local API server ------------------------------------------------------------

    def open_api_server_settings(self) -> ApiServerSettingsWidget:
        store = self.core.api_settings
        widget = ApiServerSettingsWidget(store.load())
        running = self.api_server.base_url if self.api_server is not None else None
        widget.set_status(running, None)
        dialog = QDialog(self.window_widget)
        dialog.setWindowTitle("Local API server")
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
            widget.set_status(self.api_server.base_url if self.api_server else None, error)
            if error:
                self.show_error(error)

        dialog.accepted.connect(apply)
        dialog.show()
        return widget

    def apply_api_server(self, settings: ApiServerSettings) -> str | None:
        """Stop the running server; start one when enabled. Returns an error, or None."""
        self.stop_api_server()
        if not settings.enabled:
            return None
        worker = self.shared_worker
        if worker is None:
            return "The local API needs the shared inference thread, which is not running."
        try:
            self.api_server = build_server(
                worker,
                library_provider(self.core.models.list),
                allow_switching=False,  # the API never changes the model under the user
                port=settings.port,
                token=settings.token,
                sampling_defaults=lambda: sampling_from_settings(self.core.settings),
                embedding_model=settings.embedding_model,
            ).start()
        except ApiServerError as exc:
            self.api_server = None
            return str(exc)
        self.status.show_state(f"Local API at {self.api_server.base_url}")
        return None

    def stop_api_server(self) -> None:
        server, self.api_server = self.api_server, None
        if server is not None:
            server.stop()

    @property
    def shared_worker(self) -> SharedWorker | None:
        worker = self.bridge.worker
        return worker if isinstance(worker, SharedWorker) else None
