""" "Get models": the curated catalog by size band, with one download at a time.

The download runs on a worker thread (`DownloadTask`); this dialog only shows its progress,
speed and errors, and offers Pause/Resume and Cancel. A paused download keeps its partial file,
also when the dialog is closed or the app quits, and resumes from there later.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from html import escape
from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
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

from app.library.catalog import Catalog, CatalogEntry
from app.library.download import DownloadManager, DownloadResult
from app.library.transfer_rate import TransferRate, human_bytes
from app.ui.common.i18n import tr
from app.ui.common.theme import error_color, tokens_for
from app.ui.library.catalog_columns import (
    MAX_WIDTH,
    Column,
    fit_text,
    headers,
    licence_text,
    tier_text,
)
from app.ui.library.download_status import paused_text, phase_text, progress_text, verified_text
from app.ui.library.download_task import DownloadTask

log = logging.getLogger(__name__)

FitLabel = Callable[[CatalogEntry], str]
ENTRY_ROLE: Final = Qt.ItemDataRole.UserRole + 1
CLOSE_WAIT_S: Final = 5.0


class CatalogDialog(QDialog):
    model_downloaded = Signal(int)  # the new model's id in the library

    def __init__(
        self,
        catalog: Catalog,
        downloads: DownloadManager,
        *,
        fit_for: FitLabel | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Get models"))
        self.resize(1120, 640)
        self._catalog = catalog
        self._downloads = downloads
        self._fit_for = fit_for
        self._task: DownloadTask | None = None
        self._rate = TransferRate()
        self._phase = ""
        self._items: dict[str, QTreeWidgetItem] = {}

        intro = QLabel(
            tr(
                "Instruct models in GGUF format, downloaded from {endpoint} into your models "
                "folder and checked before use. Nothing else leaves this computer."
            ).format(endpoint=downloads.endpoint)
        )
        intro.setWordWrap(True)
        self.tree = self._make_tree()
        self.details_label = QLabel()
        self.details_label.setWordWrap(True)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_banner, self.error_label = self._make_error_banner()
        self.status_label = QLabel(tr("Choose a model to download."))
        self.status_label.setWordWrap(True)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setValue(0)
        self.progress_bar.setTextVisible(True)
        self.progress_bar.setFormat("")
        self.download_button = QPushButton(tr("Download"))
        self.download_button.setDefault(True)
        self.pause_button = QPushButton(tr("Pause"))
        self.cancel_button = QPushButton(tr("Cancel download"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        actions = QHBoxLayout()
        actions.addWidget(self.download_button)
        actions.addWidget(self.pause_button)
        actions.addWidget(self.cancel_button)
        actions.addStretch(1)
        actions.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.details_label)
        layout.addWidget(self.error_banner)
        layout.addWidget(self.status_label)
        layout.addWidget(self.progress_bar)
        layout.addLayout(actions)

        self.download_button.clicked.connect(self.start_selected)
        self.pause_button.clicked.connect(self._pause_or_resume)
        self.cancel_button.clicked.connect(self.cancel_download)
        self.tree.itemSelectionChanged.connect(self._on_selection)
        self._fill()
        self._update_buttons()

    # ---- construction --------------------------------------------------------------------

    def _make_tree(self) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setColumnCount(len(Column))
        tree.setHeaderLabels([headers()[c] for c in Column])
        tree.setAccessibleName(tr("Models to download"))
        tree.header().setAccessibleName(tr("Columns"))
        tree.setAccessibleDescription(
            tr("Grouped by size; each row gives the download size, licence and fit.")
        )
        tree.setRootIsDecorated(False)
        tree.setAlternatingRowColors(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setUniformRowHeights(True)
        header = tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        tree.setColumnHidden(Column.FIT, self._fit_for is None)
        return tree

    def _make_error_banner(self) -> tuple[QWidget, QLabel]:
        banner = QWidget()
        banner.setObjectName("errorBanner")
        banner.setProperty("role", "banner")
        banner.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(banner)
        row.setContentsMargins(12, 6, 6, 6)
        label = QLabel()
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(label, 1)
        banner.hide()
        return banner, label

    def _fill(self) -> None:
        bold = QFont(self.font())
        bold.setBold(True)
        for band, entries in self._catalog.by_band():
            group = QTreeWidgetItem([band.label])
            group.setFont(Column.NAME, bold)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: not selectable
            self.tree.addTopLevelItem(group)
            group.setFirstColumnSpanned(True)
            for entry in entries:
                item = QTreeWidgetItem(group)
                item.setData(Column.NAME, ENTRY_ROLE, entry.id)
                item.setText(Column.NAME, f"{entry.name}  ·  {entry.quantization}")
                item.setToolTip(Column.NAME, f"{entry.repo}/{entry.file} @ {entry.revision}")
                item.setText(Column.SIZE, human_bytes(entry.size_bytes))
                item.setTextAlignment(Column.SIZE, Qt.AlignmentFlag.AlignRight)
                restricted = entry.commercial_use == "restricted"
                licence = (
                    tr("{licence} (no business use)").format(licence=entry.license)
                    if restricted
                    else entry.license
                )
                item.setText(Column.LICENSE, licence)
                item.setToolTip(Column.LICENSE, licence_text(entry))
                item.setText(Column.CONTEXT, f"{entry.context_length:,}")
                item.setTextAlignment(Column.CONTEXT, Qt.AlignmentFlag.AlignRight)
                item.setText(Column.GOOD_FOR, entry.good_for)
                item.setToolTip(Column.GOOD_FOR, entry.good_for)
                self._set_fit(item, entry)
                self._items[entry.id] = item
            group.setExpanded(True)
        self.refresh_states()
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Width from the texts themselves: ResizeToContents ignores the child indentation and
        the spanned band headings, and clipped "Downloading…" by a few pixels."""
        metrics = self.tree.fontMetrics()
        header = self.tree.headerItem()
        for column in Column:
            if column == Column.GOOD_FOR:
                continue
            texts = [header.text(column)] + [item.text(column) for item in self._items.values()]
            if column == Column.STATUS:
                texts += [tr("Downloading…"), tr("Paused at {percent}%"), tr("Downloaded")]
            width = max(metrics.horizontalAdvance(text) for text in texts) + 24
            if column == Column.NAME:
                width += self.tree.indentation()
            self.tree.setColumnWidth(column, min(width, MAX_WIDTH.get(column, width)))

    def _set_fit(self, item: QTreeWidgetItem, entry: CatalogEntry) -> None:
        if self._fit_for is None:
            return
        try:
            label = self._fit_for(entry)
        except Exception:  # an estimate must never break the catalog
            log.exception("fit estimate failed for %s", entry.id)
            label = "?"
        item.setText(Column.FIT, fit_text(label))
        palette = self.palette()
        if label == "won't fit":
            item.setForeground(Column.FIT, QBrush(error_color(palette)))
        elif label == "tight":
            colour = tokens_for(palette).warning
            item.setForeground(Column.FIT, QBrush(QColor(colour)))

    # ---- state ----------------------------------------------------------------------------

    def entry_item(self, entry_id: str) -> QTreeWidgetItem:
        return self._items[entry_id]

    def selected_entry(self) -> CatalogEntry | None:
        items = self.tree.selectedItems()
        entry_id = items[0].data(Column.NAME, ENTRY_ROLE) if items else None
        return self._catalog.get(str(entry_id)) if entry_id else None

    def select(self, entry_id: str) -> None:
        self.tree.setCurrentItem(self._items[entry_id])

    def refresh_states(self) -> None:
        """The Status column: downloaded, partly downloaded (paused) or nothing."""
        for entry in self._catalog:
            item = self._items[entry.id]
            if self._task is not None and self._task.entry.id == entry.id:
                text = tr("Downloading…")
            elif self._downloads.downloaded_record(entry) is not None:
                text = tr("Downloaded")
            elif kept := self._downloads.partial_bytes(entry):
                percent = min(99, 100 * kept // entry.size_bytes)
                text = tr("Paused at {percent}%").format(percent=percent)
            else:
                text = ""
            item.setText(Column.STATUS, text)
        self._update_buttons()

    def _on_selection(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            self.details_label.setText("")
        else:
            tiers = [tier_text(t) for t in entry.recommended_for]
            pick = (
                " " + tr("Hearth's pick for {tiers}.").format(tiers=tr(" and ").join(tiers))
                if tiers
                else ""
            )
            self.details_label.setText(
                tr(
                    "<b>{name}</b> ({released}): {good_for}{pick}<br>{repo} / {file} at commit "
                    "{revision} · {licence}"
                ).format(
                    name=escape(entry.name),
                    released=escape(entry.released),
                    good_for=escape(entry.good_for),
                    pick=escape(pick, quote=False),
                    repo=escape(entry.repo),
                    file=escape(entry.file),
                    revision=escape(entry.revision[:12]),
                    licence=escape(licence_text(entry), quote=False),
                )
            )
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self._task is not None
        entry = self.selected_entry()
        downloaded = entry is not None and self._downloads.downloaded_record(entry) is not None
        partial = entry is not None and not running and self._downloads.partial_bytes(entry) > 0
        # A paused download continues with Resume; Download is for a fresh start.
        self.download_button.setEnabled(
            entry is not None and not running and not downloaded and not partial
        )
        self.pause_button.setText(tr("Pause") if running or not partial else tr("Resume"))
        self.pause_button.setEnabled(running or partial)
        self.cancel_button.setEnabled(running or partial)

    # ---- actions --------------------------------------------------------------------------

    def start_selected(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self.start_download(entry)

    def start_download(self, entry: CatalogEntry) -> DownloadTask:
        """Start (or resume) downloading `entry`; one download at a time."""
        if self._task is not None:
            raise RuntimeError("a download is already running")
        self.error_banner.hide()
        self._rate.reset()
        self._phase = ""
        task = DownloadTask(self._downloads, entry, parent=self)
        task.progress.connect(self._on_progress)
        task.phase_changed.connect(self._on_phase)
        task.succeeded.connect(self._on_succeeded)
        task.paused.connect(self._on_paused)
        task.cancelled.connect(self._on_cancelled)
        task.failed.connect(self._on_failed)
        self._task = task
        self.status_label.setText(tr("Starting {name}…").format(name=entry.name))
        task.start()
        self.refresh_states()
        return task

    def _pause_or_resume(self) -> None:
        if self._task is not None:
            self._task.pause()
            self.pause_button.setEnabled(False)
            self.status_label.setText(tr("Pausing…"))
        else:
            self.start_selected()

    def cancel_download(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.status_label.setText(tr("Cancelling…"))
            return
        entry = self.selected_entry()
        if entry is not None:
            self._downloads.discard_partial(entry)
            self.status_label.setText(
                tr("The partial download of {name} was removed.").format(name=entry.name)
            )
            self.progress_bar.setValue(0)
            self.progress_bar.setFormat("")
            self.refresh_states()

    # ---- task signals ---------------------------------------------------------------------

    def _on_phase(self, phase: str) -> None:
        task = self._task
        if task is None:
            return
        self._phase = phase
        if phase == "downloading":
            self._rate.reset()
        self.status_label.setText(phase_text(phase, task.entry.name, self._downloads.endpoint))

    def _on_progress(self, done: int, total: int) -> None:
        task = self._task
        if task is None:
            return
        total = max(total, 1)
        self.progress_bar.setValue(1000 * min(done, total) // total)
        self.progress_bar.setFormat(f"{100 * min(done, total) // total}%")
        if self._phase != "downloading":
            return  # verifying/registering: the bar alone shows the hashing progress
        self._rate.add(done)
        self.status_label.setText(progress_text(task.entry.name, done, total, self._rate))

    def _on_succeeded(self, result: DownloadResult) -> None:
        name = self._finish_task()
        self.progress_bar.setValue(self.progress_bar.maximum())
        self.progress_bar.setFormat("100%")
        self.status_label.setText(
            tr("{name} is ready ({verified_text}).").format(
                name=name, verified_text=verified_text(result)
            )
        )
        self.refresh_states()
        self.model_downloaded.emit(result.record.id)

    def _on_paused(self, kept: int) -> None:
        name = self._finish_task()
        self.status_label.setText(paused_text(name, kept))
        self.refresh_states()

    def _on_cancelled(self) -> None:
        name = self._finish_task()
        self.progress_bar.setValue(0)
        self.progress_bar.setFormat("")
        self.status_label.setText(tr("Cancelled the download of {name}.").format(name=name))
        self.refresh_states()

    def _on_failed(self, message: str) -> None:
        name = self._finish_task()
        self.progress_bar.setValue(0)
        self.progress_bar.setFormat("")
        self.error_label.setText(
            tr("Could not download {name}: {message}").format(name=name, message=message)
        )
        self.error_banner.show()
        self.status_label.setText("")
        self.refresh_states()

    def _finish_task(self) -> str:
        task, self._task = self._task, None
        if task is None:
            return ""
        task.deleteLater()
        return task.entry.name

    # ---- closing --------------------------------------------------------------------------

    def done(self, result: int) -> None:
        """Closing pauses a running download (the partial file is kept for later)."""
        self.pause_running()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.pause_running()
        super().closeEvent(event)

    def pause_running(self) -> None:
        task = self._task
        if task is None:
            return
        task.pause()
        if not task.wait(CLOSE_WAIT_S):
            log.warning("the download of %s is still stopping", task.entry.id)
