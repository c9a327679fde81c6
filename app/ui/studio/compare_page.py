"""Step 3 of the Studio: the adapter's card, the held-out answers before and after with the
user's thumbs, and the buttons that put the adapter to use."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.training.records import AdapterCard
from app.ui.common.i18n import tr, tr_n
from app.ui.studio.evaluation_view import EvaluationTable


def describe_card(card: AdapterCard) -> str:
    hyper = card.hyperparameters
    targets = ",".join(str(t) for t in hyper.get("targets", []))

    def percent(value: float | None) -> str:
        return tr("n/a") if value is None else f"{value:.0%}"

    loss = tr("n/a") if card.final_loss is None else f"{card.final_loss:.3f}"
    examples = tr_n(len(card.evaluation.rows), "{n} example", "{n} examples")
    steps = tr_n(card.steps, "{n} step", "{n} steps")
    return "<br>".join(
        (
            tr("<b>{name}</b> for {base} (base sha256 {sha}…)").format(
                name=card.name, base=card.base_name, sha=card.base_sha256[:12]
            ),
            tr("Held-out score: <b>{before}</b> before, <b>{after}</b> after ({examples})").format(
                before=percent(card.score_before),
                after=percent(card.score_after),
                examples=examples,
            ),
            tr(
                "{steps} in {seconds} s, final loss {loss}; rank {rank}, alpha {alpha}, "
                "targets {targets}, {epochs} epochs, learning rate {rate}"
            ).format(
                steps=steps,
                seconds=f"{card.train_seconds:.0f}",
                loss=loss,
                rank=hyper.get("rank"),
                alpha=hyper.get("alpha"),
                targets=targets,
                epochs=hyper.get("epochs"),
                rate=hyper.get("learning_rate"),
            ),
            tr("Dataset version {hash}…").format(hash=card.dataset_hash[:12]),
        )
    )


class ComparePage(QWidget):
    attach_to_chat_requested = Signal(int)
    add_to_assistant_requested = Signal(int)
    thumb_changed = Signal(int, int, bool, object)  # card id, position, after?, thumb

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card: AdapterCard | None = None
        layout = QVBoxLayout(self)
        self.summary = QLabel(tr("Train an adapter to compare its answers with the base model's."))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = EvaluationTable(self)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.attach_button = QPushButton(tr("Attach to chat"), self)
        self.assistant_button = QPushButton(tr("Add to assistant…"), self)
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.assistant_button)
        layout.addLayout(buttons)
        self.attach_button.clicked.connect(self._attach)
        self.assistant_button.clicked.connect(self._add_to_assistant)
        self.table.thumb_changed.connect(self._thumb)
        self._enable(False)

    def show_card(self, card: AdapterCard) -> None:
        self.card = card
        self.summary.setText(describe_card(card))
        self.table.show_report(card.evaluation)
        self._enable(card.adapter_id is not None)

    def _enable(self, enabled: bool) -> None:
        self.attach_button.setEnabled(enabled)
        self.assistant_button.setEnabled(enabled)

    def _attach(self) -> None:
        if self.card is not None and self.card.adapter_id is not None:
            self.attach_to_chat_requested.emit(self.card.adapter_id)

    def _add_to_assistant(self) -> None:
        if self.card is not None and self.card.adapter_id is not None:
            self.add_to_assistant_requested.emit(self.card.adapter_id)

    def _thumb(self, position: int, after: bool, thumb: object) -> None:
        if self.card is not None:
            self.thumb_changed.emit(self.card.id, position, after, thumb)
