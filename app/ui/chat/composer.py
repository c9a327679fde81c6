"""Where the user writes: a growing text box, Send/Stop, and the edit-an-earlier-message mode."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.common.i18n import tr
from app.ui.common.rich_text_css import blend

# The English source, as tests compare it; the widget shows it through tr().
PLACEHOLDER = "Message Hearth — Enter to send, Shift+Enter for a new line"
EDIT_BANNER = (
    "Editing an earlier message — sending replaces it and everything after it (Esc to cancel)"
)
MAX_LINES = 8


class Composer(QWidget):
    submitted = Signal(str)
    edit_submitted = Signal(int, str)  # the edited message's id, the new text
    stop_requested = Signal()
    # "/" typed at the start of an empty box: the text after it, to filter the template picker.
    slash_command = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._busy = False
        self._editing_id: int | None = None
        self._draft = ""  # what was in the box before editing started, restored on cancel

        self._banner = QFrame(self)
        self._banner.setAutoFillBackground(True)
        self._banner_label = QLabel(
            tr(
                "Editing an earlier message — sending replaces it and everything after it "
                "(Esc to cancel)"
            ),
            self._banner,
        )
        self._banner_label.setWordWrap(True)
        cancel = QToolButton(self._banner)
        cancel.setText(tr("Cancel"))
        cancel.setToolTip(tr("Stop editing; the earlier message stays as it was (Esc)"))
        cancel.setAutoRaise(True)
        cancel.clicked.connect(self.cancel_edit)
        banner_row = QHBoxLayout(self._banner)
        banner_row.setContentsMargins(8, 4, 4, 4)
        banner_row.addWidget(self._banner_label, 1)
        banner_row.addWidget(cancel)
        self._banner.hide()
        self._tint_banner()

        self.editor = QPlainTextEdit(self)
        self.editor.setPlaceholderText(
            tr("Message Hearth — Enter to send, Shift+Enter for a new line")
        )
        self.editor.setAccessibleName(tr("Message"))
        self.editor.setAccessibleDescription(
            tr("Enter sends the message, Shift+Enter starts a new line, / picks a template")
        )
        self.editor.setTabChangesFocus(True)
        self.editor.document().setDocumentMargin(6)  # breathing room around a one-line box
        self.editor.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.editor.installEventFilter(self)
        self.editor.textChanged.connect(self._update_button)
        self.editor.textChanged.connect(self._check_slash)
        # Fires on new lines and on re-wrapping after a resize, not on every keystroke.
        self.editor.document().documentLayout().documentSizeChanged.connect(self._fit_height)

        self.send_button = QPushButton(tr("Send"), self)
        self.send_button.setDefault(False)
        self.send_button.setAutoDefault(False)
        self.send_button.clicked.connect(self._on_button)
        self.send_button.setProperty("role", "primary")  # the view's main button

        self.tools_button = QToolButton(self)
        self.tools_button.setText(tr("Tools"))
        self.tools_button.setCheckable(True)
        self.tools_button.setToolTip(
            tr(
                "Let the model call tools: the calculator, today's date, this assistant's "
                "documents and its MCP servers. Each call asks you first."
            )
        )
        self.tools_button.hide()  # shown once the window can run tools (enable_tools)

        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.editor, 1)
        row.addWidget(self.tools_button, 0, Qt.AlignmentFlag.AlignBottom)
        row.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignBottom)

        column = QVBoxLayout(self)
        column.setContentsMargins(12, 6, 12, 10)
        column.setSpacing(4)
        column.addWidget(self._banner)
        column.addLayout(row)

        self._fit_height()
        self._update_button()

    # --- public API ---------------------------------------------------------------------------

    def tools_enabled(self) -> bool:
        return self.tools_button.isVisible() and self.tools_button.isChecked()

    def text(self) -> str:
        return self.editor.toPlainText()

    def set_text(self, text: str) -> None:
        self.editor.setPlainText(text)
        self.editor.moveCursor(QTextCursor.MoveOperation.End)

    def is_busy(self) -> bool:
        return self._busy

    def set_busy(self, busy: bool) -> None:
        """While a reply is generated the button stops it and Enter does not send."""
        self._busy = busy
        self._update_button()

    def is_editing(self) -> bool:
        return self._editing_id is not None

    def editing_id(self) -> int | None:
        return self._editing_id

    def begin_edit(self, message_id: int, text: str) -> None:
        if self._editing_id is None:
            self._draft = self.text()
        self._editing_id = message_id
        self._banner.show()
        self.set_text(text)
        self.focus_input()

    def cancel_edit(self) -> None:
        if self._editing_id is None:
            return
        self._editing_id = None
        self._banner.hide()
        self.set_text(self._draft)
        self._draft = ""
        self.focus_input()

    def focus_input(self) -> None:
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_input(self) -> None:
        """Empty the box once a message was accepted; after an edit, the earlier draft returns."""
        if self._editing_id is not None:
            self._editing_id = None
            self._banner.hide()
            self.set_text(self._draft)
            self._draft = ""
        else:
            self.editor.clear()

    def submit(self) -> bool:
        """Emit what is written (Enter or Send); False when busy or there is nothing to send.

        The text stays until the receiver calls clear_input(), so a message that cannot be sent
        yet (no model loaded) is not lost.
        """
        text = self.text().strip()
        if self._busy or not text:
            return False
        if self._editing_id is not None:
            self.edit_submitted.emit(self._editing_id, text)
        else:
            self.submitted.emit(text)
        return True

    def _check_slash(self) -> None:
        text = self.editor.toPlainText()
        if text.startswith("/") and not any(c.isspace() for c in text) and not self._editing_id:
            self.slash_command.emit(text[1:])

    def slash_anchor(self) -> QPoint:
        """Where a popup for the "/" command goes: under the cursor, in global coordinates."""
        return self.editor.mapToGlobal(self.editor.cursorRect().bottomLeft())

    # --- keys ---------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._handle_key(event)
        if watched is self.editor and event.type() == QEvent.Type.Resize:
            self._fit_height()  # a narrower box wraps its hint onto more lines
        return super().eventFilter(watched, event)

    def _handle_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                return False  # the editor inserts the newline itself
            # Busy: swallow Enter so the text stays for after the reply, as a chat box should.
            self.submit()
            return True
        if key == Qt.Key.Key_Escape:
            if self._busy:
                self.stop_requested.emit()
                return True
            if self._editing_id is not None:
                self.cancel_edit()
                return True
        return False

    # --- looks --------------------------------------------------------------------------------

    def _on_button(self) -> None:
        if self._busy:
            self.stop_requested.emit()
        else:
            self.submit()
        self.focus_input()

    def _update_button(self) -> None:
        if self._busy:
            self.send_button.setText(tr("Stop"))
            self.send_button.setToolTip(tr("Stop generating (Esc)"))
            self.send_button.setEnabled(True)
        else:
            self.send_button.setText(tr("Send"))
            self.send_button.setToolTip(tr("Send (Enter)"))
            self.send_button.setEnabled(bool(self.text().strip()))

    def _fit_height(self, *_args: object) -> None:
        # Grow with the text (wrapped lines included) up to MAX_LINES, then scroll.
        editor = self.editor
        line = editor.fontMetrics().lineSpacing()
        document = editor.document()
        layout = document.documentLayout()
        limit = line * MAX_LINES
        content = 0.0
        block = document.begin()
        while block.isValid() and content < limit:
            content += layout.blockBoundingRect(block).height()
            block = block.next()
        if document.isEmpty() and editor.placeholderText():
            # The hint wraps like text would: an empty box is as tall as its whole hint.
            width = max(1, int(editor.contentsRect().width() - 2 * document.documentMargin()))
            flags = Qt.TextFlag.TextWordWrap
            hint = editor.placeholderText()
            hint_px = (
                editor.fontMetrics().boundingRect(0, 0, width, int(limit), flags, hint).height()
            )
            one_line = layout.blockBoundingRect(document.begin()).height() or line
            content = max(1, round(hint_px / line)) * one_line
        content = min(max(content, line), limit)
        margins = editor.contentsMargins()
        chrome = 2 * document.documentMargin() + margins.top() + margins.bottom()
        height = math.ceil(content + chrome)
        if editor.height() != height or editor.minimumHeight() != height:
            editor.setFixedHeight(height)

    def _tint_banner(self) -> None:
        palette = self._banner.palette()
        window = self.palette().color(QPalette.ColorRole.Window)
        highlight = self.palette().color(QPalette.ColorRole.Highlight)
        palette.setColor(QPalette.ColorRole.Window, blend(window, highlight, 0.22))
        self._banner.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._tint_banner()
