"""The small coloured labels in a message's header: how the reply ended, and whether the user
edited it."""

from __future__ import annotations

from typing import Final

from PySide6.QtWidgets import QLabel, QWidget

from app.ui.common.i18n import tr

# The English source, as tests compare it; the widget shows it through tr().
CUT_OFF_TEXT: Final = "Cut off at the length limit"
REPETITION_TEXT: Final = "Stopped: repeating itself"


def badge(text: str, tip: str, tone: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setToolTip(tip)
    label.setAccessibleName(text)
    # White on a strong fill reads the same in both themes: app/ui/common/stylesheet.py.
    label.setProperty("role", "badge")
    label.setProperty("tone", tone)
    return label


class MessageBadges:
    """A message's badges; show() decides which are visible."""

    def __init__(self, parent: QWidget) -> None:
        self.incomplete = badge(
            tr("incomplete"),
            tr("This reply was cut short: stopped, failed or interrupted."),
            "warning",
            parent,
        )
        self.cut_off = badge(
            tr("Cut off at the length limit"),
            tr(
                "The reply reached its length limit and ends where it stopped. Continue writes "
                "on from there; the limit is in Settings (Max reply tokens)."
            ),
            "warning",
            parent,
        )
        self.repetition = badge(
            tr("Stopped: repeating itself"),
            tr(
                "The model began repeating itself, so Hearth stopped the reply and left the "
                "repeats out. Regenerate for another attempt."
            ),
            "",
            parent,
        )
        self.edited = badge(
            tr("edited"),
            tr(
                "You edited this reply. Adapter Studio uses your version as a training "
                "example; the text as generated is kept too."
            ),
            "",
            parent,
        )
        for label in self.all():
            label.hide()

    def all(self) -> tuple[QLabel, ...]:
        return (self.incomplete, self.cut_off, self.repetition, self.edited)

    def show(self, *, complete: bool, finish_reason: str | None, edited: bool) -> None:
        # A reply saved while it was being continued is incomplete, not (yet) cut off.
        self.incomplete.setVisible(not complete)
        self.cut_off.setVisible(complete and finish_reason == "length")
        self.repetition.setVisible(complete and finish_reason == "repetition")
        self.edited.setVisible(edited)
