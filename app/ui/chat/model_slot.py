"""The model the chat runs on: loading it (a local file or a team's server) and attaching its
adapters, through the engine bridge, with what the status bar says meanwhile.

Like the chat controller it keeps the request ids it waits for and drops every other event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Signal

from app.chats.conversation_service import ConversationService
from app.chats.reply_length import reply_limit
from app.chats.sampling import document_budget, load_options_from_settings
from app.config import Settings
from app.engine.types import ActiveAdapter, LoadedModel, LoadModel, RemoteTarget, SetAdapters
from app.library.model_names import model_display_name
from app.storage.records import ModelRecord
from app.ui.common.engine_bridge import EngineBridge
from app.ui.common.i18n import tr
from app.ui.shell.status_bar import HearthStatusBar


class ModelSlot(QObject):
    model_changed = Signal(object)  # LoadedModel | None
    model_loading = Signal(bool)  # a load started (True) or ended (False)
    adapters_changed = Signal(object)  # tuple[ActiveAdapter, ...] now applied to the model
    error = Signal(str)
    notice = Signal(str)

    def __init__(
        self,
        *,
        chats: ConversationService,
        bridge: EngineBridge,
        status_bar: HearthStatusBar,
        settings: Callable[[], Settings],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._chats = chats
        self._bridge = bridge
        self._status = status_bar
        self._settings = settings
        self.loaded_model: LoadedModel | None = None
        self._loading: tuple[int, ModelRecord] | None = None
        self.active_adapters: tuple[ActiveAdapter, ...] = ()
        self._adapters_request: int | None = None
        bridge.model_loaded.connect(self._on_model_loaded)
        bridge.adapters_changed.connect(self._on_adapters_changed)
        bridge.failed.connect(self._on_failed)

    @property
    def loading_model(self) -> ModelRecord | None:
        return self._loading[1] if self._loading else None

    # ---- models ------------------------------------------------------------------------------

    def load_model(self, record: ModelRecord) -> None:
        """Load on the worker thread; the window stays usable and shows progress meanwhile."""
        request = LoadModel(
            record.path, sha256=record.sha256, options=load_options_from_settings(self._settings())
        )
        self._loading = (request.request_id, record)
        loading = tr("Loading {model}…").format(model=model_display_name(record))
        self._status.set_model(loading, None)
        self._status.show_state(loading)
        self.model_loading.emit(True)
        self._bridge.submit(request)

    def load_remote(self, target: RemoteTarget, label: str) -> None:
        """Use a model on a team's server: the chat then runs over the network (the status bar
        says so). Loaded through the same inference thread, so requests stay in order."""
        request = LoadModel(target.base_url, remote=target)
        record = ModelRecord(
            id=-1,
            name=label,
            path=target.base_url,
            sha256="",
            size_bytes=0,
            architecture="remote",
            parameter_count=None,
            quantization=None,
            context_length=None,
            has_chat_template=True,
            license=None,
            added_at=datetime.now(UTC),
        )
        self._loading = (request.request_id, record)
        connecting = tr("Connecting to {endpoint}…").format(endpoint=label)
        self._status.set_model(connecting, None)
        self._status.show_state(connecting)
        self.model_loading.emit(True)
        self._bridge.submit(request)

    def _on_model_loaded(self, request_id: int, model: LoadedModel) -> None:
        if self._loading is None or self._loading[0] != request_id:
            return
        record = self._loading[1]
        self._loading = None
        if model.endpoint is None:
            # The engine names a model by its GGUF general.name; people see the readable one.
            model = replace(model, name=model_display_name(record))
        self.model_loading.emit(False)
        self.loaded_model = model
        settings = self._settings()
        # Documents may take what the context leaves after the reply and the recent turns.
        # Remote models report no context size: assume the user's setting.
        n_ctx = model.n_ctx or settings.n_ctx
        limit = reply_limit(settings.max_tokens, model.parameter_count)
        self._chats.document_budget = document_budget(n_ctx, limit)
        self._apply_adapter_state(())  # a freshly loaded model has no adapters
        self._status.set_model(model.name, model.backend)
        self._status.set_context(0, model.n_ctx)
        self._status.show_state(
            tr("{model} ready ({seconds} s)").format(
                model=model.name, seconds=f"{model.load_s:.1f}"
            )
        )
        if model.offload_note:
            # e.g. fewer layers on the GPU than asked for: the user should know why it is slower.
            self.notice.emit(model.offload_note)
        self.model_changed.emit(model)

    # ---- adapters ----------------------------------------------------------------------------

    def set_adapters(self, adapters: tuple[tuple[str, float], ...]) -> None:
        """Attach (path, scale) adapters to the loaded model, replacing the current set.

        Queued behind a reply in progress, so no reply is generated half with, half without.
        """
        if self.loaded_model is None:
            self.error.emit(tr("Load a model before attaching adapters."))
            self.adapters_changed.emit(self.active_adapters)
            return
        request = SetAdapters(tuple(adapters))
        self._adapters_request = request.request_id
        self._status.show_state(tr("Applying adapters…") if adapters else tr("Detaching adapters…"))
        self._bridge.submit(request)

    def _on_adapters_changed(self, request_id: int, active: tuple[ActiveAdapter, ...]) -> None:
        if request_id != self._adapters_request:
            return  # superseded by a newer request: that one's answer is what counts
        self._adapters_request = None
        self._apply_adapter_state(active)
        self._status.show_state(tr("Adapters applied") if active else tr("Adapters detached"))

    def _apply_adapter_state(self, active: tuple[ActiveAdapter, ...]) -> None:
        self.active_adapters = active
        self._status.set_adapters(
            ", ".join(
                tr("{adapter} at {scale}").format(adapter=a.name, scale=f"{a.scale:g}")
                for a in active
            )
        )
        self.adapters_changed.emit(active)

    def _on_failed(self, request_id: int, message: str) -> None:
        if request_id == self._adapters_request:
            self._adapters_request = None
            self.error.emit(tr("Could not apply the adapters: {message}").format(message=message))
            self._apply_adapter_state(self.active_adapters)  # the engine kept the previous set
        elif self._loading is not None and self._loading[0] == request_id:
            record = self._loading[1]
            self._loading = None
            self.model_loading.emit(False)
            self._status.set_model(None, None)
            self.error.emit(
                tr("Could not load {model}: {message}").format(
                    model=model_display_name(record), message=message
                )
            )
