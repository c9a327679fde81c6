"""The main window's side of the first-run screen: when it opens, what it is shown, and what
the user's choice there does."""

from __future__ import annotations

from dataclasses import replace

from app.library.catalog import CatalogEntry, CatalogError, load_catalog
from app.library.download import DownloadManager
from app.library.first_run import first_run_due, is_starter
from app.library.machine import Machine
from app.library.recommendation import alternatives, recommend
from app.library.speed_estimate import cpu_memory_throughput, estimate_speed
from app.storage.records import ModelRecord
from app.ui.common.background_task import BackgroundTask
from app.ui.first_run.first_run_screen import FirstRunFacts, FirstRunScreen
from app.ui.shell.window_parts import WindowParts


class FirstRunActions(WindowParts):
    _first_run_screen: FirstRunScreen | None = None
    _first_run_probe: BackgroundTask | None = None

    def first_run_due(self) -> bool:
        """At start: not dismissed, and no model but the starter registered."""
        return first_run_due(
            dismissed=self.core.settings.first_run_dismissed,
            models=self.core.models.list(),
            starter_model_id=self._starter_model_id(),
            starter_problem=self._starter_problem(),
        )

    def show_first_run_if_due(self) -> BackgroundTask | None:
        """At start, when due: the screen opens once the memory is measured. Returns the
        measurement's task (None: not due)."""
        return self.request_first_run(first_start=True) if self.first_run_due() else None

    def request_first_run(self, *, first_start: bool = False) -> BackgroundTask:
        """Measure the memory off the GUI thread (allocating the probe's buffers takes a
        second on a slow machine, at start while the model loads), then open the screen. The
        figure is kept for the run, so the next time the screen opens at once."""
        task = BackgroundTask(
            lambda _progress, _cancel: cpu_memory_throughput(), self.window_widget
        )
        task.succeeded.connect(lambda _rate: self.open_first_run(first_start=first_start))
        task.failed.connect(lambda _message: self.open_first_run(first_start=first_start))
        task.start()
        self._first_run_probe = task
        return task

    def open_first_run(self, *, first_start: bool = False) -> FirstRunScreen:
        """Help → Choose a model…; at start with `first_start`. One screen at a time."""
        current = self._first_run_screen
        if current is not None and current.isVisible():
            current.raise_()
            current.activateWindow()
            return current
        screen = FirstRunScreen(
            self.first_run_facts(first_start=first_start),
            DownloadManager(self.core.library),
            parent=self.window_widget,
        )
        screen.keep_starter.connect(self._keep_starter_model)
        screen.model_chosen.connect(self._use_chosen_model)
        screen.find_requested.connect(self.open_discovery)
        screen.import_requested.connect(self.choose_model_file)
        screen.catalog_requested.connect(self.open_catalog)
        screen.show()
        screen.raise_()
        self._first_run_screen = screen
        return screen

    def first_run_facts(self, *, first_start: bool = False) -> FirstRunFacts:
        from app.engine.backends import backend_label, gpu_memory  # llama.cpp's devices, now

        machine = Machine.current(gpu_memory(), backend_label(-1))
        catalog_problem = None
        try:
            entries = load_catalog().entries
        except CatalogError as exc:
            entries, catalog_problem = (), str(exc)
        starter = self._starter_record()
        default = self.core.default_model()
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

    # ---- the user's choice ----------------------------------------------------------------

    def _keep_starter_model(self) -> None:
        self.core.save_settings(replace(self.core.settings, first_run_dismissed=True))
        starter = self._starter_record()
        default = self.core.default_model()
        if starter is not None and (default is None or default.id != starter.id):
            self._on_default_chosen(starter.id)

    def _use_chosen_model(self, model_id: int) -> None:
        self._on_default_chosen(model_id)
        if self._models_dialog is not None:
            self._models_dialog.refresh()

    # ---- the starter (app/library/bundled_starter.py reports on the bundled file) ---------

    def _starter_record(self) -> ModelRecord | None:
        starter_id = self._starter_model_id()
        return next((r for r in self.core.models.list() if is_starter(r, starter_id)), None)

    def _starter_model_id(self) -> int | None:
        status = getattr(self.core, "starter_status", None)
        model_id = getattr(status, "model_id", None)
        return model_id if isinstance(model_id, int) else None

    def _starter_problem(self) -> str | None:
        status = getattr(self.core, "starter_status", None)
        problem = getattr(status, "problem", None)
        return problem if isinstance(problem, str) and problem else None
