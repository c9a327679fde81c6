"""One chat message: role, rendered text, metadata and its small actions (copy, edit, regenerate;
on a saved reply also the thumbs and editing the reply in place, for Adapter Studio).

Each message owns its own QTextBrowser, so streaming into the last reply re-lays out that one
document only, never the whole conversation. While a reply streams, set_partial_text renders only
what changed (see streaming_document.py); set_text always renders the whole text.
"""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import (
    QCursor,
    QDesktopServices,
    QGuiApplication,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.ui.chat.message_badges import MessageBadges
from app.ui.chat.message_browser import MessageBrowser
from app.ui.chat.message_buttons import MessageButtons, role_label_text
from app.ui.chat.message_controls import (
    USER_INDENT,
    flash_copied,
    meta_label,
    paint_bubble,
    show_code_copied,
)
from app.ui.chat.reply_checks import Records, ReplyChecks
from app.ui.chat.reply_editor import ReplyEditor
from app.ui.chat.reply_marks import ReplyMarkButtons
from app.ui.chat.streaming_document import StreamingDocument
from app.ui.chat.uncertainty_shading import UncertaintyShading
from app.ui.common.i18n import tr
from app.ui.common.markdown_html import CITE_SCHEME, COPY_SCHEME, is_safe_href, render_markdown
from app.ui.common.rich_text_css import document_css
from app.ui.common.wrap_layout import WrapLayout

STREAM_PLACEHOLDER = "…"


class MessageWidget(QWidget):
    """A message bubble. ChatView decides which actions are offered (see set_regenerate_visible)."""

    edit_clicked = Signal(int)  # the user message's id
    regenerate_clicked = Signal()
    citation_clicked = Signal(int, int)  # this saved reply's message id, its citation number
    mark_requested = Signal(int, object)  # this saved reply's id, "good" / "bad" / None
    reply_edit_saved = Signal(int, str)  # this saved reply's id, the user's (non-blank) text
    continue_clicked = Signal()  # go on with this reply, cut off at the length limit
    accept_issues_clicked = Signal(int)  # this saved reply's id: keep it, flags and all
    focus_stops_changed = Signal(object)  # this widget: chips or its editor came (Tab order)

    def __init__(
        self,
        message_id: int | None,
        role: str,
        text: str,
        *,
        complete: bool = True,
        meta: str = "",
        finish_reason: str | None = None,
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
        self._finish_reason = finish_reason
        self._edited = False
        self._regenerate_allowed = False
        self._editor: ReplyEditor | None = None
        self.render_count = 0  # how often the document was updated (streaming must coalesce)
        self.full_render_count = 0  # how often the whole text was rendered (set_text)
        # Preferred, not Fixed, vertically: the height follows the width (wrapped rows), and the
        # column's trailing stretch takes any spare height anyway.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

        self._role_label = QLabel(role_label_text(role), self)
        font = self._role_label.font()
        font.setBold(True)
        self._role_label.setFont(font)

        self.badges = MessageBadges(self)

        self.browser = MessageBrowser(self)
        self.browser.setAccessibleName(
            tr("Your message")
            if role == "user"
            else tr("Message from {role}").format(role=role_label_text(role))
        )
        self.browser.anchorClicked.connect(self._on_anchor)
        self._partial = StreamingDocument(self.browser.document())
        self.uncertainty = UncertaintyShading(self.browser, rerender=lambda: self._render())

        # Source chips and the checker's badge (grounded replies; see set_checks).
        self.checks = ReplyChecks(self)
        self.checks.source_clicked.connect(self._on_source_chip)
        self.checks.regenerate_clicked.connect(self.regenerate_clicked.emit)
        self.checks.accept_clicked.connect(self._on_accept_issues)

        self._meta_label = meta_label(self)

        buttons = MessageButtons(self)
        self.copy_button, self.edit_button = buttons.copy, buttons.edit
        self.edit_reply_button, self.regenerate_button = buttons.edit_reply, buttons.regenerate
        self.continue_button = buttons.continue_
        self.copy_button.clicked.connect(self.copy_all)
        self.edit_button.clicked.connect(self._on_edit)
        self.edit_reply_button.clicked.connect(self.begin_reply_edit)
        self.regenerate_button.clicked.connect(self.regenerate_clicked.emit)
        self.continue_button.clicked.connect(self.continue_clicked.emit)
        self.marks = ReplyMarkButtons(self)
        self.marks.mark_requested.connect(self._on_mark_requested)

        # Both rows wrap rather than widen the message (see wrap_layout.py).
        header = WrapLayout()
        header.setContentsMargins(2, 0, 0, 0)  # line up with the text's document margin
        header.setSpacing(8)
        header.addWidget(self._role_label)
        for label in self.badges.all():
            header.addWidget(label)

        footer = buttons.footer(self._meta_label, self.marks)

        column = QVBoxLayout(self)
        self._column = column
        indent = USER_INDENT if role == "user" else 0
        column.setContentsMargins(indent + 12, 8, 12, 4)
        column.setSpacing(2)
        column.addLayout(header)
        column.addWidget(self.browser)
        column.addWidget(self.checks)
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

    def set_checks(self, citations: Records, issues: Records, *, accepted: bool = False) -> None:
        """A saved reply's stored sources (chips) and flags (underlines, badge)."""
        self.checks.set_checks(citations, issues, accepted=accepted)
        self.focus_stops_changed.emit(self)
        if self._role != "user" and not self._streaming:
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
        self._update_badges()
        self._update_actions()

    def finish_reason(self) -> str | None:
        return self._finish_reason

    def set_finish_reason(self, reason: str | None) -> None:
        """How the reply's generation ended ("stop", "length", "repetition", ...; None: not
        known). "length" shows the cut-off badge and offers Continue on the last reply."""
        self._finish_reason = reason
        self._update_badges()
        self._update_actions()

    def is_cut_off(self) -> bool:
        return self._complete and self._finish_reason == "length"

    @property
    def incomplete_badge(self) -> QLabel:
        return self.badges.incomplete

    @property
    def edited_badge(self) -> QLabel:
        return self.badges.edited

    def is_edited(self) -> bool:
        return self._edited

    def set_edited(self, edited: bool) -> None:
        """The stored text is the user's edit, not the text as generated."""
        self._edited = edited and self._role == "assistant"
        self._update_badges()
        self._update_actions()

    def _update_badges(self) -> None:
        self.badges.show(
            complete=self._complete, finish_reason=self._finish_reason, edited=self._edited
        )

    def mark(self) -> str | None:
        return self.marks.mark()

    def set_mark(self, mark: str | None) -> None:
        """Show the stored verdict ("good", "bad" or None) on the thumbs."""
        self.marks.set_mark(mark)

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
        idle = not self._streaming and self._editor is None
        saved = self._message_id is not None
        reply = self._role == "assistant"
        self.copy_button.setVisible(idle)
        self.edit_button.setVisible(idle and saved and self._role == "user")
        # A cut-short reply can still be edited into the reply the user wanted...
        self.edit_reply_button.setVisible(idle and saved and reply)
        self.regenerate_button.setVisible(idle and reply and self._regenerate_allowed)
        self.checks.setVisible(not self._streaming)
        self.checks.badge.set_regenerate_visible(self._regenerate_allowed)
        # Continue writes on in this reply: only the last one, as generated, cut off.
        self.continue_button.setVisible(
            idle and saved and self._regenerate_allowed and self.is_cut_off() and not self._edited
        )
        # ... but only a complete one can be judged good or bad as it stands.
        self.marks.setVisible(idle and saved and reply and self._complete)

    # --- editing a reply in place -------------------------------------------------------------

    def is_editing(self) -> bool:
        return self._editor is not None

    def has_unsaved_edit(self) -> bool:
        """An editor is open and its text differs from the reply it opened with."""
        return self._editor is not None and self._editor.has_changes()

    @property
    def editor(self) -> ReplyEditor | None:
        return self._editor

    def begin_reply_edit(self) -> ReplyEditor | None:
        """Turn the saved reply into a plain-text editor of its Markdown source."""
        if self._role != "assistant" or self._message_id is None or self._streaming:
            return None
        if self._editor is None:
            editor = ReplyEditor(self._text, self)
            editor.saved.connect(self._on_editor_saved)
            editor.cancelled.connect(self.end_reply_edit)
            self._column.insertWidget(self._column.indexOf(self.browser) + 1, editor)
            self.browser.hide()
            editor.show()  # now, not by the layout's queued call: focus needs it visible
            self._editor = editor
            self._update_actions()
            self.focus_stops_changed.emit(self)
        self._editor.focus()
        return self._editor

    def end_reply_edit(self, text: str | None = None) -> None:
        """Close the editor; `text`: the reply as now stored (None: cancelled, unchanged)."""
        editor, self._editor = self._editor, None
        if editor is None:
            return
        editor.hide()
        self._column.removeWidget(editor)
        editor.deleteLater()
        self.browser.show()
        if text is not None and text != self._text:
            self.set_text(text)
        self._update_actions()
        self.focus_stops_changed.emit(self)
        self.edit_reply_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_edit_error(self, message: str) -> None:
        if self._editor is not None:
            self._editor.show_error(message)

    def _on_editor_saved(self, text: str) -> None:
        if self._message_id is not None:
            self.reply_edit_saved.emit(self._message_id, text)

    def _on_mark_requested(self, mark: object) -> None:
        if self._message_id is not None:
            self.mark_requested.emit(self._message_id, mark)

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
        self.checks.underline(self._text, self.browser.document())
        self.uncertainty.render(self._text)

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
        paint_bubble(self, user=self._role == "user")

    # --- actions ------------------------------------------------------------------------------

    def copy_all(self) -> None:
        QGuiApplication.clipboard().setText(self._text)
        flash_copied(self.copy_button)

    def copy_code(self, index: int) -> bool:
        if not 0 <= index < len(self._code_blocks):
            return False
        QGuiApplication.clipboard().setText(self._code_blocks[index])
        return True

    def code_copied_feedback(self) -> None:
        """Say, beside the pointer that clicked a code block's Copy, that the code was copied."""
        show_code_copied(self.browser, QCursor.pos())

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
                copied = self.copy_code(int(url.path()))
            except ValueError:
                return
            if copied:
                self.code_copied_feedback()
        elif is_safe_href(url.toString()):
            self.open_link(url)

    def _on_source_chip(self, number: int) -> None:
        if self._message_id is not None:
            self.citation_clicked.emit(self._message_id, number)

    def _on_accept_issues(self) -> None:
        if self._message_id is not None:
            self.accept_issues_clicked.emit(self._message_id)

    def _on_edit(self) -> None:
        if self._message_id is not None:
            self.edit_clicked.emit(self._message_id)
