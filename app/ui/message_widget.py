"""One chat message: role, rendered text, metadata and its small actions (copy, edit, regenerate).

Each message owns its own QTextBrowser, so streaming into the last reply re-lays out that one
document only, never the whole conversation. While a reply streams, set_partial_text renders only
what changed (see streaming_document.py); set_text always renders the whole text.
"""

from __future__ import annotations

import math
from collections.abc import Collection

from PySide6.QtCore import QEvent, QRectF, QSizeF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QGuiApplication,
    QPainter,
    QPaintEvent,
    QPalette,
    QTextOption,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.markdown_html import CITE_SCHEME, COPY_SCHEME, is_safe_href, render_markdown
from app.ui.rich_text_css import bubble_color, document_css
from app.ui.streaming_document import StreamingDocument

ROLE_LABELS = {"user": "You", "assistant": "Assistant", "system": "System"}
STREAM_PLACEHOLDER = "…"
USER_INDENT = 64  # px of empty space left of a user message, so the two sides read apart
_COPIED_FEEDBACK_MS = 1200


class MessageBrowser(QTextBrowser):
    """A read-only rich-text view whose height always equals its document's height."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Navigation would replace the message with the target page; links are handled by
        # MessageWidget instead, and only on an explicit click.
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # Transparent, so the message bubble painted by MessageWidget shows through.
        self.viewport().setAutoFillBackground(False)
        self.setAutoFillBackground(False)
        self.document().setDocumentMargin(2)
        # A long URL or code line must wrap: there is no horizontal scrolling in a message.
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setUndoRedoEnabled(False)
        layout = self.document().documentLayout()
        layout.documentSizeChanged.connect(self._fit_height)
        self._fit_height(self.document().size())

    def _fit_height(self, size: QSizeF) -> None:
        height = math.ceil(size.height()) + 2 * self.frameWidth()
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def wheelEvent(self, event: QWheelEvent) -> None:
        # Nothing scrolls inside a message (even while its height catches up with a re-layout):
        # the ignored event goes on to the conversation's scroll area.
        event.ignore()


class MessageWidget(QWidget):
    """A message bubble. ChatView decides which actions are offered (see set_regenerate_visible)."""

    edit_clicked = Signal(int)  # the user message's id
    regenerate_clicked = Signal()
    citation_clicked = Signal(int, int)  # this saved reply's message id, its citation number

    def __init__(
        self,
        message_id: int | None,
        role: str,
        text: str,
        *,
        complete: bool = True,
        meta: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._message_id = message_id
        self._role = role
        self._text = ""
        self._code_blocks: tuple[str, ...] = ()
        self._citations: frozenset[int] = frozenset()
        self._css = ""
        self._streaming = False
        self._complete = complete
        self._regenerate_allowed = False
        self.render_count = 0  # how often the document was updated (streaming must coalesce)
        self.full_render_count = 0  # how often the whole text was rendered (set_text)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

        self._role_label = QLabel(ROLE_LABELS.get(role, role.title()), self)
        font = self._role_label.font()
        font.setBold(True)
        self._role_label.setFont(font)

        self._badge = QLabel("incomplete", self)
        self._badge.setToolTip("This reply was cut short: stopped, failed or interrupted.")
        # Fixed amber with white text reads the same on light and dark backgrounds.
        self._badge.setStyleSheet(
            "QLabel { background-color: #b45309; color: white; border-radius: 4px;"
            " padding: 0px 6px; font-size: 11px; }"
        )

        self.browser = MessageBrowser(self)
        self.browser.anchorClicked.connect(self._on_anchor)
        self._partial = StreamingDocument(self.browser.document())

        self._meta_label = QLabel(self)
        self._meta_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._meta_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        small = self._meta_label.font()
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.88))
        self._meta_label.setFont(small)

        self.copy_button = self._tool_button("Copy", "Copy the whole message")
        self.copy_button.clicked.connect(self.copy_all)
        self.edit_button = self._tool_button("Edit", "Edit this message and generate again")
        self.edit_button.clicked.connect(self._on_edit)
        self.regenerate_button = self._tool_button("Regenerate", "Generate this reply again")
        self.regenerate_button.clicked.connect(self.regenerate_clicked.emit)

        header = QHBoxLayout()
        header.setContentsMargins(2, 0, 0, 0)  # line up with the text's document margin
        header.setSpacing(8)
        header.addWidget(self._role_label)
        header.addWidget(self._badge)
        header.addStretch(1)

        footer = QHBoxLayout()
        footer.setContentsMargins(2, 0, 0, 0)
        footer.setSpacing(2)
        footer.addWidget(self._meta_label, 1)
        for button in (self.copy_button, self.edit_button, self.regenerate_button):
            footer.addWidget(button)

        column = QVBoxLayout(self)
        indent = USER_INDENT if role == "user" else 0
        column.setContentsMargins(indent + 12, 8, 12, 4)
        column.setSpacing(2)
        column.addLayout(header)
        column.addWidget(self.browser)
        column.addLayout(footer)

        self.set_complete(complete)
        self.set_meta(meta)
        self.set_text(text)
        self._update_actions()

    # --- state --------------------------------------------------------------------------------

    @property
    def message_id(self) -> int | None:
        return self._message_id

    def set_message_id(self, message_id: int | None) -> None:
        self._message_id = message_id
        self._update_actions()

    @property
    def role(self) -> str:
        return self._role

    def text(self) -> str:
        return self._text

    def code_blocks(self) -> tuple[str, ...]:
        return self._code_blocks

    def set_text(self, text: str) -> None:
        """Show `text`, rendered in full: what a finished or loaded message shows."""
        self._text = text
        self._render()

    def citations(self) -> frozenset[int]:
        return self._citations

    def set_citations(self, numbers: Collection[int]) -> None:
        """The citation numbers this reply's sources have: each "[n]" among them in the text
        (not in code) becomes a link that emits citation_clicked(message id, n). Empty: plain
        text, as before. While the reply streams the links wait for its final rendering."""
        citations = frozenset(numbers)
        if citations == self._citations:
            return
        self._citations = citations
        if self._role != "user" and not self._streaming:
            self._render()

    def set_partial_text(self, text: str) -> None:
        """Show a reply that is still streaming in, `text` extending the previous partial text.

        Only the Markdown blocks completed since the last call and the unfinished last block
        are rendered; end with set_text for the final, full rendering.
        """
        self._text = text
        if self._role == "user":
            self._render()
            return
        self.render_count += 1
        if self._update_css():
            self._partial.reset()  # the shown part was styled with the old sheet
        self._partial.update(text)
        self._code_blocks = self._partial.code_blocks()

    def is_complete(self) -> bool:
        return self._complete

    def set_complete(self, complete: bool) -> None:
        self._complete = complete
        self._badge.setVisible(not complete)

    @property
    def incomplete_badge(self) -> QLabel:
        return self._badge

    def meta(self) -> str:
        return self._meta_label.text()

    def set_meta(self, meta: str) -> None:
        self._meta_label.setText(meta)
        self._meta_label.setToolTip(meta)

    def is_streaming(self) -> bool:
        return self._streaming

    def set_streaming(self, streaming: bool) -> None:
        """While a reply streams in, its actions would act on a half-written text: hide them."""
        self._streaming = streaming
        if not streaming and self._partial.is_active():
            self._render()  # a stream that was never ended still gets the normal rendering
        self._update_actions()

    def set_regenerate_visible(self, visible: bool) -> None:
        self._regenerate_allowed = visible
        self._update_actions()

    def _update_actions(self) -> None:
        idle = not self._streaming
        self.copy_button.setVisible(idle)
        self.edit_button.setVisible(idle and self._role == "user" and self._message_id is not None)
        self.regenerate_button.setVisible(
            idle and self._role == "assistant" and self._regenerate_allowed
        )

    # --- rendering ----------------------------------------------------------------------------

    def _render(self) -> None:
        self.render_count += 1
        self.full_render_count += 1
        self._partial.reset()
        if self._role == "user":
            # What the user typed is shown exactly as typed, not reinterpreted as markdown.
            self._code_blocks = ()
            self.browser.setPlainText(self._text)
            return
        self._update_css()
        rendered = render_markdown(self._text, citations=self._citations)
        self._code_blocks = rendered.code_blocks
        self.browser.setHtml(rendered.html)

    def _update_css(self) -> bool:
        """Give the document the style sheet for the current palette; True if it changed."""
        css = document_css(self.palette(), user=False)
        if css == self._css:
            return False
        self._css = css
        self.browser.document().setDefaultStyleSheet(css)
        return True

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            # The document style sheet bakes colours in at parse time; rebuild it for the new
            # palette (theme switch). _render skips the work when nothing changed.
            if self._role != "user" and document_css(self.palette()) != self._css:
                self._render()
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bubble_color(self.palette(), user=self._role == "user"))
        indent = USER_INDENT if self._role == "user" else 0
        area = QRectF(self.rect()).adjusted(indent + 0.5, 0.5, -0.5, -0.5)
        painter.drawRoundedRect(area, 8.0, 8.0)
        painter.end()

    # --- actions ------------------------------------------------------------------------------

    def copy_all(self) -> None:
        QGuiApplication.clipboard().setText(self._text)
        self._flash(self.copy_button)

    def copy_code(self, index: int) -> bool:
        if not 0 <= index < len(self._code_blocks):
            return False
        QGuiApplication.clipboard().setText(self._code_blocks[index])
        return True

    def open_link(self, url: QUrl) -> None:
        """Open a clicked link in the system browser (its own method, so tests can replace it)."""
        QDesktopServices.openUrl(url)

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == CITE_SCHEME:
            number = int(url.path()) if url.path().isdigit() else None
            # Citations belong to a saved reply: one still without an id has nothing to show.
            if number in self._citations and self._message_id is not None:
                self.citation_clicked.emit(self._message_id, number)
        elif url.scheme() == COPY_SCHEME:
            try:
                self.copy_code(int(url.path()))
            except ValueError:
                return
        elif is_safe_href(url.toString()):
            self.open_link(url)

    def _on_edit(self) -> None:
        if self._message_id is not None:
            self.edit_clicked.emit(self._message_id)

    def _tool_button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        return button

    def _flash(self, button: QToolButton) -> None:
        # Brief feedback that the click did something; the clipboard itself is invisible.
        original = button.text()
        if original == "Copied":
            return
        button.setText("Copied")
        QTimer.singleShot(_COPIED_FEEDBACK_MS, self, lambda: button.setText(original))
