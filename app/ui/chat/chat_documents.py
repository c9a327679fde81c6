"""Documents in a chat: attaching (files, drops, collections), indexing them off the GUI thread,
the "grounded only" switch, and opening the sources an answer cites.

The chat's own turn logic stays in ChatController; this object only keeps the attachment bar,
the knowledge base and the sources panel in step with the chat in view.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.chats.citation_placement import support_span
from app.chats.conversation_service import ConversationService
from app.knowledge.grounding import Citation
from app.knowledge.indexer import BatchReport
from app.knowledge.knowledge_base import Attach, KnowledgeBase
from app.storage import StorageError
from app.storage.records import Message
from app.ui.chat.chat_controller import ChatController
from app.ui.chat.chat_view import ChatView
from app.ui.common.i18n import tr, tr_n
from app.ui.knowledge import AttachmentBar, AttachmentItem, IndexingTask, SourcesPanel


class ChatDocuments(QObject):
    error = Signal(str)
    sources_requested = Signal()  # the sources panel has something to show: bring it forward

    def __init__(
        self,
        *,
        knowledge: KnowledgeBase,
        chats: ConversationService,
        controller: ChatController,
        bar: AttachmentBar,
        sources: SourcesPanel,
        chat_view: ChatView,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._kb = knowledge
        self._chats = chats
        self._controller = controller
        self._bar = bar
        self._sources = sources
        self._view = chat_view
        self._task: IndexingTask | None = None

        bar.files_chosen.connect(self.attach_files)
        bar.collection_chosen.connect(self.attach_collection)
        bar.detach_requested.connect(self._detach)
        bar.grounded_only_changed.connect(self._set_grounded_only)
        bar.cancel_indexing.connect(self.cancel)
        chat_view.citation_clicked.connect(self.show_source)
        chat_view.accept_issues_requested.connect(self.accept_issues)
        controller.conversation_opened.connect(self._on_conversation_opened)
        controller.reply_finished.connect(self._on_reply_finished)

    # ---- attaching ---------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._task is not None

    def attach_files(self, paths: Sequence[Path]) -> IndexingTask | None:
        """Index the files (a child process parses them) and attach them to the chat in view."""
        files = [Path(p) for p in paths]
        if not files:
            return None
        if self._task is not None:
            self.error.emit(tr("Documents are still being indexed; wait for them or cancel first."))
            return None
        conversation_id = self._controller.conversation_id
        if conversation_id is None:
            conversation_id = self._controller.new_conversation()
        task = IndexingTask.add_files(
            self._kb, files, attach_to=Attach.to_chat(conversation_id), parent=self
        )
        task.progress.connect(self._bar.show_progress)
        task.finished.connect(self._on_indexed)
        task.failed.connect(self._on_index_failed)
        self._task = task
        self._bar.show_progress(0, len(files), files[0].name)
        task.start()
        return task

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def attach_collection(self, collection_id: int) -> None:
        conversation_id = self._controller.conversation_id
        if conversation_id is None:
            conversation_id = self._controller.new_conversation()
        try:
            self._kb.attach_to_chat(conversation_id, collection_ids=[collection_id])
        except StorageError as exc:
            self.error.emit(str(exc))
        self.refresh()

    def _on_indexed(self, report: BatchReport) -> None:
        # The knowledge base attached the files to the chat as it indexed them.
        self._task = None
        self._bar.hide_progress()
        failed = report.failed
        if failed:
            lines = "; ".join(f"{o.path.name}: {o.error}" for o in failed[:5])
            more = (
                tr(" (and {count} more)").format(count=len(failed) - 5) if len(failed) > 5 else ""
            )
            self.error.emit(tr("Some files could not be read: {files}").format(files=lines + more))
        if report.cancelled:
            self.error.emit(tr("Indexing was cancelled; the files read so far are attached."))
        self.refresh()

    def _on_index_failed(self, message: str) -> None:
        self._task = None
        self._bar.hide_progress()
        self.error.emit(tr("Indexing failed: {message}").format(message=message))

    def _detach(self, kind: str, item_id: int) -> None:
        conversation_id = self._controller.conversation_id
        if conversation_id is None:
            return
        try:
            if kind == "collection":
                self._kb.detach_from_chat(conversation_id, collection_ids=[item_id])
            else:
                self._kb.detach_from_chat(conversation_id, document_ids=[item_id])
        except StorageError as exc:
            self.error.emit(str(exc))
        self.refresh()

    def _set_grounded_only(self, grounded_only: bool) -> None:
        conversation_id = self._controller.conversation_id
        if conversation_id is None:
            conversation_id = self._controller.new_conversation()
        try:
            self._chats.set_grounded_only(conversation_id, grounded_only)
        except StorageError as exc:
            self.error.emit(str(exc))

    # ---- what the bar shows ------------------------------------------------------------------

    def refresh(self) -> None:
        """The bar shows the attachments and the switch of the chat in view."""
        conversation_id = self._controller.conversation_id
        try:
            collections = self._kb.collections()
            self._bar.set_collections([(c.id, c.name) for c in collections])
            if conversation_id is None:
                self._bar.set_attachments([])
                self._bar.set_grounded_only(False)
                return
            document_ids, collection_ids = self._kb.chat_attachments(conversation_id)
            names = {c.id: c.name for c in collections}
            items = [
                AttachmentItem(
                    "collection", cid, names.get(cid, tr("collection {id}").format(id=cid))
                )
                for cid in collection_ids
            ]
            for document_id in document_ids:
                record = self._kb.document(document_id)
                failed = record.status == "failed"
                items.append(
                    AttachmentItem(
                        "document",
                        record.id,
                        record.file_name,
                        "failed" if failed else "ready",
                        record.error or ""
                        if failed
                        else _describe(record.format, record.page_count),
                        record.notes,
                    )
                )
            self._bar.set_attachments(items)
            conversation = self._chats.conversation(conversation_id)
            self._bar.set_grounded_only(conversation.grounded_only)
        except StorageError as exc:
            self.error.emit(str(exc))

    def _on_conversation_opened(self, conversation_id: object) -> None:
        # The previous chat's sources go first, whatever this chat turns out to have.
        self._sources.clear()
        self.refresh()
        if conversation_id is None:
            return
        try:
            messages = self._chats.messages_of(int(str(conversation_id)))
        except StorageError as exc:
            self.error.emit(str(exc))
            return
        # Grounded replies get their chips, [n] links and flags; the Sources panel follows the
        # chat: it shows the sources of this chat's last grounded answer, or nothing.
        last: Message | None = None
        for message in messages:
            if message.citations:
                self._show_checks(message)
                last = message
        if last is not None:
            self._show_sources_of(last, title=tr("Sources of the last answer"))

    def _on_reply_finished(self, message_id: int) -> None:
        try:
            message = self._chats.message(message_id)
        except StorageError:
            return
        if not message.citations or message.conversation_id != self._controller.conversation_id:
            return
        self._show_checks(message)
        self._show_sources_of(message, title=tr("Sources of the last answer"))

    def _show_checks(self, message: Message) -> None:
        widget = self._view.message_widget(message.id)
        if widget is not None:
            widget.set_citations({c.number for c in _citations(message)})
            widget.set_checks(message.citations, message.issues, accepted=message.issues_accepted)

    def accept_issues(self, message_id: int) -> None:
        """ "Accept as is" on a flagged reply: recorded, and its badge goes."""
        try:
            message = self._chats.accept_issues(message_id)
        except StorageError as exc:
            self.error.emit(str(exc))
            return
        self._show_checks(message)

    # ---- sources -----------------------------------------------------------------------------

    def show_source(self, message_id: int, number: int) -> None:
        try:
            message = self._chats.message(message_id)
        except StorageError as exc:
            self.error.emit(str(exc))
            return
        self._show_sources_of(message, title=tr("Sources of this answer"), highlight=number)
        self.sources_requested.emit()

    def _show_sources_of(
        self, message: Message, *, title: str, highlight: int | None = None
    ) -> None:
        """The sources the reply cites (all it was given when it cites none), each with the
        sentence that supports the reply marked."""
        citations = _citations(message)
        used = [c for c, raw in zip(citations, message.citations, strict=True) if raw.get("used")]
        shown = citations if highlight is not None or not used else used
        supports = {
            int(raw.get("number") or 0): span
            for raw in message.citations
            if (span := support_span(raw)) is not None
        }
        self._sources.show_citations(shown, highlight=highlight, title=title, supports=supports)

    def shutdown(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task.wait(10)


def _citations(message: Message) -> list[Citation]:
    return [Citation.from_json(c) for c in message.citations]


def _describe(document_format: str, pages: int | None) -> str:
    if not pages:
        return document_format.upper()
    return tr_n(pages, "{format} · {n} page", "{format} · {n} pages").format(
        format=document_format.upper()
    )
