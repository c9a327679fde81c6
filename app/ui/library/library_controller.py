"""The model and adapter library as the window shows it: the model picker, the Models, Get
models and Find models dialogs, imports with progress, and each model's fit on this computer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QProgressBar, QWidget

from app.chats.sampling import gpu_layers_for
from app.engine.types import LoadedModel
from app.library.adapter_library import AdapterLibrary
from app.library.catalog import CatalogEntry, CatalogError, load_catalog
from app.library.download import DownloadManager
from app.library.fit import SystemMemory, assess_fit, rough_fit
from app.library.gguf_header import read_gguf_header
from app.library.model_library import LibraryError, ModelLibrary, ModelStore
from app.library.model_names import model_display_name
from app.storage import StorageError
from app.storage.records import AdapterRecord, ModelRecord
from app.training.peft_files import looks_like_peft
from app.training.peft_import import BaseModel, import_peft_adapter
from app.ui.chat.chat_controller import ChatController
from app.ui.common import file_dialogs
from app.ui.common.background_task import BackgroundTask
from app.ui.common.i18n import tr
from app.ui.common.profile import Profile
from app.ui.library.adapter_panel import AdapterChoice, AdapterPanel
from app.ui.library.catalog_dialog import CatalogDialog
from app.ui.library.discovery_dialog import DiscoveryDialog
from app.ui.library.models_dialog import ModelsDialog


def no_model_hint() -> str:
    """What the status line says while the library holds no model."""
    return tr(
        "No model yet. Get one with File → Get models…, import a GGUF file with File → Import "
        "model… (Ctrl+O), or run `hearth setup` once to get the starter model."
    )


REMOTE_PREFIX = "endpoint:"  # the picker's data for a remote endpoint's model


class LibraryController(QObject):
    error = Signal(str)
    state = Signal(str)  # a passing status-line message ("Imported …")
    hint = Signal(str)  # a note in the chat, not in the status line
    remote_chosen = Signal(str)  # an endpoint's name, picked in the model picker
    adapters_shown = Signal()  # an adapter was imported: the adapters tab should be in view

    def __init__(
        self,
        library: ModelLibrary,
        adapters: AdapterLibrary,
        *,
        models: ModelStore,
        profile: Profile,
        chat: ChatController,
        picker: QComboBox,
        adapter_panel: AdapterPanel,
        progress: QProgressBar,
        remote_models: Callable[[], list[tuple[str, str]]] = list,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._window = parent  # the dialogs' parent
        self._library = library
        self._adapters = adapters
        self._models = models
        self._profile = profile
        self._chat = chat
        self.picker = picker
        self.adapter_panel = adapter_panel
        self.progress = progress
        self._remote_models = remote_models
        self.import_task: BackgroundTask | None = None
        self.adapter_task: BackgroundTask | None = None
        self.models_dialog: ModelsDialog | None = None
        self.catalog_dialog: CatalogDialog | None = None
        self.discovery_dialog: DiscoveryDialog | None = None
        picker.activated.connect(self._on_model_picked)
        adapter_panel.import_requested.connect(self.choose_adapter_file)
        adapter_panel.import_folder_requested.connect(self.choose_adapter_folder)
        chat.model_loading.connect(self._on_model_loading)
        chat.model_changed.connect(self._on_model_changed)
        chat.adapters_changed.connect(adapter_panel.set_active)

    # ---- models ------------------------------------------------------------------------------

    def refresh_models(self) -> None:
        picker = self.picker
        picker.clear()
        records = self._models.list()
        for record in records:
            label = f"{model_display_name(record)} · {record.quantization or '?'}"
            picker.addItem(label, record.id)
        for label, data in self._remote_models():
            picker.addItem(label, data)
        if not records:
            picker.addItem(tr("No model — import one"), None)
            self.hint.emit(no_model_hint())
        default = self._profile.default_model()
        if default is not None:
            picker.setCurrentIndex(max(0, picker.findData(default.id)))

    def open_models(self) -> ModelsDialog:
        loaded = self._chat.loaded_model
        dialog = ModelsDialog(
            self._library,
            default_id=self._profile.settings.default_model_id,
            loaded_path=loaded.path if loaded else None,
            fit_for=self.fit_of,
            parent=self._window,
        )
        dialog.models_changed.connect(self.refresh_models)
        dialog.find_requested.connect(self.open_discovery)
        dialog.catalog_requested.connect(self.open_catalog)
        dialog.default_chosen.connect(self.choose_default)
        dialog.import_requested.connect(self.choose_model_file)
        dialog.setModal(False)
        dialog.show()
        self.models_dialog = dialog
        return dialog

    def fit_of(self, record: ModelRecord) -> tuple[str, str]:
        """ "fits" / "tight" / "won't fit" at the chosen context size, and why."""
        try:
            header = read_gguf_header(Path(record.path))
        except (OSError, ValueError) as exc:
            return "?", tr("cannot read the file: {exc}").format(exc=exc)
        from app.engine.backends import gpu_memory  # llama.cpp's device list, read now

        settings = self._profile.settings
        gpu = gpu_layers_for(settings.gpu_layers)
        fit = assess_fit(
            header,
            n_ctx=settings.n_ctx,
            system=SystemMemory.current(),
            devices=gpu_memory() if gpu != 0 else (),
            gpu_layers="auto" if gpu in ("auto", -1) else int(gpu),
        )
        return fit.verdict, fit.explanation

    def open_catalog(self) -> CatalogDialog | None:
        try:
            catalog = load_catalog()
        except CatalogError as exc:
            self.error.emit(str(exc))
            return None

        def fit_label(entry: CatalogEntry) -> str:
            from app.engine.backends import gpu_memory

            return rough_fit(
                entry.size_bytes, system=SystemMemory.current(), devices=gpu_memory()
            ).verdict

        dialog = CatalogDialog(
            catalog, DownloadManager(self._library), fit_for=fit_label, parent=self._window
        )
        dialog.model_downloaded.connect(lambda model_id: self._on_models_discovered([model_id]))
        dialog.show()
        self.catalog_dialog = dialog
        return dialog

    def open_discovery(self) -> DiscoveryDialog:
        dialog = DiscoveryDialog(self._library, parent=self._window)
        dialog.models_added.connect(self._on_models_discovered)
        dialog.show()
        dialog.start_discovery()
        self.discovery_dialog = dialog
        return dialog

    def _on_models_discovered(self, ids: list[int]) -> None:
        self.refresh_models()
        if ids and self._chat.loaded_model is None and not self._chat.loading_model:
            self._make_default(ids[0])
            self.refresh_models()
            self._chat.load_model(self._models.get(ids[0]))
        if self.models_dialog is not None:
            self.models_dialog.refresh()

    def choose_default(self, model_id: int) -> None:
        """The user's default model: saved, shown in the picker and loaded when idle."""
        self._make_default(model_id)
        self.refresh_models()
        if not self._chat.busy:
            self._chat.load_model(self._models.get(model_id))

    def use_chosen_model(self, model_id: int) -> None:
        """A model chosen outside the Models dialog (the first-run screen)."""
        self.choose_default(model_id)
        if self.models_dialog is not None:
            self.models_dialog.refresh()

    def _make_default(self, model_id: int) -> None:
        self._profile.save_settings(replace(self._profile.settings, default_model_id=model_id))

    def load_default_model(self) -> None:
        default = self._profile.default_model()
        if default is not None:
            self._chat.load_model(default)

    def _on_model_picked(self, index: int) -> None:
        model_id = self.picker.itemData(index)
        if model_id is None:
            return
        if isinstance(model_id, str):  # a remote endpoint's model
            self.remote_chosen.emit(model_id.removeprefix(REMOTE_PREFIX))
            return
        record = self._models.get(int(model_id))
        self._make_default(record.id)
        self._chat.load_model(record)

    def _on_model_loading(self, loading: bool) -> None:
        """An indeterminate bar: llama.cpp reports no progress we could show honestly."""
        if loading:
            self.progress.setRange(0, 0)
            self.progress.show()
        elif self.import_task is None:
            self.progress.hide()

    def _on_model_changed(self, _model: LoadedModel | None) -> None:
        self.refresh_adapters()

    # ---- adapters ----------------------------------------------------------------------------

    def refresh_adapters(self) -> None:
        """List the library's adapters, each checked against the loaded model's tensors."""
        model = self._chat.loaded_model
        try:
            records = self._adapters.list()
        except StorageError as exc:
            self.error.emit(str(exc))
            records = []
        base = None
        if model is not None:
            try:
                base = read_gguf_header(Path(model.path))
            except (OSError, ValueError):
                base = None
        choices = [
            AdapterChoice(r, self._adapters.compatibility(r, base) if base else None)
            for r in records
        ]
        self.adapter_panel.set_choices(choices, model_loaded=model is not None)

    def adapter_path(self, adapter_id: int) -> str:
        return self._adapters.get(adapter_id).path

    def choose_adapter_file(self) -> None:
        path = file_dialogs.open_file(
            self._window,
            tr("Import a LoRA adapter"),
            tr(
                "LoRA adapters (*.gguf *.zip);;GGUF adapters (*.gguf);;PEFT adapter zips (*.zip);;"
                "All files (*)"
            ),
        )
        if path is None:
            return
        if looks_like_peft(path):
            self.import_peft_adapter(path)
        else:
            self.import_adapter_file(path)

    def choose_adapter_folder(self) -> None:
        folder = file_dialogs.choose_folder(
            self._window, tr("Import a PEFT adapter folder (with adapter_config.json)")
        )
        if folder is not None:
            self.import_peft_adapter(folder)

    def import_peft_adapter(self, path: Path) -> BackgroundTask:
        """Convert a PEFT folder/zip for the first model it fits (the loaded model first, then
        the default one) and register it, off the GUI thread with progress."""
        adapters, models = self._adapters, self._models
        loaded = self._chat.loaded_model
        default = self._profile.settings.default_model_id

        def first(record: ModelRecord) -> tuple[bool, bool]:
            return (loaded is None or record.path != loaded.path, record.id != default)

        def job(progress: Callable[[int, int], None], cancel: Any) -> AdapterRecord:
            records = sorted(models.list(), key=first)
            candidates = [BaseModel(model_display_name(r), Path(r.path)) for r in records]
            record, _ = import_peft_adapter(
                adapters, path, candidates, progress=progress, cancel=cancel
            )
            return record

        task = BackgroundTask(job, parent=self._window)
        task.progress.connect(self.show_progress)
        task.succeeded.connect(self._on_adapter_imported)
        task.failed.connect(
            lambda message: self.error.emit(
                tr("Adapter import failed: {message}").format(message=message)
            )
        )
        task.failed.connect(self._on_import_failed)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.state.emit(tr("Converting the PEFT adapter {name}…").format(name=path.name))
        task.start()
        self.adapter_task = task
        return task

    def import_adapter_file(self, path: Path) -> BackgroundTask:
        adapters = self._adapters
        task = BackgroundTask(
            lambda progress, cancel: adapters.import_adapter(
                path, progress=progress, cancel=cancel
            ),
            parent=self._window,
        )
        task.succeeded.connect(self._on_adapter_imported)
        task.failed.connect(
            lambda message: self.error.emit(
                tr("Adapter import failed: {message}").format(message=message)
            )
        )
        self.state.emit(tr("Checking {name}…").format(name=path.name))
        task.start()
        self.adapter_task = task
        return task

    def _on_adapter_imported(self, record: AdapterRecord) -> None:
        self.adapter_task = None
        if self.import_task is None:
            self.progress.hide()
        self.state.emit(tr("Imported adapter {name}").format(name=record.name))
        self.refresh_adapters()
        self.adapters_shown.emit()

    # ---- imports -----------------------------------------------------------------------------

    def import_gguf(self, path: Path) -> BackgroundTask | None:
        """A dropped .gguf: a model or a LoRA adapter, told apart by its header."""
        try:
            kind = self._library.inspect(path).kind
        except (LibraryError, ValueError) as exc:
            self.error.emit(tr("Cannot import {name}: {exc}").format(name=path.name, exc=exc))
            return None
        if kind == "adapter":
            return self.import_adapter_file(path)
        return self.import_model_file(path)

    def choose_model_file(self) -> None:
        path = file_dialogs.open_file(
            self._window, tr("Import a GGUF model"), tr("GGUF models (*.gguf);;All files (*)")
        )
        if path is not None:
            self.import_model_file(path)

    def import_model_file(self, path: Path) -> BackgroundTask:
        """Validate and hash off the GUI thread (a 5 GB model takes a while), with progress."""
        library = self._library
        task = BackgroundTask(
            lambda progress, cancel: library.import_model(path, progress=progress, cancel=cancel),
            parent=self._window,
        )
        task.progress.connect(self.show_progress)
        task.succeeded.connect(self._on_imported)
        task.failed.connect(
            lambda message: self.error.emit(tr("Import failed: {message}").format(message=message))
        )
        task.failed.connect(self._on_import_failed)
        self.import_task = task
        self.progress.setRange(0, 0)
        self.progress.show()
        self.state.emit(tr("Checking {name}…").format(name=path.name))
        task.start()
        return task

    def _on_import_failed(self, _message: str) -> None:
        self.import_task = None
        self.progress.hide()

    def show_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _on_imported(self, record: ModelRecord) -> None:
        self.import_task = None
        self.progress.hide()
        self.state.emit(tr("Imported {name}").format(name=record.name))
        if self._profile.settings.default_model_id is None or self._chat.loaded_model is None:
            self._make_default(record.id)
            self.refresh_models()
            self._chat.load_model(record)
        else:
            self.refresh_models()

    def shutdown(self) -> None:
        if self.import_task is not None:
            self.import_task.cancel()
