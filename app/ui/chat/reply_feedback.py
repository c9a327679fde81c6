"""The user's feedback on chat replies, between the conversation view and storage: thumbs up /
down, and a reply edited in place. Adapter Studio builds its "from chats" examples from what is
stored here (marked good; edited, with the edit as the target).

An edit still open when the chat goes away (or its history is sent on) is settled first: see
settle_unsaved_edits.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from app.chats.message_repository import MessageRepository, ReplyFeedbackError
from app.storage import StorageError
from app.ui.chat.chat_view import ChatView
from app.ui.chat.message_widget import MessageWidget
from app.ui.chat.unsaved_edit_prompt import ask_about_unsaved_edit
from app.ui.common.i18n import tr
from app.ui.common.unsaved_question import UnsavedChoice


class ReplyFeedback(QObject):
    reply_edited = Signal(int)  # a reply's stored text changed (its chat's updated time too)

    def __init__(
        self,
        messages: MessageRepository,
        view: ChatView,
        *,
        report_error: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._messages = messages
        self._view = view
        self._report_error = report_error
        # Asks Save / Discard / Cancel about one reply with unsaved changes; replaceable (tests,
        # or a caller that must not block on a modal question).
        self.ask_unsaved: Callable[[MessageWidget], UnsavedChoice] = ask_about_unsaved_edit
        view.mark_requested.connect(self.mark)
        view.reply_edit_saved.connect(self.save_edit)

    def show_for(self, conversation_id: int) -> None:
        """Show the stored marks and "edited" badges on the chat now in the view."""
        try:
            states = self._messages.reply_feedback(conversation_id)
        except StorageError as exc:
            self._report_error(str(exc))
            return
        for message_id, state in states.items():
            widget = self._view.message_widget(message_id)
            if widget is not None:
                widget.set_mark(state.mark)
                widget.set_edited(state.edited)

    def mark(self, message_id: int, mark: object) -> None:
        """Store the verdict; the thumbs show it only once it is stored."""
        widget = self._view.message_widget(message_id)
        try:
            state = self._messages.mark_reply(message_id, mark if isinstance(mark, str) else None)
        except StorageError as exc:
            self._report_error(str(exc))  # already says what could not be done
            return
        except ReplyFeedbackError as exc:
            self._report_error(tr("Could not mark the reply: {reason}.").format(reason=exc))
            return
        if widget is not None:
            widget.set_mark(state.mark)

    def save_edit(self, message_id: int, text: str) -> None:
        """Store the user's version of a reply (with the text as generated, in one go) and
        show it; a refusal stays in the editor, so nothing the user typed is lost."""
        widget = self._view.message_widget(message_id)
        try:
            edit = self._messages.edit_reply(message_id, text)
        except (ReplyFeedbackError, StorageError) as exc:
            if widget is not None and widget.is_editing():
                widget.show_edit_error(str(exc))
            else:
                self._report_error(
                    tr("Could not save the edited reply: {reason}").format(reason=exc)
                )
            return
        if widget is not None:
            widget.end_reply_edit(edit.message.content)
            widget.set_mark(edit.feedback.mark)
            widget.set_edited(edit.feedback.edited)
        if edit.changed:
            self.reply_edited.emit(message_id)

    def settle_unsaved_edits(self) -> bool:
        """Before the chat in view is left or its history sent on: ask about each reply editor
        holding changes (Save / Discard / Cancel); close the editors without changes silently.

        True: go ahead, no edit is left open. False: stay, the user chose Cancel or a save was
        refused (its editor stays open, showing why); the editors are as they were.
        """
        editing = self._view.editing_widgets()
        for widget in (w for w in editing if w.has_unsaved_edit()):
            editor = widget.editor
            assert editor is not None
            self._view.ensureWidgetVisible(editor)  # "this reply" must be the one on screen
            choice = self.ask_unsaved(widget)
            if choice is UnsavedChoice.CANCEL:
                editor.text_edit.setFocus()  # back where the user was, cursor untouched
                return False
            if choice is UnsavedChoice.DISCARD:
                widget.end_reply_edit()
                continue
            editor.save()  # the normal path: Save's own checks, then save_edit
            if widget.is_editing():  # refused: blank, or storage said no; the editor says why
                editor.text_edit.setFocus()
                return False
        for widget in editing:
            widget.end_reply_edit()  # nothing typed (or settled above: then this does nothing)
        return True
