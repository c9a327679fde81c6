"""Coordinates one chat turn between the widgets, storage and the inference thread.

Every engine event carries a request id; the controller keeps the id it is waiting for and drops
everything else, so a late token from a stopped or superseded reply never lands in the wrong
place.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from app.chats.active_reply import FINISH_STATES, ActiveReply, store_failed, store_finished
from app.chats.conversation_service import ConversationService, PendingReply
from app.chats.recording import summary_line
from app.chats.sampling import sampling_from_settings
from app.chats.streaming_reply import StreamingReply
from app.chats.tool_call_store import ToolCallsByMessage
from app.config import Settings
from app.engine.types import ActiveAdapter, Finished, Generate, LoadedModel, RemoteTarget
from app.storage import StorageError
from app.storage.records import ModelRecord
from app.ui.chat.chat_status import show_chat_figures
from app.ui.chat.chat_view import ChatView
from app.ui.chat.composer import Composer
from app.ui.chat.model_slot import ModelSlot
from app.ui.chat.reply_feedback import ReplyFeedback
from app.ui.chat.tool_reply import ToolFinished, ToolReplyRunner
from app.ui.common.engine_bridge import EngineBridge
from app.ui.common.i18n import tr, tr_n
from app.ui.shell.status_bar import HearthStatusBar


class ChatController(QObject):
    conversation_changed = Signal(int)  # a chat was created or changed (list needs a refresh)
    busy_changed = Signal(bool)
    model_changed = Signal(object)  # LoadedModel | None
    model_loading = Signal(bool)  # a load started (True) or ended (False)
    error = Signal(str)  # a failure the user must see
    notice = Signal(str)  # something the user should know that is not a failure
    conversation_opened = Signal(object)  # the chat now in view: its id, or None
    reply_finished = Signal(int)  # the stored reply's message id (after end_stream)
    citations_offered = Signal(object)  # tuple[Citation, ...] given with the question now asked
    adapters_changed = Signal(object)  # tuple[ActiveAdapter, ...] now applied to the model
    # Whether Regenerate has something to act on: the chat in view ends with a reply, and no
    # reply is being written (the window enables its Regenerate command from this).
    regenerate_available = Signal(bool)

    def __init__(
        self,
        *,
        chats: ConversationService,
        bridge: EngineBridge,
        chat_view: ChatView,
        composer: Composer,
        status_bar: HearthStatusBar,
        settings: Settings,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._chats = chats
        self._bridge = bridge
        self._view = chat_view
        self._composer = composer
        self._status = status_bar
        self._settings = settings
        self.conversation_id: int | None = None
        self._active: ActiveReply | None = None
        self._tools: ToolReplyRunner | None = None
        self.model = ModelSlot(
            chats=chats,
            bridge=bridge,
            status_bar=status_bar,
            settings=lambda: self._settings,
            parent=self,
        )
        for theirs, ours in (
            (self.model.model_changed, self.model_changed),
            (self.model.model_loading, self.model_loading),
            (self.model.adapters_changed, self.adapters_changed),
            (self.model.error, self.error),
            (self.model.notice, self.notice),
        ):
            theirs.connect(ours)

        bridge.prompt_ready.connect(self._on_prompt_ready)
        bridge.text_received.connect(self._on_text)
        bridge.finished.connect(self._on_finished)
        bridge.failed.connect(self._on_failed)
        composer.submitted.connect(self.send)
        composer.edit_submitted.connect(self.edit_and_resend)
        composer.stop_requested.connect(self.stop)
        chat_view.regenerate_requested.connect(self.regenerate)
        chat_view.continue_requested.connect(self.continue_reply)
        chat_view.edit_requested.connect(self._begin_edit)
        # Thumbs and in-place edits of replies (what Adapter Studio learns from).
        self.feedback = ReplyFeedback(
            chats.messages, chat_view, report_error=self.error.emit, parent=self
        )
        self.feedback.reply_edited.connect(self._on_reply_edited)

    def enable_tools(self, runner: ToolReplyRunner) -> None:
        """Offer the composer's Tools switch; a reply sent with it on runs through `runner`."""
        self._tools = runner
        runner.finished.connect(self._on_tool_finished)
        runner.failed.connect(self._on_failed)
        runner.notice.connect(self._view.add_notice)
        self._composer.tools_button.show()

    # ---- state -------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._active is not None

    # ---- the model (see ModelSlot) ----------------------------------------------------------

    @property
    def loaded_model(self) -> LoadedModel | None:
        return self.model.loaded_model

    @property
    def active_adapters(self) -> tuple[ActiveAdapter, ...]:
        return self.model.active_adapters

    @property
    def loading_model(self) -> ModelRecord | None:
        return self.model.loading_model

    def load_model(self, record: ModelRecord) -> None:
        self.model.load_model(record)

    def load_remote(self, target: RemoteTarget, label: str) -> None:
        self.model.load_remote(target, label)

    def set_adapters(self, adapters: tuple[tuple[str, float], ...]) -> None:
        self.model.set_adapters(adapters)

    def set_settings(self, settings: Settings) -> None:
        self._settings = settings

    # ---- conversations -----------------------------------------------------------------------

    def settle_reply_edits(self) -> bool:
        """Before the chat in view is left: an open reply edit with changes is saved, dropped or
        kept as the user answers (Save / Discard / Cancel). False: the user stays; do nothing."""
        return self.feedback.settle_unsaved_edits()

    def open_conversation(self, conversation_id: int | None, *, hide_id: int | None = None) -> bool:
        """Show a stored chat. `hide_id`: a reply row about to be streamed into, not shown twice.

        False: the chat in view holds an unsaved reply edit the user kept (Cancel, or a save
        that failed); nothing changed.
        """
        if not self.settle_reply_edits():
            return False
        if self.busy:
            self.stop()
        self.conversation_id = conversation_id
        self._composer.cancel_edit()
        self._view.clear()
        if conversation_id is None:
            show_chat_figures(self._status, (), self.loaded_model)
            self.conversation_opened.emit(None)
            self._publish_regenerate()
            return True
        tool_calls = self._stored_tool_calls(conversation_id)
        messages = self._chats.messages_of(conversation_id)
        show_chat_figures(self._status, messages, self.loaded_model)
        for message in messages:
            if message.role == "system" or message.id == hide_id:
                continue
            if self._tools is not None and message.id in tool_calls:
                self._tools.show_stored(tool_calls[message.id])
            widget = self._view.add_message(
                message.id,
                message.role,
                message.content,
                complete=message.complete,
                meta=summary_line(message.generation),
                finish_reason=message.generation.finish_reason if message.generation else None,
            )
            widget.uncertainty.set_confidence(
                message.generation.confidence if message.generation else None
            )
        self.feedback.show_for(conversation_id)
        self.conversation_opened.emit(conversation_id)
        self._publish_regenerate()
        return True

    @property
    def can_regenerate(self) -> bool:
        """The chat in view ends with a reply and none is being written."""
        shown = self._view.message_widgets()
        ends_with_reply = bool(shown) and shown[-1].role == "assistant"
        return not self.busy and self.conversation_id is not None and ends_with_reply

    def _publish_regenerate(self) -> None:
        self.regenerate_available.emit(self.can_regenerate)

    def _on_reply_edited(self, _message_id: int) -> None:
        if self.conversation_id is not None:
            self.conversation_changed.emit(self.conversation_id)  # its updated time changed

    def new_conversation(self) -> int:
        """Start a chat and show it; its id. If the chat in view holds an unsaved reply edit the
        user keeps (Cancel), no chat is made and the id of the chat still in view comes back."""
        staying = self.conversation_id
        if staying is not None and not self.settle_reply_edits():
            return staying
        if self.busy:
            self.stop()
        conversation = self._chats.new_conversation()
        self.open_conversation(conversation.id)
        self.conversation_changed.emit(conversation.id)
        self._composer.focus_input()
        return conversation.id

    # ---- a turn ------------------------------------------------------------------------------

    def _ready_to_generate(self) -> bool:
        if self.busy:
            return False
        if self.loaded_model is None and self.loading_model is None:
            self.error.emit(tr("No model is loaded. Choose or import a model first."))
            return False
        return True

    def send(self, text: str) -> None:
        text = text.strip()
        if not text or not self._ready_to_generate():
            return
        # The reply being edited is part of the history the model is about to read.
        if not self.settle_reply_edits():
            return  # the text stays in the composer
        if self.conversation_id is None:
            self.new_conversation()
        assert self.conversation_id is not None
        try:
            pending = self._chats.send(self.conversation_id, text)
        except StorageError as exc:
            self.error.emit(str(exc))
            return
        self._composer.clear_input()
        user = pending.user_message
        if user is not None:
            self._view.add_message(user.id, "user", user.content)
        self.conversation_changed.emit(self.conversation_id)
        self._start(pending)

    def regenerate(self) -> None:
        if not self.can_regenerate:
            return  # nothing to write again (an empty chat, or a reply still coming)
        self._begin(self._chats.regenerate, reopen=True)

    def continue_reply(self) -> None:
        """Go on with the last reply, cut off at the length limit, in the same message."""
        model = self.loaded_model
        if model is None:
            if not self.busy:
                self.error.emit(tr("Load the model that wrote this reply, then continue it."))
            return
        self._begin(
            lambda chat: self._chats.continue_reply(
                chat, model=model, adapters=self.active_adapters
            ),
            reopen=False,
        )

    def _begin(self, open_reply: Callable[[int], PendingReply], *, reopen: bool) -> None:
        """Start a reply in the chat in view that is not a new question (regenerate, continue).
        `reopen`: show the chat again from storage (the old reply was replaced)."""
        if self.conversation_id is None or not self._ready_to_generate():
            return
        if not self.settle_reply_edits():
            return
        try:
            pending = open_reply(self.conversation_id)
        except (ValueError, StorageError) as exc:
            self.error.emit(str(exc))
            return
        if reopen:
            self.open_conversation(self.conversation_id, hide_id=pending.reply_message_id)
        self._start(pending)

    def _begin_edit(self, message_id: int) -> None:
        if self.busy:
            return
        message = self._chats.message(message_id)
        self._composer.begin_edit(message_id, message.content)

    def edit_and_resend(self, message_id: int, text: str) -> None:
        text = text.strip()
        if self.conversation_id is None or not text or not self._ready_to_generate():
            return
        if not self.settle_reply_edits():
            return
        try:
            pending = self._chats.edit_and_resend(self.conversation_id, message_id, text)
        except (ValueError, StorageError) as exc:
            self.error.emit(str(exc))
            return
        self._composer.clear_input()
        self.open_conversation(self.conversation_id, hide_id=pending.reply_message_id)
        self._start(pending)

    def _start(self, pending: PendingReply) -> None:
        # A continuation keeps the sampling (and seed) of the reply it continues.
        sampling = pending.sampling or sampling_from_settings(
            self._settings, parameter_count=self._model_parameters()
        )
        if pending.citations:
            self.citations_offered.emit(pending.citations)
        request = Generate(pending.turns, sampling, continue_from=pending.continue_from)
        reply = StreamingReply(self._chats, pending.reply_message_id, before=pending.continue_from)
        self._active = ActiveReply(request.request_id, pending, sampling, reply)
        if not pending.continue_from or self._view.continue_stream(pending.continue_from) is None:
            self._view.begin_stream()
        self._composer.set_busy(True)
        self.busy_changed.emit(True)
        self._publish_regenerate()
        if self._tools is not None and self._composer.tools_enabled() and not pending.continue_from:
            self._tools.start(request, self.conversation_id)
            return
        if self._tools is not None and not pending.continue_from:
            # A regenerated reply written without tools no longer has the old one's calls.
            try:
                self._tools.calls.save(pending.reply_message_id, ())
            except StorageError as exc:
                self.error.emit(str(exc))
        self._bridge.submit(request)

    def _model_parameters(self) -> int | None:
        """The size of the model the reply comes from (the one loading, if one is)."""
        if self.loading_model is not None:
            return self.loading_model.parameter_count
        return self.loaded_model.parameter_count if self.loaded_model is not None else None

    def stop(self) -> None:
        if self._active is not None:
            self._bridge.cancel(self._active.request_id)
            if self._tools is not None:
                self._tools.stop()
            self._status.show_state(tr("Stopping…"))

    def _is_current(self, request_id: int) -> bool:
        return self._active is not None and self._active.request_id == request_id

    def _on_prompt_ready(self, request_id: int, prompt_tokens: int, trimmed_turns: int) -> None:
        if not self._is_current(request_id):
            return
        if self.loaded_model is not None:
            self._status.set_context(prompt_tokens, self.loaded_model.n_ctx)
        if trimmed_turns:
            self._view.add_notice(
                tr_n(
                    trimmed_turns,
                    "{n} older message was left out so the conversation fits the model's "
                    "context window.",
                    "{n} older messages were left out so the conversation fits the model's "
                    "context window.",
                )
            )

    def _on_text(self, request_id: int, text: str) -> None:
        active = self._active
        if active is None or active.request_id != request_id:
            return  # a stale reply: Stop was pressed or another reply replaced it
        self._view.append_stream(text)
        try:
            active.reply.add(text)
        except StorageError as exc:
            self.error.emit(str(exc))

    def _on_finished(self, request_id: int, event: Finished) -> None:
        active = self._active
        if active is None or active.request_id != request_id:
            return
        self._active = None
        stored = store_finished(self._chats, active, event.text, event.stats, self.loaded_model)
        if stored.error is not None:
            self.error.emit(stored.error)
        stats = event.stats
        self._view.end_stream(
            stored.text,
            message_id=stored.message_id,
            complete=stored.complete,
            meta=stored.meta,
            finish_reason=stats.finish_reason,
        )
        finished = self._view.message_widget(stored.message_id)
        if finished is not None:
            finished.uncertainty.set_confidence(stored.confidence)
        if active.pending.conversation_id == self.conversation_id:
            # A reply stopped because its chat was left must not speak for the chat now in view.
            self.reply_finished.emit(stored.message_id)
            self._status.set_speed(stats.decode_tokens_per_s)
            self._status.set_context(stats.context_used, stats.n_ctx)
        if stats.finish_reason in FINISH_STATES:
            self._status.show_state(FINISH_STATES[stats.finish_reason])
        self._end_turn()

    def _on_tool_finished(self, outcome: ToolFinished) -> None:
        """A reply with tools: its calls are stored with it, then it ends as any reply."""
        active, request_id = self._active, outcome.finished.request_id
        if self._tools is not None and active is not None and active.request_id == request_id:
            try:
                self._tools.calls.save(active.pending.reply_message_id, outcome.events)
            except StorageError as exc:
                self.error.emit(str(exc))
        self._on_finished(request_id, outcome.finished)

    def _stored_tool_calls(self, conversation_id: int) -> ToolCallsByMessage:
        if self._tools is None:
            return {}
        try:
            return self._tools.calls.of_conversation(conversation_id)
        except StorageError as exc:
            self.error.emit(str(exc))
            return {}

    def _on_failed(self, request_id: int, message: str) -> None:
        active = self._active
        if active is None or active.request_id != request_id:
            return
        self._active = None
        store_failed(self._chats, active)  # the engine error below is the one to show
        self._view.end_stream(
            active.text, message_id=active.pending.reply_message_id, complete=False, meta=""
        )
        self.error.emit(message)
        self._end_turn()

    def _end_turn(self) -> None:
        self._composer.set_busy(False)
        self.busy_changed.emit(False)
        self._publish_regenerate()
        if self.conversation_id is not None:
            self.conversation_changed.emit(self.conversation_id)

    def shutdown(self) -> None:
        """Save a reply in progress as incomplete before the app closes."""
        active, self._active = self._active, None
        if self._tools is not None:
            self._tools.stop()
        if active is not None:
            self._bridge.cancel(active.request_id)
            store_failed(self._chats, active)
