"""Under a grounded reply: its source chips and, when the checker flagged details, the badge;
and the flagged spans underlined in the reply's rendered text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.ui.chat.source_chips import SourceChips
from app.ui.common.check_badge import CheckBadge
from app.ui.common.flag_marks import locate_flags, underline_flags
from app.ui.common.i18n import tr
from app.ui.common.theme import error_color

Records = Sequence[Mapping[str, Any]]  # stored citations or issues (JSON objects)


class ReplyChecks(QWidget):
    source_clicked = Signal(int)  # a citation number
    regenerate_clicked = Signal()
    accept_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._issues: tuple[Mapping[str, Any], ...] = ()
        self._accepted = False
        self.chips = SourceChips(self)
        self.badge = CheckBadge(self, regenerate_tip=tr("Generate this reply again"))
        self.chips.source_clicked.connect(self.source_clicked.emit)
        self.badge.regenerate_clicked.connect(self.regenerate_clicked.emit)
        self.badge.accept_clicked.connect(self.accept_clicked.emit)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.chips)
        column.addWidget(self.badge)

    def issues(self) -> tuple[Mapping[str, Any], ...]:
        return self._issues

    def set_checks(
        self,
        citations: Sequence[Mapping[str, Any]],
        issues: Sequence[Mapping[str, Any]],
        *,
        accepted: bool,
    ) -> None:
        """The reply's stored citations and flags, and whether the user accepted them."""
        self._issues = tuple(issues)
        self._accepted = accepted
        self.chips.set_sources(citations)
        self.badge.show_count(len(self._issues), accepted=accepted)

    def underline(self, widget_text: str, document: QTextDocument) -> None:
        """Underline the flags in the reply's freshly rendered `document`.
        Accepted flags stay underlined: the user accepted the text, the details are still
        not in the sources."""
        if not self._issues:
            return
        ranges = locate_flags(document.toPlainText(), widget_text, self._issues)
        underline_flags(document, ranges, error_color(self.palette()))
