"""The conversation: a scrollable column of MessageWidgets, with streaming into the last reply.

Streaming text arrives in small batches; it is accumulated and the reply updated at most once per
STREAM_RENDER_MS by a single-shot timer, so the GUI thread does a bounded amount of layout work
however fast tokens come. Each update renders only the newly completed Markdown blocks and the
unfinished last one (MessageWidget.set_partial_text); end_stream renders the final text in full.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.ui.chat.message_widget import STREAM_PLACEHOLDER, MessageWidget
from app.ui.common.i18n import tr

STREAM_RENDER_MS = 50
# Long lines are hard to read on a wide window; on a narrow one the column (and every message
# in it) shrinks with the window, wrapping text and actions, never wider than the view.
COLUMN_MAX_WIDTH = 760
_BOTTOM_SLACK_PX = 8  # "at the bottom" tolerates a few pixels of rounding


class ChatView(QScrollArea):
    regenerate_requested = Signal()
    continue_requested = Signal()  # go on with the last reply, cut off at the length limit
    edit_requested = Signal(int)  # id of the user message to edit
    citation_clicked = Signal(int, int)  # message id, citation number (a saved reply's [n])
    mark_requested = Signal(int, object)  # a saved reply's id, "good" / "bad" / None
    reply_edit_saved = Signal(int, str)  # a saved reply's id, the user's version of its text
    accept_issues_requested = Signal(int)  # a saved reply's id: "Accept as is" on its flags
    rows_changed = Signal()  # a message, notice or tool row came or went (the Tab order follows)
    row_stops_changed = Signal(object)  # a row whose own focus stops changed (the row)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Not a Tab stop of its own (it shows no focus): Tab goes to the messages' buttons, and
        # the view scrolls to each; a click still gives it the keys (Page Up, Page Down).
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

        container = QWidget()
        container.setBackgroundRole(QPalette.ColorRole.Base)
        container.setAutoFillBackground(True)
        self._column = QWidget(container)
        self._column.setMaximumWidth(COLUMN_MAX_WIDTH)
        self._column.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        centering = QHBoxLayout(container)
        centering.setContentsMargins(12, 12, 12, 12)
        centering.addStretch(0)
        centering.addWidget(self._column, 1)
        centering.addStretch(0)
        self._layout = QVBoxLayout(self._column)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(10)
        self._layout.addStretch(1)  # keeps messages at the top; new ones go above it
        self.setWidget(container)
        # Shown while the chat has no messages, centred over the empty column.
        self.empty_state = QLabel(
            "<p style='font-size:15pt'>{}</p><p>{}</p>".format(
                tr("What can I help you with?"),
                tr("Type below and press Enter. Everything stays on this computer."),
            ),
            self.viewport(),
        )
        self.empty_state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_state.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty_state.setWordWrap(True)

        self._messages: list[MessageWidget] = []
        self._show_uncertainty = False
        self._stream_widget: MessageWidget | None = None
        self._stream_chunks: list[str] = []
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(STREAM_RENDER_MS)
        self._render_timer.timeout.connect(self._flush_stream)

        # Follow the bottom only while the user is there: scrolling up to read stops following.
        self._stick_to_bottom = True
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_range_changed)

    # --- content ------------------------------------------------------------------------------

    def clear(self) -> None:
        self._render_timer.stop()
        self._stream_widget = None
        self._stream_chunks = []
        self._messages = []
        # Everything but the trailing stretch.
        while self._layout.count() > 1:
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self._stick_to_bottom = True
        self._update_empty_state()
        self.rows_changed.emit()

    def _update_empty_state(self) -> None:
        empty = not self._messages and self._stream_widget is None
        self.empty_state.setVisible(empty)
        if empty:
            self.empty_state.setGeometry(self.viewport().rect().adjusted(24, 0, -24, 0))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_empty_state()

    def add_message(
        self,
        message_id: int | None,
        role: str,
        text: str,
        *,
        complete: bool = True,
        meta: str = "",
        finish_reason: str | None = None,
    ) -> MessageWidget:
        widget = MessageWidget(
            message_id, role, text, complete=complete, meta=meta, finish_reason=finish_reason
        )
        widget.edit_clicked.connect(self.edit_requested.emit)
        widget.regenerate_clicked.connect(self.regenerate_requested.emit)
        widget.continue_clicked.connect(self.continue_requested.emit)
        widget.citation_clicked.connect(self.citation_clicked.emit)
        widget.mark_requested.connect(self.mark_requested.emit)
        widget.reply_edit_saved.connect(self.reply_edit_saved.emit)
        widget.accept_issues_clicked.connect(self.accept_issues_requested.emit)
        widget.focus_stops_changed.connect(self.row_stops_changed.emit)
        widget.uncertainty.set_shown(self._show_uncertainty)
        self._insert(widget)
        self._messages.append(widget)
        self._refresh_regenerate()
        self._update_empty_state()
        # A new message comes from the user's own action (send, load): show it.
        self._stick_to_bottom = True
        return widget

    def set_show_uncertainty(self, shown: bool) -> None:
        """Shade (or stop shading) the words the model was unsure of, in every reply."""
        self._show_uncertainty = shown
        for widget in self._messages:
            widget.uncertainty.set_shown(shown)

    def add_notice(self, text: str) -> None:
        label = QLabel(text)
        label.setObjectName("chatNotice")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        if self._stream_widget is not None:
            # A notice about the prompt (e.g. trimmed history) belongs above the reply it affects.
            self._layout.insertWidget(self._layout.indexOf(self._stream_widget), label)
            self.rows_changed.emit()
        else:
            self._insert(label)

    def add_tool_row(self, row: QWidget) -> None:
        """A tool call's approval row, above the reply being written (if any), and in view."""
        if self._stream_widget is not None:
            self._layout.insertWidget(self._layout.indexOf(self._stream_widget), row)
            self.rows_changed.emit()
        else:
            self._insert(row)
        self._stick_to_bottom = True

    def message_widgets(self) -> list[MessageWidget]:
        return list(self._messages)

    def message_widget(self, message_id: int) -> MessageWidget | None:
        return next((w for w in self._messages if w.message_id == message_id), None)

    def editing_widgets(self) -> list[MessageWidget]:
        """The replies with an editor open, top to bottom."""
        return [w for w in self._messages if w.is_editing()]

    def notices(self) -> list[str]:
        """The texts of the notices shown, in order (what the user reads between messages)."""
        found: list[str] = []
        for index in range(self._layout.count()):
            item = self._layout.itemAt(index)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLabel) and widget.objectName() == "chatNotice":
                found.append(widget.text())
        return found

    def rows(self) -> list[QWidget]:
        """Messages, notices and tool rows, top to bottom."""
        found = []
        for index in range(self._layout.count()):
            item = self._layout.itemAt(index)
            widget = item.widget() if item is not None else None
            if widget is not None:
                found.append(widget)
        return found

    def last_assistant_widget(self) -> MessageWidget | None:
        for widget in reversed(self._messages):
            if widget.role == "assistant":
                return widget
        return None

    def _insert(self, widget: QWidget) -> None:
        self._layout.insertWidget(self._layout.count() - 1, widget)
        self.rows_changed.emit()

    def _refresh_regenerate(self) -> None:
        last = self.last_assistant_widget()
        for widget in self._messages:
            widget.set_regenerate_visible(widget is last)

    # --- streaming ----------------------------------------------------------------------------

    def begin_stream(self) -> MessageWidget:
        """Start a new assistant reply showing a placeholder until the first text arrives."""
        if self._stream_widget is not None:
            # A reply that was never ended stays as it is; it must not swallow the next one.
            self._flush_stream()
            self._stream_widget.set_streaming(False)
        widget = self.add_message(None, "assistant", STREAM_PLACEHOLDER)
        widget.set_streaming(True)
        self._stream_widget = widget
        self._stream_chunks = []
        return widget

    def continue_stream(self, before: str | None = None) -> MessageWidget | None:
        """Stream more text into the last reply (Continue), after `before` (the reply as the
        model continues it; None: the text the reply shows)."""
        widget = self.last_assistant_widget()
        if widget is None or self._stream_widget is not None:
            return None
        widget.set_finish_reason(None)
        widget.set_streaming(True)
        self._stream_widget = widget
        self._stream_chunks = [widget.text() if before is None else before]
        self._stick_to_bottom = True
        return widget

    def append_stream(self, text: str) -> None:
        """Add streamed text; ignored when no reply is streaming (e.g. after clear())."""
        if self._stream_widget is None or not text:
            return
        self._stream_chunks.append(text)
        if not self._render_timer.isActive():
            self._render_timer.start()

    def end_stream(
        self,
        text: str,
        *,
        message_id: int | None,
        complete: bool,
        meta: str,
        finish_reason: str | None = None,
    ) -> None:
        """Finish the streaming reply with its final, authoritative text."""
        widget = self._stream_widget
        if widget is None:
            return
        self._render_timer.stop()
        self._stream_widget = None
        self._stream_chunks = []
        widget.set_text(text)
        widget.set_message_id(message_id)
        widget.set_complete(complete)
        widget.set_finish_reason(finish_reason)
        widget.set_meta(meta)
        widget.set_streaming(False)
        self._refresh_regenerate()

    def streaming_widget(self) -> MessageWidget | None:
        return self._stream_widget

    def stream_text(self) -> str:
        """Everything appended to the current reply so far."""
        return "".join(self._stream_chunks)

    def _flush_stream(self) -> None:
        if self._stream_widget is None or not self._stream_chunks:
            return
        text = "".join(self._stream_chunks)
        # Keep one chunk: the next flush joins one string plus the new pieces, not thousands.
        self._stream_chunks = [text]
        if text != self._stream_widget.text():
            self._stream_widget.set_partial_text(text)

    # --- scrolling ----------------------------------------------------------------------------

    def is_at_bottom(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() >= bar.maximum() - _BOTTOM_SLACK_PX

    def scroll_to_bottom(self) -> None:
        self._stick_to_bottom = True
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _on_scrolled(self, _value: int) -> None:
        self._stick_to_bottom = self.is_at_bottom()

    def _on_range_changed(self, _minimum: int, maximum: int) -> None:
        if self._stick_to_bottom:
            self.verticalScrollBar().setValue(maximum)
