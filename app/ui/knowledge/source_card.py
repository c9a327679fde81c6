"""One source of an answer in the Sources panel: "[n] file · position", the excerpt, the whole
passage on demand, and a link that opens the file."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from app.file_names import shown_file_name
from app.knowledge.grounding import Citation
from app.ui.common.i18n import tr
from app.ui.common.rich_text_css import blend
from app.ui.knowledge.excerpt_markup import marked_excerpt_html
from app.ui.knowledge.look import card_colors, muted_label
from app.ui.knowledge.page_outline import PageOutline, place_text

# The English source, as tests compare it; the widget shows it through tr().
SHOW_PASSAGE = "Show full passage"
HIDE_PASSAGE = "Show less"


def score_tooltip(citation: Citation) -> str:
    if citation.score is None:
        return tr("The whole section went into the prompt (no search score).")
    return tr("Search score {score} (higher matched the question better)").format(
        score=f"{citation.score:.2f}"
    )


def card_heading(citation: Citation) -> str:
    where = f" · {citation.position}" if citation.position else ""
    return f"[{citation.number}] {shown_file_name(citation.file_name)}{where}"


def marked_passage(text: str, support: tuple[int, int], palette: QPalette) -> str:
    """The passage as rich text, its supporting sentence on the highlight's tint."""
    start, end = support
    tint = blend(
        palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Highlight), 0.3
    )
    parts = (html.escape(text[:start]), html.escape(text[start:end]), html.escape(text[end:]))
    body = f'{parts[0]}<span style="background-color: {tint.name()}">{parts[1]}</span>{parts[2]}'
    return body.replace("\n", "<br>")


class SourceCard(QWidget):
    open_file_clicked = Signal(str)  # the file's path

    def __init__(
        self,
        citation: Citation,
        parent: QWidget | None = None,
        *,
        support: tuple[int, int] | None = None,
    ) -> None:
        super().__init__(parent)
        self.citation = citation
        self.support = support  # the passage's sentence that supports the answer
        self._emphasised = False
        self.setObjectName("sourceCard")
        self.setToolTip(score_tooltip(citation))

        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setText(card_heading(citation))
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)

        self.excerpt = QLabel(self)
        self.passage = QLabel(citation.text, self)
        for label in (self.excerpt, self.passage):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The question's words, marked in the excerpt centred on them.
        self.excerpt.setTextFormat(Qt.TextFormat.RichText)
        self.excerpt.setText(
            marked_excerpt_html(citation.excerpt, citation.highlights, self.palette())
        )
        self.passage.hide()
        if support is not None:
            self.passage.setTextFormat(Qt.TextFormat.RichText)
            self.passage.setText(marked_passage(citation.text, support, self.palette()))

        self.toggle_button = QToolButton(self)
        self.toggle_button.setText(tr("Show full passage"))
        self.toggle_button.setAutoRaise(True)
        self.toggle_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.toggle_button.clicked.connect(self._toggle)
        # Nothing more to show when the excerpt already is the whole passage.
        whole = " ".join(citation.text.split()) == citation.excerpt
        self.toggle_button.setVisible(not whole)
        if whole and support is not None:
            # The excerpt is the whole passage: show it with its supporting sentence marked.
            self.excerpt.hide()
            self.passage.show()

        # Where on the page OCR read the passage; nothing for text from a text layer.
        self.place = muted_label(place_text(citation), self)
        self.place.setVisible(bool(self.place.text()))
        self.outline: PageOutline | None = None
        if citation.box is not None:
            self.outline = PageOutline(citation.box, self)
            self.outline.setAccessibleName(tr("Where on the page"))
            self.outline.setAccessibleDescription(self.place.text())
            self.outline.setToolTip(self.place.text())

        self.open_link = QLabel('<a href="open">{}</a>'.format(tr("Open file")), self)
        self.open_link.setToolTip(citation.path)
        self.open_link.linkActivated.connect(self._on_open_link)
        self.open_link.setVisible(Path(citation.path).is_file())
        self.missing = muted_label(tr("File not found"), self)
        self.missing.setVisible(not self.open_link.isVisibleTo(self) and bool(citation.path))
        self.missing.setToolTip(citation.path)

        actions = QHBoxLayout()
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addWidget(self.toggle_button)
        actions.addStretch(1)
        actions.addWidget(self.missing)
        actions.addWidget(self.open_link)
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 8, 10, 6)
        column.setSpacing(4)
        column.addWidget(self.heading)
        if self.outline is not None:
            where = QHBoxLayout()
            where.setContentsMargins(0, 0, 0, 0)
            where.setSpacing(6)
            where.addWidget(self.outline)
            where.addWidget(self.place, 1)
            column.addLayout(where)
        column.addWidget(self.excerpt)
        column.addWidget(self.passage)
        column.addLayout(actions)

    @property
    def number(self) -> int:
        return self.citation.number

    def is_expanded(self) -> bool:
        return not self.passage.isHidden()

    def set_expanded(self, expanded: bool) -> None:
        """Show the whole passage in place of the excerpt (or the excerpt again)."""
        if not self.toggle_button.isVisibleTo(self):
            return
        self.passage.setVisible(expanded)
        self.excerpt.setVisible(not expanded)
        self.toggle_button.setText(tr("Show less") if expanded else tr("Show full passage"))

    def _toggle(self) -> None:
        self.set_expanded(not self.is_expanded())

    def _on_open_link(self, _href: str) -> None:
        self.open_file_clicked.emit(self.citation.path)

    def is_emphasised(self) -> bool:
        return self._emphasised

    def set_emphasised(self, emphasised: bool) -> None:
        self._emphasised = emphasised
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        # Painted rather than styled, so the colours follow the palette (theme switches).
        background, border = card_colors(self.palette(), emphasised=self._emphasised)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen_width = 2.0 if self._emphasised else 1.0
        pen = painter.pen()
        pen.setColor(QColor(border))
        pen.setWidthF(pen_width)
        painter.setPen(pen)
        painter.setBrush(QColor(background))
        inset = pen_width / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(inset, inset, -inset, -inset), 8, 8)
        painter.end()
