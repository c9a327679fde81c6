"""The bar above a document that stopped at the token limit: a "Cut off" badge, which sections
it concerns, and Continue.

A cut-off text usually ends mid-sentence; grey text in a status line was easy to miss, so the
badge sits where the user reads, in an amber that stays readable in both themes.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from app.templates import GeneratedDocument, GeneratedSection
from app.templates.recipe import strip_repeated_heading


def section_label(section: GeneratedSection, index: int) -> str:
    return f"section {index + 1}, “{section.title}”" if section.title else "the text"


def continued_message(
    document: GeneratedDocument, index: int, continuations_before: tuple[int, ...]
) -> str:
    """What the status line says once Continue has finished."""
    section = document.sections[index]
    name = section_label(section, index)
    if section.continuations == continuations_before:
        return f"Stopped: {name} is as it was."
    body = strip_repeated_heading(section.title, section.text).strip()
    if body not in document.content:
        return (
            f"{name[0].upper()}{name[1:]} was continued, but your edits changed it, so your "
            "text was kept. “Use generated text” shows the model's version."
        )
    if section.cut_off:
        return f"Continued; {name} stopped at the token limit again."
    return f"Continued {name}."


class CutOffBar(QFrame):
    continue_requested = Signal(int)  # the section's index (0 for a text without sections)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cutOffBar")
        self.setProperty("role", "notice")  # amber, styled in app/ui/common/stylesheet.py
        self.badge = QLabel("Cut off")
        self.badge.setObjectName("cutOffBadge")
        self.badge.setProperty("role", "badge")
        self.badge.setAccessibleName("Cut off at the token limit")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.continue_button = QPushButton("Continue")
        self.continue_button.setToolTip(
            "Let the model go on from where it stopped. The recipe records it, so "
            "Regenerate writes the same text again."
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self._target: int | None = None
        self.continue_button.clicked.connect(self._on_continue)
        self.hide()

    @property
    def target(self) -> int | None:
        """The section Continue would go on with (None: nothing is cut off)."""
        return self._target

    def show_for(
        self, sections: Sequence[GeneratedSection], *, selected: int = -1, enabled: bool = True
    ) -> None:
        """Show the bar when a section stopped at the token limit; Continue goes on with the
        selected section if it is one of them, else with the first."""
        cut = [index for index, section in enumerate(sections) if section.cut_off]
        if not cut:
            self._target = None
            self.hide()
            return
        self._target = selected if selected in cut else cut[0]
        target = sections[self._target]
        if len(cut) == 1:
            label = section_label(target, self._target)
            text = f"{label[0].upper()}{label[1:]} stopped at the token limit: it may end "
            text += "mid-sentence."
        else:
            names = ", ".join(str(index + 1) for index in cut)
            text = (
                f"Sections {names} stopped at the token limit. Continue goes on with "
                f"{section_label(target, self._target)}."
            )
        self.message.setText(text)
        self.continue_button.setEnabled(enabled)
        self.show()

    def set_enabled(self, enabled: bool) -> None:
        self.continue_button.setEnabled(enabled)

    def _on_continue(self) -> None:
        if self._target is not None:
            self.continue_requested.emit(self._target)
