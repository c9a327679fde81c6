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
from app.ui.common.i18n import tr


def section_label(section: GeneratedSection, index: int) -> str:
    if section.title:
        return tr("section {number}, “{title}”").format(number=index + 1, title=section.title)
    return tr("the text")


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def continued_message(
    document: GeneratedDocument, index: int, continuations_before: tuple[int, ...]
) -> str:
    """What the status line says once Continue has finished."""
    section = document.sections[index]
    name = section_label(section, index)
    if section.continuations == continuations_before:
        return tr("Stopped: {name} is as it was.").format(name=name)
    body = strip_repeated_heading(section.title, section.text).strip()
    if body not in document.content:
        return tr(
            "{name} was continued, but your edits changed it, so your text was kept. “Use "
            "generated text” shows the model's version."
        ).format(name=_capitalized(name))
    if section.cut_off:
        return tr("Continued; {name} stopped at the token limit again.").format(name=name)
    return tr("Continued {name}.").format(name=name)


class CutOffBar(QFrame):
    continue_requested = Signal(int)  # the section's index (0 for a text without sections)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cutOffBar")
        self.setProperty("role", "notice")  # amber, styled in app/ui/common/stylesheet.py
        self.badge = QLabel(tr("Cut off"))
        self.badge.setObjectName("cutOffBadge")
        self.badge.setProperty("role", "badge")
        self.badge.setAccessibleName(tr("Cut off at the token limit"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.continue_button = QPushButton(tr("Continue"))
        self.continue_button.setToolTip(
            tr(
                "Let the model go on from where it stopped. The recipe records it, so "
                "Regenerate writes the same text again."
            )
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
            text = tr("{name} stopped at the token limit: it may end mid-sentence.").format(
                name=_capitalized(label)
            )
        else:
            names = ", ".join(str(index + 1) for index in cut)
            text = tr(
                "Sections {numbers} stopped at the token limit. Continue goes on with {name}."
            ).format(numbers=names, name=section_label(target, self._target))
        self.message.setText(text)
        self.continue_button.setEnabled(enabled)
        self.show()

    def set_enabled(self, enabled: bool) -> None:
        self.continue_button.setEnabled(enabled)

    def _on_continue(self) -> None:
        if self._target is not None:
            self.continue_requested.emit(self._target)
