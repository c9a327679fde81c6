"""The first-run screen's recommendation card: one catalog model, why it suits this computer,
how fast it will write here, and its download with progress, pause, resume and cancel.

The download itself is the catalog's (`DownloadManager` on a `DownloadTask` thread): resumable,
sha256-checked, registered in the library. The card only shows it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.library.catalog import CatalogEntry
from app.library.download import DownloadManager, DownloadResult
from app.library.machine import Machine
from app.library.recommendation import Recommendation, fit_here, fit_sentence, uses_text
from app.library.speed_estimate import SpeedEstimate, reading_comparison
from app.library.transfer_rate import TransferRate, human_bytes
from app.ui.common.i18n import tr
from app.ui.first_run.card_texts import (
    CardState,
    card_description,
    card_name,
    checked_against,
    license_note,
    primary_labels,
    speed_caption,
)
from app.ui.library.download_status import (
    paused_text,
    percent,
    phase_text,
    progress_text,
    verified_text,
)
from app.ui.library.download_task import DownloadTask

log = logging.getLogger(__name__)

SpeedFor = Callable[[CatalogEntry], SpeedEstimate]
CLOSE_WAIT_S: Final = 5.0
NARROW_CARD_WIDTH: Final = 760  # below this the model list moves above the buttons
MIN_CARD_WIDTH: Final = 520


class RecommendationCard(QFrame):
    """Shows `recommendation` (or another entry the user picks in the card's list)."""

    model_ready = Signal(int)  # the id of the model to use: downloaded now, or already here
    finished = Signal()  # "Start chatting" after a download: the screen may close
    busy_changed = Signal(bool)

    def __init__(
        self,
        recommendation: Recommendation[CatalogEntry],
        choices: Sequence[CatalogEntry],
        downloads: DownloadManager,
        machine: Machine,
        speed_for: SpeedFor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self._machine = machine
        self._recommendation = recommendation
        self._downloads = downloads
        self._speed_for = speed_for
        self._entry = recommendation.entry
        self._task: DownloadTask | None = None
        self._rate = TransferRate()
        self._phase = ""
        self._state = CardState.READY_TO_DOWNLOAD
        self._choices = [recommendation.entry] + [
            c for c in choices if c.id != recommendation.entry.id
        ]

        self.name_label = _label("cardTitle", wrap=True)
        self.badge = _label("badge")
        self.uses_label = _label("cardUses", wrap=True)
        self.good_for_label = _label("muted", wrap=True)
        self.speed_caption = _label("factCaption")
        self.speed_label = _label("statValue", wrap=True)
        self.speed_detail = _label("muted", wrap=True)
        self.size_label = _label("statValue")
        self.size_detail = _label("muted", wrap=True)
        self.license_label = _label("statValue", wrap=True)
        self.license_detail = _label("muted", wrap=True)
        self.reason_label = _label("reason", wrap=True)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setAccessibleName(tr("Download progress"))
        self.status_label = _label("status", wrap=True)
        self.error_title = _label("errorText", wrap=True)
        self.error_label = _label("errorDetail", wrap=True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.primary_button = QPushButton()
        self.primary_button.setObjectName("primary")
        self.primary_button.setDefault(True)
        self.pause_button = QPushButton(tr("Pause"))
        self.pause_button.setAccessibleName(tr("Pause download"))
        self.cancel_button = QPushButton(tr("Cancel download"))
        self.choice_box = QComboBox()
        self.choice_box.setAccessibleName(tr("Model to download"))
        self.choice_box.setToolTip(tr("Other catalog models that fit this computer"))
        self.choice_box.setAccessibleDescription(self.choice_box.toolTip())
        for entry in self._choices:
            self.choice_box.addItem(f"{entry.name} · {human_bytes(entry.size_bytes)}")
        # Long names are elided in the closed list rather than widening the screen.
        self.choice_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.choice_box.setMinimumContentsLength(22)
        self._build_layout()
        # Narrower than its widest row: resizeEvent then moves the model list to its own line.
        self.setMinimumWidth(MIN_CARD_WIDTH)

        self.primary_button.clicked.connect(self._primary)
        self.pause_button.clicked.connect(self.pause)
        self.cancel_button.clicked.connect(self.cancel)
        self.choice_box.currentIndexChanged.connect(self._on_choice)
        self._show_entry()

    def _build_layout(self) -> None:
        # The badge sits above the name, so a long name wraps only when the card is narrow.
        badge_row = QHBoxLayout()
        badge_row.addWidget(self.badge)
        badge_row.addStretch(1)
        stats = QHBoxLayout()
        stats.setSpacing(28)
        blocks = (
            (self.speed_caption, self.speed_label, self.speed_detail),
            (
                _label(
                    "factCaption", text=tr("Download", "caption above the size of the download")
                ),
                self.size_label,
                self.size_detail,
            ),
            (_label("factCaption", text=tr("Licence")), self.license_label, self.license_detail),
        )
        for caption, value, detail in blocks:
            block = QVBoxLayout()
            block.setSpacing(1)
            for label in (caption, value, detail):
                block.addWidget(label)
            block.addStretch(1)
            stats.addLayout(block, 1)
        actions = QHBoxLayout()
        actions.setSpacing(8)
        actions.addWidget(self.primary_button)
        actions.addWidget(self.pause_button)
        actions.addWidget(self.cancel_button)
        actions.addStretch(1)
        # Beside the buttons on a wide card, on a line of its own above them on a narrow one.
        self.choice_row = QWidget()
        choice = QHBoxLayout(self.choice_row)
        choice.setContentsMargins(0, 0, 0, 0)
        other = _label("muted", text=tr("Or another model:"))
        other.setBuddy(self.choice_box)
        choice.addWidget(other)
        choice.addWidget(self.choice_box)
        choice.addStretch(1)
        actions.addWidget(self.choice_row)
        self._actions = actions
        self._narrow_choice = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(8)
        layout.addLayout(badge_row)
        layout.addWidget(self.name_label)
        layout.addWidget(self.uses_label)
        layout.addWidget(self.good_for_label)
        layout.addSpacing(8)
        layout.addLayout(stats)
        layout.addSpacing(4)
        layout.addWidget(self.reason_label)
        layout.addSpacing(6)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status_label)
        layout.addWidget(self.error_title)
        layout.addWidget(self.error_label)
        layout.addLayout(self._narrow_choice)
        layout.addLayout(actions)

    def resizeEvent(self, event: QResizeEvent) -> None:
        narrow = event.size().width() < NARROW_CARD_WIDTH
        if narrow != (self._narrow_choice.indexOf(self.choice_row) >= 0):
            (self._actions if narrow else self._narrow_choice).removeWidget(self.choice_row)
            (self._narrow_choice if narrow else self._actions).addWidget(self.choice_row)
        super().resizeEvent(event)

    # ---- what the card shows --------------------------------------------------------------

    @property
    def entry(self) -> CatalogEntry:
        return self._entry

    @property
    def state(self) -> CardState:
        return self._state

    @property
    def busy(self) -> bool:
        return self._task is not None

    def select(self, entry_id: str) -> None:
        """Show another of the choices (as picking it in the card's list does)."""
        index = next(i for i, e in enumerate(self._choices) if e.id == entry_id)
        self.choice_box.setCurrentIndex(index)

    def _on_choice(self, index: int) -> None:
        if 0 <= index < len(self._choices) and not self.busy:
            self._entry = self._choices[index]
            self.error_title.hide()
            self.error_label.hide()
            self._show_entry()

    def _show_entry(self) -> None:
        entry = self._entry
        recommended = entry.id == self._recommendation.entry.id
        self.name_label.setText(entry.name)
        self.badge.setText(tr("Recommended") if recommended else tr("Your choice"))
        uses = uses_text(entry.uses)
        self.uses_label.setText(tr("Good for {uses}").format(uses=uses) if uses else "")
        self.uses_label.setVisible(bool(uses))
        self.good_for_label.setText(entry.good_for)
        speed = self._speed_for(entry)
        self.speed_caption.setText(speed_caption(speed))
        self.speed_label.setText(speed.text())
        self.speed_detail.setText(reading_comparison(speed.words_per_s))
        self.speed_label.setToolTip(
            tr("Estimated from {basis} and the model's size.").format(basis=speed.basis)
        )
        self.size_label.setText(human_bytes(entry.size_bytes))
        self.size_detail.setText(checked_against(entry))
        self.license_label.setText(entry.license)
        restricted = entry.commercial_use == "restricted"
        self.license_detail.setText(license_note(restricted))
        self.license_detail.setObjectName("warning" if restricted else "muted")
        self.style().unpolish(self.license_detail)  # the style sheet rule follows the new name
        self.style().polish(self.license_detail)
        if recommended:
            self.reason_label.setText(
                tr("Why this one: {reason}").format(reason=self._recommendation.reason)
            )
        else:
            fit = fit_sentence(fit_here(entry, self._machine))
            self.reason_label.setText(tr("On this computer: {fit}").format(fit=fit))
        self.setAccessibleName(card_name(entry, recommended))
        self.setAccessibleDescription(card_description(entry, uses, speed))
        self.refresh_state()

    # ---- state ----------------------------------------------------------------------------

    def refresh_state(self) -> None:
        """Downloaded already, partly downloaded (paused) or not yet."""
        if self._task is not None:
            self._set_state(CardState.DOWNLOADING)
        elif self._downloads.downloaded_record(self._entry) is not None:
            self._set_state(CardState.DOWNLOADED)
        elif kept := self._downloads.partial_bytes(self._entry):
            self.progress_bar.setValue(1000 * kept // max(1, self._entry.size_bytes))
            self.status_label.setText(
                tr("Paused at {percent}%: {done} of {total} downloaded.").format(
                    percent=percent(kept, self._entry.size_bytes),
                    done=human_bytes(kept),
                    total=human_bytes(self._entry.size_bytes),
                )
            )
            self._set_state(CardState.PAUSED)
        else:
            self._set_state(CardState.READY_TO_DOWNLOAD)

    def _set_state(self, state: CardState) -> None:
        keyboard_here = self._keyboard_in_card()  # before buttons are hidden or disabled
        self._state = state
        name = self._entry.name
        text, spoken = primary_labels(state, name, human_bytes(self._entry.size_bytes))
        self.primary_button.setText(text)
        self.primary_button.setAccessibleName(spoken)
        self.primary_button.setEnabled(state != CardState.DOWNLOADING)
        self.pause_button.setVisible(state == CardState.DOWNLOADING)
        self.pause_button.setEnabled(True)
        self.cancel_button.setVisible(state in (CardState.DOWNLOADING, CardState.PAUSED))
        self.cancel_button.setEnabled(True)
        shows_progress = state in (CardState.DOWNLOADING, CardState.PAUSED, CardState.FINISHED)
        self.progress_bar.setVisible(shows_progress)
        self.status_label.setVisible(shows_progress or state == CardState.DOWNLOADED)
        if state == CardState.DOWNLOADED:
            self.status_label.setText(tr("{name} is already on this computer.").format(name=name))
        self.error_title.setVisible(state == CardState.FAILED)
        self.error_label.setVisible(state == CardState.FAILED)
        self.choice_box.setEnabled(state != CardState.DOWNLOADING)
        if keyboard_here:
            self._move_keyboard_focus()

    def _keyboard_in_card(self) -> bool:
        focused = QApplication.focusWidget()
        return focused is None or self.isAncestorOf(focused)

    def _move_keyboard_focus(self) -> None:
        """After a button the keyboard was on was hidden or disabled (Qt then moves the focus
        to the next widget, anywhere on the screen): focus goes to what the user does next,
        Pause while downloading, else the primary action, so Enter keeps doing the obvious."""
        if not self.isVisible():
            return
        if self._state == CardState.DOWNLOADING:
            self.pause_button.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.primary_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.primary_button.setDefault(True)

    # ---- actions --------------------------------------------------------------------------

    def _primary(self) -> None:
        if self._state in (CardState.READY_TO_DOWNLOAD, CardState.PAUSED, CardState.FAILED):
            self.start_download()
        elif self._state == CardState.DOWNLOADED:
            record = self._downloads.downloaded_record(self._entry)
            if record is not None:
                self.model_ready.emit(record.id)
        elif self._state == CardState.FINISHED:
            self.finished.emit()

    def start_download(self) -> DownloadTask:
        """Start, or resume, downloading the entry shown."""
        if self._task is not None:
            raise RuntimeError("a download is already running")
        self._rate.reset()
        self._phase = ""
        task = DownloadTask(self._downloads, self._entry, parent=self)
        task.progress.connect(self._on_progress)
        task.phase_changed.connect(self._on_phase)
        task.succeeded.connect(self._on_succeeded)
        task.paused.connect(self._on_paused)
        task.cancelled.connect(self._on_cancelled)
        task.failed.connect(self._on_failed)
        self._task = task
        self.status_label.setText(tr("Starting {name}…").format(name=self._entry.name))
        task.start()
        self._set_state(CardState.DOWNLOADING)
        self.busy_changed.emit(True)
        return task

    def pause(self) -> None:
        if self._task is not None:
            self._task.pause()
            self.pause_button.setEnabled(False)
            self.status_label.setText(tr("Pausing…"))

    def cancel(self) -> None:
        """Stop a running download, or remove a paused one's partial file."""
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.status_label.setText(tr("Cancelling…"))
            return
        self._downloads.discard_partial(self._entry)
        self.progress_bar.setValue(0)
        self.refresh_state()

    def pause_running(self) -> None:
        """Closing the screen: a running download is paused and its partial file kept."""
        task = self._task
        if task is None:
            return
        task.pause()
        if not task.wait(CLOSE_WAIT_S):
            log.warning("the download of %s is still stopping", task.entry.id)

    # ---- task signals ---------------------------------------------------------------------

    def _on_phase(self, phase: str) -> None:
        if self._task is None:
            return
        self._phase = phase
        if phase == "downloading":
            self._rate.reset()
        self.status_label.setText(phase_text(phase, self._entry.name, self._downloads.endpoint))

    def _on_progress(self, done: int, total: int) -> None:
        if self._task is None:
            return
        self.progress_bar.setValue(1000 * min(done, max(total, 1)) // max(total, 1))
        if self._phase == "downloading":
            self._rate.add(done)
            self.status_label.setText(progress_text(self._entry.name, done, total, self._rate))

    def _on_succeeded(self, result: DownloadResult) -> None:
        self._end_task()
        self.progress_bar.setValue(self.progress_bar.maximum())
        self._set_state(CardState.FINISHED)
        self.status_label.setText(
            tr("{name} is ready ({checked}). Hearth uses it from now on.").format(
                name=self._entry.name, checked=verified_text(result)
            )
        )
        self.model_ready.emit(result.record.id)

    def _on_paused(self, kept: int) -> None:
        self._end_task()
        self.refresh_state()
        self.status_label.setText(paused_text(self._entry.name, kept))

    def _on_cancelled(self) -> None:
        self._end_task()
        self.progress_bar.setValue(0)
        self.refresh_state()

    def _on_failed(self, message: str) -> None:
        self._end_task()
        self.progress_bar.setValue(0)
        title = tr("Could not download {name}").format(name=self._entry.name)
        self.error_title.setText(title)
        self.error_label.setText(message[:1].upper() + message[1:].rstrip(".") + ".")
        self.error_label.setAccessibleName(f"{title}: {message}")
        self._set_state(CardState.FAILED)

    def _end_task(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.deleteLater()
        self.busy_changed.emit(False)


def _label(object_name: str, *, wrap: bool = False, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(object_name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if wrap:
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label
