"""The first-run screen seen from the window: when it opens, what it is shown, and what the
user's choice there asks of the library."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.library.bundled_starter import StarterStatus
from app.library.catalog import CatalogEntry, CatalogError, load_catalog
from app.library.download import DownloadManager
from app.library.first_run import first_run_due, is_starter
from app.library.machine import Machine
from app.library.model_library import ModelLibrary, ModelStore
from app.library.recommendation import alternatives, recommend
from app.library.speed_estimate import cpu_memory_throughput, estimate_speed
from app.storage.records import ModelRecord
from app.ui.common.background_task import BackgroundTask
from app.ui.common.profile import Profile
from app.ui.first_run.first_run_screen import FirstRunFacts, FirstRunScreen


class FirstRunController(QObject):
    model_chosen = Signal(int)  # downloaded or picked on the screen: it becomes the default
    default_chosen = Signal(int)  # the starter kept: it becomes the default again
    find_requested = Signal()
    import_requested = Signal()
    catalog_requested = Signal()

    def __init__(
        self,
        library: ModelLibrary,
        *,
        models: ModelStore,
        profile: Profile,
        starter: Callable[[], StarterStatus],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._window = parent
        self._library = library
        self._models = models
        self._profile = profile
        self._starter = starter  # read each time: the core reports on the bundled file
        self.screen: FirstRunScreen | None = None
        self.probe: BackgroundTask | None = None

    def due(self) -> bool:
        """At start: not dismissed, and no model but the starter registered."""
        return first_run_due(
            dismissed=self._profile.settings.first_run_dismissed,
            models=self._models.list(),
            starter_model_id=self._starter_model_id(),
            starter_problem=self._starter_problem(),
        )

    def show_if_due(self) -> BackgroundTask | None:
        """At start, when due: the screen opens once the memory is measured. Returns the
        measurement's task (None: not due)."""
        return self.request(first_start=True) if self.due() else None

    def request(self, *, first_start: bool = False) -> BackgroundTask:
        """Measure the memory off the GUI thread (allocating the probe's buffers takes a
        second on a slow machine, at start while the model loads), then open the screen. The
        figure is kept for the run, so the next time the screen opens at once."""
        task = BackgroundTask(lambda _progress, _cancel: cpu_memory_throughput(), self._window)
        task.succeeded.connect(lambda _rate: self.open(first_start=first_start))
        task.failed.connect(lambda _message: self.open(first_start=first_start))
        task.start()
        self.probe = task
        return task

    def open(self, *, first_start: bool = False) -> FirstRunScreen:
        """Help → Choose a model…; at start with `first_start`. One screen at a time."""
        current = self.screen
        if current is not None and current.isVisible():
            current.raise_()
            current.activateWindow()
            return current
        screen = FirstRunScreen(
            self.facts(first_start=first_start),
            DownloadManager(self._library),
            parent=self._window,
        )
        screen.keep_starter.connect(self._keep_starter_model)
        screen.model_chosen.connect(self.model_chosen)
        screen.find_requested.connect(self.find_requested)
        screen.import_requested.connect(self.import_requested)
        screen.catalog_requested.connect(self.catalog_requested)
        screen.show()
        screen.raise_()
        self.screen = screen
        return screen

    def facts(self, *, first_start: bool = False) -> FirstRunFacts:
        from app.engine.backends import backend_label, gpu_memory  # llama.cpp's devices, now

        machine = Machine.current(gpu_memory(), backend_label(-1))
        catalog_problem = None
        try:
            entries = load_catalog().entries
        except CatalogError as exc:
            entries, catalog_problem = (), str(exc)
        starter = self._starter_record()
        default = self._profile.default_model()
        cpu_bytes_per_s = cpu_memory_throughput()

        def words_per_s(entry: CatalogEntry) -> float:
            return estimate_speed(entry.size_bytes, machine, cpu_bytes_per_s).words_per_s

        return FirstRunFacts(
            machine=machine,
            cpu_bytes_per_s=cpu_bytes_per_s,
            recommendation=recommend(entries, machine, words_per_s=words_per_s),
            choices=tuple(alternatives(entries, machine)),
            catalog_problem=catalog_problem,
            starter=starter,
            starter_in_use=default is None or (starter is not None and default.id == starter.id),
            starter_problem=self._starter_problem(),
            first_start=first_start,
        )

    def _keep_starter_model(self) -> None:
        self._profile.save_settings(replace(self._profile.settings, first_run_dismissed=True))
        starter = self._starter_record()
        default = self._profile.default_model()
        if starter is not None and (default is None or default.id != starter.id):
            self.default_chosen.emit(starter.id)

    # ---- the starter (app/library/bundled_starter.py reports on the bundled file) ---------

    def _starter_record(self) -> ModelRecord | None:
        starter_id = self._starter_model_id()
        return next((r for r in self._models.list() if is_starter(r, starter_id)), None)

    def _starter_model_id(self) -> int | None:
        return self._starter().model_id

    def _starter_problem(self) -> str | None:
        return self._starter().problem or None
