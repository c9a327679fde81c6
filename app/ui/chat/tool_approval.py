"""The row in the message area where the user allows or denies a tool call, and then sees its
result: which tool, from where, the exact arguments, and Allow / Always allow / Deny."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.chats.tool_loop import Decision, ToolEvent, ToolRequest
from app.ui.common.i18n import tr
from app.ui.common.theme import set_tone

SHOWN_RESULT_CHARS = 800  # the model gets the whole (capped) result; the row shows a preview


class ToolApprovalRow(QFrame):
    """One tool call. `decided` carries the user's Decision, once."""

    decided = Signal(object)

    def __init__(self, request: ToolRequest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.request = request
        self.decision: Decision | None = None
        self.setObjectName("toolApprovalRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)

        name = request.call.name
        self.title = QLabel(
            tr("The model wants to use the tool {tool} ({source}) with:").format(
                tool=f"<b>{_escaped(name)}</b>",
                source=f"<span>{_escaped(_source_label(request.source))}</span>",
            )
        )
        self.title.setWordWrap(True)
        layout.addWidget(self.title)

        self.arguments = QLabel(request.arguments_text)
        self.arguments.setObjectName("toolArguments")
        self.arguments.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.arguments.setTextFormat(Qt.TextFormat.PlainText)
        self.arguments.setWordWrap(True)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.arguments.setFont(mono)
        self.arguments.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.arguments)

        buttons = QHBoxLayout()
        self.allow_button = QPushButton(tr("Allow once"))
        self.always_button = QPushButton(tr("Always allow “{tool}”").format(tool=name))
        self.deny_button = QPushButton(tr("Deny"))
        self.allow_button.setDefault(True)
        self.allow_button.setToolTip(tr("Run this call now; ask again next time."))
        self.always_button.setToolTip(
            tr("Run this call, and from now on run this tool for this assistant without asking.")
        )
        self.deny_button.setToolTip(tr("Do not run it; the model is told that you said no."))
        for button, decision in (
            (self.allow_button, Decision.ALLOW),
            (self.always_button, Decision.ALLOW_ALWAYS),
            (self.deny_button, Decision.DENY),
        ):
            button.clicked.connect(lambda _=False, d=decision: self.decide(d))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.status = QLabel()
        self.status.setObjectName("toolStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.hide()
        layout.addWidget(self.status)

    @classmethod
    def answered(cls, event: ToolEvent, parent: QWidget | None = None) -> ToolApprovalRow:
        """A finished row: a call that needed no question ("always allow"), or one of a stored
        reply in a reopened chat; it shows how the call ended and its result."""
        row = cls(event.request, parent)
        row._hide_buttons()
        row.title.setText(
            tr("The model called the tool {tool} ({source}) with:").format(
                tool=f"<b>{_escaped(event.request.call.name)}</b>",
                source=f"<span>{_escaped(_source_label(event.request.source))}</span>",
            )
        )
        if not event.allowed and event.request.key:
            row.decision = Decision.DENY
            row._set_status(_denied(), error=False)
        row.show_result(event)
        return row

    def decide(self, decision: Decision) -> None:
        if self.decision is not None:
            return
        self.decision = decision
        self._hide_buttons()
        if decision is Decision.DENY:
            self._set_status(_denied(), error=False)
        else:
            self._set_status(tr("Allowed. Running…"), error=False)
        self.decided.emit(decision)

    def show_result(self, event: ToolEvent) -> None:
        if not event.allowed and self.decision is Decision.DENY:
            return  # the denial is already shown
        text = event.result.text
        if len(text) > SHOWN_RESULT_CHARS:
            text = text[:SHOWN_RESULT_CHARS] + "…"
        shown = tr("Failed: {result}") if event.result.is_error else tr("Result: {result}")
        self._set_status(shown.format(result=text), error=event.result.is_error)

    def _hide_buttons(self) -> None:
        for button in (self.allow_button, self.always_button, self.deny_button):
            button.hide()

    def _set_status(self, text: str, *, error: bool) -> None:
        self.status.setText(text)
        set_tone(self.status, "error" if error else "")
        self.status.show()


def _source_label(source: str) -> str:
    if source == "Hearth":
        return tr("built into Hearth")
    return tr("MCP server “{server}”").format(server=source)


def _denied() -> str:
    return tr("Denied. The model is told that you did not allow it.")


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
