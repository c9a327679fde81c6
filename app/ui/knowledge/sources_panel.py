"""The Sources tab of the side panel: where an answer's citations [1], [2] … lead.

`show_citations` lists an answer's sources as cards; clicking a citation in the chat calls it
with `highlight`, which scrolls to that card, emphasises it and opens its whole passage.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QPalette
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from app.knowledge.grounding import Citation
from app.ui.common.i18n import tr
from app.ui.knowledge.look import heading_label, muted_label
from app.ui.knowledge.source_card import SourceCard

# The English source, as tests compare it; the widget shows it through tr().
EMPTY_TEXT = "Sources of an answer appear here. Attach documents to a chat and ask about them."


class SourcesPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cards: list[SourceCard] = []
        self._highlighted: int | None = None

        self.title = heading_label("", self)
        self.title.setWordWrap(True)
        self.empty_state = muted_label(
            tr("Sources of an answer appear here. Attach documents to a chat and ask about them."),
            self,
        )
        self.empty_state.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self._column = QWidget()
        self._column.setBackgroundRole(QPalette.ColorRole.Base)
        self._cards_layout = QVBoxLayout(self._column)
        self._cards_layout.setContentsMargins(8, 8, 8, 8)
        self._cards_layout.setSpacing(8)
        self._cards_layout.addStretch(1)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setAccessibleName(tr("Sources"))
        self.scroll_area.verticalScrollBar().setAccessibleName(tr("Scroll the sources"))
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self._column)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.empty_state)
        layout.addWidget(self.scroll_area, 1)
        self._update_visibility()

    def show_citations(
        self,
        citations: Sequence[Citation],
        *,
        highlight: int | None = None,
        title: str = "",
        supports: Mapping[int, tuple[int, int]] | None = None,
    ) -> None:
        """List these sources (in number order); `highlight` picks one to scroll to;
        `supports`: by number, the span of each passage's sentence that supports the answer."""
        self._clear_cards()
        for citation in sorted(citations, key=lambda c: c.number):
            support = (supports or {}).get(citation.number)
            card = SourceCard(citation, self._column, support=support)
            card.open_file_clicked.connect(self.open_path)
            self._cards_layout.insertWidget(self._cards_layout.count() - 1, card)
            self._cards.append(card)
        self.title.setText(title)
        self._update_visibility()
        self.highlight(highlight)

    def highlight(self, number: int | None) -> bool:
        """Emphasise source `number` (None: none), open its passage and scroll to it; False
        when the current answer has no such source."""
        target = next((c for c in self._cards if c.number == number), None)
        self._highlighted = target.number if target is not None else None
        for card in self._cards:
            card.set_emphasised(card is target)
        if target is None:
            return False
        target.set_expanded(True)
        # After the layout has placed the new cards: before that their geometry is not known.
        QTimer.singleShot(0, self, self._scroll_to_highlighted)
        return True

    def clear(self) -> None:
        self._clear_cards()
        self.title.clear()
        self._update_visibility()

    def cards(self) -> list[SourceCard]:
        return list(self._cards)

    def highlighted_number(self) -> int | None:
        return self._highlighted

    def open_path(self, path: str) -> None:
        """Open a source file in its application (its own method, so tests can replace it)."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def _scroll_to_highlighted(self) -> None:
        card = next((c for c in self._cards if c.number == self._highlighted), None)
        if card is not None:
            self.scroll_area.ensureWidgetVisible(card, 0, 8)

    def _clear_cards(self) -> None:
        for card in self._cards:
            card.hide()
            card.deleteLater()
        self._cards = []
        self._highlighted = None

    def _update_visibility(self) -> None:
        has_cards = bool(self._cards)
        self.empty_state.setVisible(not has_cards)
        self.scroll_area.setVisible(has_cards)
        self.title.setVisible(has_cards and bool(self.title.text()))
