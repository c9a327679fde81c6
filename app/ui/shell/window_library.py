"""The main window's model and adapter library: pickers, dialogs, imports, fit estimates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from app.chats.sampling import gpu_layers_for
from app.engine.types import ActiveAdapter, LoadedModel
from app.library.catalog import CatalogEntry, CatalogError, load_catalog
from app.library.download import DownloadManager
from app.library.fit import SystemMemory, assess_fit, rough_fit
from app.library.gguf_header import read_gguf_header
from app.library.model_library import LibraryError
from app.library.model_names import model_display_name
from app.storage import StorageError
from app.storage.records import AdapterRecord, ModelRecord
from app.ui.common import file_dialogs
from app.ui.common.background_task import BackgroundTask
from app.ui.library.adapter_panel import AdapterChoice
from app.ui.library.catalog_dialog import CatalogDialog
from app.ui.library.discovery_dialog import DiscoveryDialog
from app.ui.library.models_dialog import ModelsDialog
from app.ui.shell.window_parts import WindowParts

NO_MODEL_HINT = (
    "No model yet. Get one with File → Get models…, import a GGUF file with File → Import "
    "model… (Ctrl+O), or run `hearth setup` once to get the starter model."
)


class LibraryActions(WindowParts):
    # ---- models ------------------------------------------------------------------------------

    def refresh_models(self) -> None:
        picker = self.model_picker
        picker.clear()
        records = self.core.models.list()
        for record in records:
            label = f"{model_display_name(record)} · {record.quantization or '?'}"
            picker.addItem(label, record.id)
        for label, data in self.remote_model_items():
            picker.addItem(label, data)
        if not records:
            picker.addItem("No model — import one", None)
            self.chat_view.add_notice(NO_MODEL_HINT)
        default = self.core.default_model()
        if default is not None:
            picker.setCurrentIndex(max(0, picker.findData(default.id)))

    def open_models(self) -> ModelsDialog:
        loaded = self.controller.loaded_model
        dialog = ModelsDialog(
            self.core.library,
            default_id=self.core.settings.default_model_id,
            loaded_path=loaded.path if loaded else None,
            fit_for=self.fit_of,
            parent=self.window_widget,
        )
        dialog.models_changed.connect(self.refresh_models)
        dialog.find_requested.connect(self.open_discovery)
        dialog.catalog_requested.connect(self.open_catalog)
        dialog.default_chosen.connect(self._on_default_chosen)
        dialog.import_requested.connect(self.choose_model_file)
        dialog.setModal(False)
        dialog.show()
        self._models_dialog = dialog
        return dialog

    def fit_of(self, record: ModelRecord) -> tuple[str, str]:
        """ "fits" / "tight" / "won't fit" at the chosen context size, and why."""
        try:
            header = read_gguf_header(Path(record.path))
        except (OSError, ValueError) as exc:
            return "?", f"cannot read the file: {exc}"
        from app.engine.backends import gpu_memory  # llama.cpp's device list, read now

        gpu = gpu_layers_for(self.core.settings.gpu_layers)
        fit = assess_fit(
            header,
            n_ctx=self.core.settings.n_ctx,
            system=SystemMemory.current(),
            devices=gpu_memory() if gpu != 0 else (),
            gpu_layers="auto" if gpu in ("auto", -1) else int(gpu),
        )
        return fit.verdict, fit.explanation

    def open_catalog(self) -> CatalogDialog | None:
        try:
            catalog = load_catalog()
        except CatalogError as exc:
            self.show_error(str(exc))
            return None

        def fit_label(entry: CatalogEntry) -> str:
            from app.engine.backends import gpu_memory

            return rough_fit(
                entry.size_bytes, system=SystemMemory.current(), devices=gpu_memory()
            ).verdict

        dialog = CatalogDialog(
            catalog,
            DownloadManager(self.core.library),
            fit_for=fit_label,
            parent=self.window_widget,
        )
        dialog.model_downloaded.connect(self._on_model_downloaded)
        dialog.show()
        self._catalog_dialog = dialog
        return dialog

    def _on_model_downloaded(self, model_id: int) -> None:
        self._on_models_discovered([model_id])

    def open_discovery(self) -> DiscoveryDialog:
        dialog = DiscoveryDialog(self.core.library, parent=self.window_widget)
        dialog.models_added.connect(self._on_models_discovered)
        dialog.show()
        dialog.start_discovery()
        self._discovery_dialog = dialog
        return dialog

    def _on_models_discovered(self, ids: list[int]) -> None:
        self.refresh_models()
        if ids and self.controller.loaded_model is None and not self.controller.loading_model:
            self.core.save_settings(replace(self.core.settings, default_model_id=ids[0]))
            self.refresh_models()
            self.controller.load_model(self.core.models.get(ids[0]))
        if self._models_dialog is not None:
            self._models_dialog.refresh()

    def _on_default_chosen(self, model_id: int) -> None:
        self.core.save_settings(replace(self.core.settings, default_model_id=model_id))
        self.refresh_models()
        if not self.controller.busy:
            self.controller.load_model(self.core.models.get(model_id))

    def load_default_model(self) -> None:
        default = self.core.default_model()
        if default is not None:
            self.controller.load_model(default)

    def _on_model_picked(self, index: int) -> None:
        model_id = self.model_picker.itemData(index)
        if model_id is None:
            return
        if isinstance(model_id, str):  # a remote endpoint's model
            self.load_remote(model_id.removeprefix("endpoint:"))
            return
        record = self.core.models.get(int(model_id))
        self.core.save_settings(replace(self.core.settings, default_model_id=record.id))
        self.controller.load_model(record)

    def _on_model_loading(self, loading: bool) -> None:
        """An indeterminate bar: llama.cpp reports no progress we could show honestly."""
        if loading:
            self.progress.setRange(0, 0)
            self.progress.show()
        elif self._import_task is None:
            self.progress.hide()

    def _on_model_changed(self, model: LoadedModel | None) -> None:
        self.window_widget.setWindowTitle(f"Hearth — {model.name}" if model else "Hearth")
        self.refresh_adapters()

    def refresh_adapters(self) -> None:
        """List the library's adapters, each checked against the loaded model's tensors."""
        model = self.controller.loaded_model
        records = self._guarded_list(self.core.adapters.list)
        base = None
        if model is not None:
            try:
                base = read_gguf_header(Path(model.path))
            except (OSError, ValueError):
                base = None
        choices = [
            AdapterChoice(r, self.core.adapters.compatibility(r, base) if base else None)
            for r in records
        ]
        self.adapter_panel.set_choices(choices, model_loaded=model is not None)

    def _guarded_list(self, read: Callable[[], list[AdapterRecord]]) -> list[AdapterRecord]:
        try:
            return read()
        except StorageError as exc:
            self.show_error(str(exc))
            return []

    def _on_adapters_changed(self, active: tuple[ActiveAdapter, ...]) -> None:
        self.adapter_panel.set_active(active)

    def choose_adapter_file(self) -> None:
        path = file_dialogs.open_file(
            self.window_widget, "Import a LoRA adapter", "GGUF adapters (*.gguf);;All files (*)"
        )
        if path is not None:
            self.import_adapter_file(path)

    def import_adapter_file(self, path: Path) -> BackgroundTask:
        adapters = self.core.adapters
        task = BackgroundTask(
            lambda progress, cancel: adapters.import_adapter(
                path, progress=progress, cancel=cancel
            ),
            parent=self.window_widget,
        )
        task.succeeded.connect(self._on_adapter_imported)
        task.failed.connect(lambda message: self.show_error(f"Adapter import failed: {message}"))
        self.status.show_state(f"Checking {path.name}…")
        task.start()
        self._adapter_task = task
        return task

    def _on_adapter_imported(self, record: AdapterRecord) -> None:
        self._adapter_task = None
        self.status.show_state(f"Imported adapter {record.name}")
        self.refresh_adapters()
        self.show_side_tab(self.adapter_panel)

    def import_gguf(self, path: Path) -> BackgroundTask | None:
        """A dropped .gguf: a model or a LoRA adapter, told apart by its header."""
        try:
            kind = self.core.library.inspect(path).kind
        except (LibraryError, ValueError) as exc:
            self.show_error(f"Cannot import {path.name}: {exc}")
            return None
        if kind == "adapter":
            return self.import_adapter_file(path)
        return self.import_model_file(path)

    def choose_model_file(self) -> None:
        path = file_dialogs.open_file(
            self.window_widget, "Import a GGUF model", "GGUF models (*.gguf);;All files (*)"
        )
        if path is not None:
            self.import_model_file(path)

    def import_model_file(self, path: Path) -> BackgroundTask:
        """Validate and hash off the GUI thread (a 5 GB model takes a while), with progress."""
        library = self.core.library
        task = BackgroundTask(
            lambda progress, cancel: library.import_model(path, progress=progress, cancel=cancel),
            parent=self.window_widget,
        )
        task.progress.connect(self._on_import_progress)
        task.succeeded.connect(self._on_imported)
        task.failed.connect(lambda message: self.show_error(f"Import failed: {message}"))
        task.failed.connect(self._on_import_failed)
        self._import_task = task
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.show_state(f"Checking {path.name}…")
        task.start()
        return task

    def _on_import_failed(self, _message: str) -> None:
        self._import_task = None
        self.progress.hide()

    def _on_import_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _on_imported(self, record: ModelRecord) -> None:
        self._import_task = None
        self.progress.hide()
        self.status.show_state(f"Imported {record.name}")
        if self.core.settings.default_model_id is None or self.controller.loaded_model is None:
            self.core.save_settings(replace(self.core.settings, default_model_id=record.id))
            self.refresh_models()
            self.controller.load_model(record)
        else:
            self.refresh_models()
