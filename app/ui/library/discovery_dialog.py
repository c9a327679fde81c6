"""Find models on this computer: those other apps downloaded, or any folder the user picks.

Looking runs off the GUI thread (folders can be large); adding hashes each file (minutes for a
big model), also off the GUI thread, with progress and Cancel. Models are linked where they are
unless the user ticks "Copy into Hearth's models folder".
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.library.discovery import FoundModel, discover_other_apps, scan_folder
from app.library.fit import format_bytes
from app.library.hashing import HashCancelled
from app.library.model_library import LibraryError, ModelLibrary
from app.ui.common import file_dialogs
from app.ui.common.background_task import BackgroundTask
from app.ui.common.i18n import tr, tr_n

COLUMNS = ("Model", "From", "Size", "Location")
_PATH_ROLE = Qt.ItemDataRole.UserRole


def _sources() -> str:
    return tr("LM Studio, Ollama, GPT4All, Jan or the Hugging Face cache")


@dataclass
class AddResult:
    added: list[int] = field(default_factory=list)  # model ids
    added_paths: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # "name: why"
    cancelled: bool = False


def add_models(
    library: ModelLibrary,
    models: list[FoundModel],
    *,
    copy: bool,
    progress: Callable[[int, int], None],
    cancel: threading.Event,
) -> AddResult:
    """Import each model in turn; one that fails does not stop the others. Progress counts the
    bytes of all of them; Cancel keeps those already added."""
    result = AddResult()
    total = sum(m.size_bytes for m in models) or 1
    before = 0
    for model in models:
        if cancel.is_set():
            result.cancelled = True
            break

        def report(done: int, _total: int, base: int = before) -> None:
            progress(base + done, total)

        try:
            record = library.import_model(model.path, copy=copy, progress=report, cancel=cancel)
        except HashCancelled:
            result.cancelled = True
            break
        except (LibraryError, ValueError, OSError) as exc:  # GgufError is a ValueError
            result.failures.append(f"{model.name}: {exc}")
        else:
            result.added.append(record.id)
            result.added_paths.append(model.path)
        before += model.size_bytes
        progress(before, total)
    return result


class DiscoveryDialog(QDialog):
    """Lists models found on this computer with a checkbox each; "Add selected" registers them.

    `home` and `env` replace the user's home folder and environment (tests build fake app
    folders under a temporary directory)."""

    models_added = Signal(list)  # ids of the models just added

    def __init__(
        self,
        library: ModelLibrary,
        *,
        home: Path | None = None,
        env: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Find models on this computer"))
        self.resize(820, 460)
        self._library = library
        self._home = home
        self._env: Mapping[str, str] = env if env is not None else os.environ
        self._task: BackgroundTask | None = None
        self._found: dict[Path, FoundModel] = {}

        intro = QLabel(
            tr(
                "Hearth looks for GGUF models that {sources} already keep on this computer. "
                "Tick the ones to use; they are added without copying unless you ask for a copy."
            ).format(sources=_sources())
        )
        intro.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setColumnCount(len(COLUMNS))
        self.table.setHeaderLabels([tr("Model"), tr("From"), tr("Size"), tr("Location")])
        self.table.setAccessibleName(tr("Models found"))
        self.table.header().setAccessibleName(tr("Columns"))
        self.table.setAccessibleDescription(
            tr("Tick the models to add; Space ticks or clears the current row.")
        )
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # keep the file name visible
        header = self.table.header()
        header.setStretchLastSection(True)
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemChanged.connect(self._update_buttons)

        self.copy_files = QCheckBox(tr("Copy into Hearth's models folder"))
        self.copy_files.setToolTip(
            tr(
                "Off: Hearth uses each file where it is and needs no extra disk space. "
                "On: Hearth keeps its own copy, which stays if the other app deletes its file."
            )
        )
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.hide()

        self.scan_button = QPushButton(tr("Scan folder…"))
        self.scan_button.clicked.connect(self._choose_folder)
        self.add_button = QPushButton(tr("Add selected"))
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self.add_selected)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button = QPushButton(tr("Close"))
        self.close_button.clicked.connect(self.reject)

        buttons = QHBoxLayout()
        buttons.addWidget(self.scan_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.copy_files)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        self._update_buttons()

    # ---- looking -----------------------------------------------------------------------------

    def _known_paths(self) -> list[str]:
        return [record.path for record in self._library.list()]

    def start_discovery(self) -> BackgroundTask:
        """Look in the other apps' folders (off the GUI thread)."""
        known, home, env = self._known_paths(), self._home, self._env
        return self._run_search(
            lambda cancel: discover_other_apps(home, env, known=known, cancel=cancel),
            looking=tr("Looking in {place}…").format(place=_sources()),
            none_found=tr(
                "No new models found in {sources}. Use Scan folder… to look elsewhere."
            ).format(sources=_sources()),
        )

    def scan(self, folder: Path) -> BackgroundTask:
        """Look in `folder` and its subfolders (off the GUI thread)."""
        known = self._known_paths()
        return self._run_search(
            lambda cancel: scan_folder(folder, known=known, cancel=cancel),
            looking=tr("Looking in {place}…").format(place=folder),
            none_found=tr("No new GGUF models in {folder}.").format(folder=folder),
        )

    def _choose_folder(self) -> None:
        chosen = file_dialogs.choose_folder(self, tr("Scan a folder for GGUF models"))
        if chosen is not None:
            self.scan(chosen)

    def _run_search(
        self,
        search: Callable[[threading.Event], list[FoundModel]],
        *,
        looking: str,
        none_found: str,
    ) -> BackgroundTask:
        task = BackgroundTask(lambda _progress, cancel: search(cancel), parent=self)
        task.succeeded.connect(lambda found: self._on_found(found, none_found))
        task.failed.connect(self._on_search_failed)
        self._start(task, looking, busy=True)
        return task

    def _on_found(self, found: object, none_found: str) -> None:
        self._finish()
        assert isinstance(found, list)
        new = [m for m in found if isinstance(m, FoundModel) and m.path not in self._found]
        for model in new:
            self._found[model.path] = model
            self.table.addTopLevelItem(self._row(model))
        if new:
            self.status.setText(
                tr_n(
                    len(new),
                    "Found {n} new model. Tick the ones to add.",
                    "Found {n} new models. Tick the ones to add.",
                )
            )
        else:
            self.status.setText(none_found)
        self._update_buttons()

    def _on_search_failed(self, message: str) -> None:
        cancelled = self._task is not None and self._task.cancel_event.is_set()
        self._finish()
        self.status.setText(
            tr("Stopped looking.")
            if cancelled
            else tr("Could not look: {message}").format(message=message)
        )

    @staticmethod
    def _row(model: FoundModel) -> QTreeWidgetItem:
        source = f"{model.source} ({model.origin})" if model.origin else model.source
        location = str(model.path)
        item = QTreeWidgetItem([model.name, source, format_bytes(model.size_bytes), location])
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(0, Qt.CheckState.Checked)
        item.setData(0, _PATH_ROLE, str(model.path))
        item.setToolTip(3, str(model.path))
        item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    # ---- adding ------------------------------------------------------------------------------

    def _rows(self) -> Iterable[QTreeWidgetItem]:
        for index in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(index)
            if item is not None:
                yield item

    def selected_models(self) -> list[FoundModel]:
        return [
            self._found[Path(item.data(0, _PATH_ROLE))]
            for item in self._rows()
            if item.checkState(0) == Qt.CheckState.Checked
        ]

    def add_selected(self) -> BackgroundTask | None:
        models = self.selected_models()
        if not models or self._task is not None:
            return None
        library, copy = self._library, self.copy_files.isChecked()
        task = BackgroundTask(
            lambda progress, cancel: add_models(
                library, models, copy=copy, progress=progress, cancel=cancel
            ),
            parent=self,
        )
        task.progress.connect(self._on_progress)
        task.succeeded.connect(self._on_added)
        task.failed.connect(self._on_add_failed)
        if copy:
            doing = tr_n(
                len(models),
                "Copying and checking {n} model (reading every byte takes a while)…",
                "Copying and checking {n} models (reading every byte takes a while)…",
            )
        else:
            doing = tr_n(
                len(models),
                "Checking {n} model (reading every byte takes a while)…",
                "Checking {n} models (reading every byte takes a while)…",
            )
        self._start(task, doing)
        return task

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _on_added(self, result: object) -> None:
        self._finish()
        assert isinstance(result, AddResult)
        added = set(result.added_paths)
        for item in list(self._rows()):
            if Path(item.data(0, _PATH_ROLE)) in added:
                self.table.takeTopLevelItem(self.table.indexOfTopLevelItem(item))
        parts = []
        if result.added:
            parts.append(tr_n(len(result.added), "Added {n} model.", "Added {n} models."))
        if result.cancelled:
            parts.append(tr("Cancelled; the rest were not added."))
        if result.failures:
            parts.append(tr("Could not add {failures}").format(failures="; ".join(result.failures)))
        self.status.setText(" ".join(parts) or tr("Nothing was added."))
        self._update_buttons()
        if result.added:
            self.models_added.emit(list(result.added))

    def _on_add_failed(self, message: str) -> None:
        self._finish()
        self.status.setText(tr("Could not add the models: {message}").format(message=message))

    # ---- shared ------------------------------------------------------------------------------

    def _start(self, task: BackgroundTask, message: str, *, busy: bool = False) -> None:
        self._task = task
        self.status.setText(message)
        if busy:
            self.progress.setRange(0, 0)  # no known total while looking
        else:
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
        self.progress.show()
        self._update_buttons()
        task.start()

    def _finish(self) -> None:
        self._task = None
        self.progress.hide()
        self._update_buttons()

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.status.setText(tr("Cancelling…"))

    def _update_buttons(self, *_args: object) -> None:
        running = self._task is not None
        self.cancel_button.setEnabled(running)
        self.scan_button.setEnabled(not running)
        self.copy_files.setEnabled(not running)
        self.table.setEnabled(not running)
        self.add_button.setEnabled(not running and bool(self.selected_models()))

    def reject(self) -> None:
        """Closing stops a running scan or import first (an import keeps what it finished)."""
        if self._task is not None:
            self._task.cancel()
            self._task.wait(10)
        super().reject()
