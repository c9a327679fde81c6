"""The steps of a chat turn against storage: what to send, where the reply goes, how it ends.

An assistant reply gets its database row *before* the first token, marked incomplete, and is
saved as it streams; so a crash, a kill or Stop never loses what was written, and the message
says it is incomplete until the reply finishes normally.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from app.chats.conversation_repository import ConversationRepository
from app.chats.message_repository import MessageRepository
from app.engine.types import (
    ActiveAdapter,
    ChatTurn,
    GenerationStats,
    LoadedModel,
    SamplingParams,
)
from app.knowledge.grounding import (
    NOT_IN_DOCUMENTS,
    Citation,
    Grounding,
    compose_user_message,
    grounding_instruction,
)
from app.knowledge.knowledge_base import KnowledgeBase
from app.storage.records import AdapterRecord, Conversation, GenerationRecord, Message

from .citation_placement import place_citations
from .confidence import moved_to, reply_confidence
from .recording import adapter_uses, continued_record, generation_record, sampling_of
from .reply_check import check_reply

TITLE_LENGTH = 60
DEFAULT_TITLE = "New chat"
# Without a model-specific budget, documents may take this many tokens of the prompt.
DEFAULT_DOCUMENT_BUDGET = 2048


@dataclass(frozen=True)
class PendingReply:
    conversation_id: int
    turns: tuple[ChatTurn, ...]  # what the model is asked to continue
    reply_message_id: int  # the (incomplete) assistant row the reply streams into
    user_message: Message | None = None  # the message just sent, if this turn sent one
    citations: tuple[Citation, ...] = ()  # the document passages given with the question
    # Continuing a reply cut off at the length limit: its text so far, the record of how it
    # was generated, and the sampling the continuation must use (the same, seed included).
    continue_from: str = ""
    earlier: GenerationRecord | None = None
    sampling: SamplingParams | None = None

    def reply_text(self, added: str) -> str:
        """The whole reply once `added` (what the model wrote now) is appended."""
        return self.continue_from + added


def title_from(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= TITLE_LENGTH else line[: TITLE_LENGTH - 1].rstrip() + "…"


def turns_for(messages: list[Message], system_prompt: str | None) -> tuple[ChatTurn, ...]:
    turns: list[ChatTurn] = []
    if system_prompt:
        turns.append(ChatTurn("system", system_prompt))
    for message in messages:
        # An empty row is a reply that never produced text (e.g. stopped at once): skip it.
        if message.role == "system" or not message.content:
            continue
        turns.append(ChatTurn(message.role, message.content))
    return tuple(turns)


class ConversationService:
    def __init__(
        self,
        conversations: ConversationRepository,
        messages: MessageRepository,
        *,
        default_system_prompt: str,
        adapter_at: Callable[[str], AdapterRecord | None] | None = None,
        knowledge: KnowledgeBase | None = None,
    ) -> None:
        self.conversations = conversations
        self.messages = messages
        self.default_system_prompt = default_system_prompt
        # Looks up a registered adapter by path, so a reply records its sha256, not a path.
        self._adapter_at = adapter_at or (lambda _path: None)
        self.knowledge = knowledge
        # How many prompt tokens documents may take; the GUI sets it from the loaded model.
        self.document_budget = DEFAULT_DOCUMENT_BUDGET

    def new_conversation(self, *, model_id: int | None = None) -> Conversation:
        return self.conversations.create(DEFAULT_TITLE, model_id=model_id)

    def list_conversations(self, title_filter: str | None = None) -> list[Conversation]:
        """Most recently updated first; `title_filter` keeps titles that contain it."""
        return self.conversations.list(title_filter)

    def is_empty(self, conversation_id: int) -> bool:
        return not self.messages.list(conversation_id)

    def rename(self, conversation_id: int, title: str) -> Conversation:
        return self.conversations.rename(conversation_id, title)

    def delete(self, conversation_id: int) -> None:
        self.conversations.delete(conversation_id)

    def system_prompt_of(self, conversation: Conversation) -> str:
        return conversation.system_prompt or self.default_system_prompt

    # ---- reading and settings the window needs -------------------------------------------------

    def conversation(self, conversation_id: int) -> Conversation:
        return self.conversations.get(conversation_id)

    def messages_of(self, conversation_id: int) -> list[Message]:
        return self.messages.list(conversation_id)

    def message(self, message_id: int) -> Message:
        return self.messages.get(message_id)

    def set_grounded_only(self, conversation_id: int, grounded_only: bool) -> Conversation:
        """Answer only from the chat's documents (True), or from them and the model."""
        return self.conversations.set_grounded_only(conversation_id, grounded_only)

    def _pending(self, conversation_id: int, user_message: Message | None = None) -> PendingReply:
        conversation = self.conversations.get(conversation_id)
        history = self.messages.list(conversation_id)
        turns = turns_for(history, self.system_prompt_of(conversation))
        turns, citations = self._grounded(conversation, turns)
        reply = self.messages.add(conversation_id, "assistant", "", complete=False)
        return PendingReply(conversation_id, turns, reply.id, user_message, citations)

    def _grounded(
        self, conversation: Conversation, turns: tuple[ChatTurn, ...]
    ) -> tuple[tuple[ChatTurn, ...], tuple[Citation, ...]]:
        """The turns with the chat's documents: whole documents in the system turn, retrieved
        passages in front of the last question.

        Only the question being answered gets passages (earlier turns stay as they were said),
        so long chats about documents do not fill the context with old excerpts.
        """
        if self.knowledge is None or not turns or turns[-1].role != "user":
            return turns, ()
        attached = self.knowledge.store.conversation_attachments(conversation.id)
        if not any(attached) and not conversation.grounded_only:
            return turns, ()
        question = turns[-1].content
        grounding = (
            self.knowledge.ground_conversation(
                conversation.id, question, token_budget=self.document_budget
            )
            if any(attached)
            else Grounding("", (), "none", 0)
        )
        instruction = grounding_instruction(grounded_only=conversation.grounded_only)
        if not grounding.context and conversation.grounded_only:
            # Nothing to answer from: the model is told so, and must say it plainly.
            last = ChatTurn(
                "user",
                f"No documents are attached.\n\nQuestion: {question}\n\n"
                f'Reply exactly: "{NOT_IN_DOCUMENTS}"',
            )
        elif grounding.mode == "whole":
            # Whole documents are the same for every question of the chat: in the system turn,
            # before the questions, they stay a prefix the KV cache keeps, so a follow-up
            # evaluates only its new turns. (Retrieved passages differ per question: they go
            # with the question they were picked for.)
            instruction = f"{instruction}\n\n{grounding.context}"
            last = turns[-1]
        else:
            last = ChatTurn("user", compose_user_message(question, grounding))
        head = list(turns[:-1])
        if head and head[0].role == "system":
            head[0] = ChatTurn("system", f"{head[0].content}\n\n{instruction}")
        else:
            head.insert(0, ChatTurn("system", instruction))
        return (*head, last), grounding.citations

    def send(self, conversation_id: int, text: str) -> PendingReply:
        """Store the user's message and open the reply."""
        conversation = self.conversations.get(conversation_id)
        if not self.messages.list(conversation_id) and conversation.title == DEFAULT_TITLE:
            self.conversations.rename(conversation_id, title_from(text))
        user_message = self.messages.add(conversation_id, "user", text)
        return self._pending(conversation_id, user_message)

    def regenerate(self, conversation_id: int) -> PendingReply:
        """Replace the last assistant reply with a new one."""
        history = self.messages.list(conversation_id)
        last = history[-1] if history else None
        if last is None or last.role != "assistant":
            raise ValueError("There is no reply to regenerate.")
        self.messages.truncate_from(conversation_id, last.position)
        return self._pending(conversation_id)

    def edit_and_resend(self, conversation_id: int, message_id: int, text: str) -> PendingReply:
        """Change an earlier user message; everything after it is replaced by a new reply."""
        message = self.messages.get(message_id)
        if message.conversation_id != conversation_id or message.role != "user":
            raise ValueError("Only your own messages in this chat can be edited.")
        self.messages.truncate_from(conversation_id, message.position + 1)
        self.messages.edit_content(message_id, text)
        return self._pending(conversation_id)

    def continue_reply(
        self,
        conversation_id: int,
        *,
        model: LoadedModel,
        adapters: tuple[ActiveAdapter, ...] = (),
    ) -> PendingReply:
        """Go on with the chat's last reply, which stopped at the length limit, in the same
        message. Raises ValueError (a sentence for the user) when it cannot be continued."""
        history = self.messages.list(conversation_id)
        last = history[-1] if history else None
        record = last.generation if last is not None else None
        if last is None or last.role != "assistant" or record is None:
            raise ValueError("There is no reply to continue.")
        if record.finish_reason != "length" or not last.content:
            raise ValueError("Only a reply cut off at the length limit can be continued.")
        if record.model_sha256 != model.sha256:
            raise ValueError(
                f"This reply was written by {record.model_name}; load that model to continue it."
            )
        in_use = adapter_uses(adapters, self._adapter_at)
        if [(a.sha256, a.scale) for a in in_use] != [(a.sha256, a.scale) for a in record.adapters]:
            raise ValueError(
                "This reply was written with other adapters; attach the same ones to continue it."
            )
        feedback = self.messages.reply_feedback(conversation_id).get(last.id)
        if feedback is not None and feedback.edited:
            raise ValueError(
                "You edited this reply, so it is no longer the model's text to continue; "
                "edit it further or regenerate it."
            )
        conversation = self.conversations.get(conversation_id)
        turns = turns_for(history[:-1], self.system_prompt_of(conversation))
        turns, citations = self._grounded(conversation, turns)
        if feedback is not None and feedback.mark is not None:
            self.messages.mark_reply(last.id, None)  # the verdict was on the shorter text
        # The model writes on exactly where the reply stopped; trailing spaces would make it
        # start its next word with a second one.
        before = last.content.rstrip(" \t")
        self.messages.update(last.id, content=before, complete=False)
        return PendingReply(
            conversation_id,
            turns,
            last.id,
            citations=citations,
            continue_from=before,
            earlier=record,
            sampling=sampling_of(record),
        )

    def save_partial(self, reply_message_id: int, text: str) -> None:
        self.messages.update(reply_message_id, content=text, complete=False)

    def finish(
        self,
        reply_message_id: int,
        text: str,
        *,
        stats: GenerationStats,
        sampling: SamplingParams,
        model: LoadedModel,
        citations: tuple[Citation, ...] = (),
        earlier: GenerationRecord | None = None,
        turns: tuple[ChatTurn, ...] = (),
    ) -> Message:
        """A reply that ended by itself (at an end token, the length limit or a loop) is
        complete; Stop is not. `text` is the whole reply; `earlier`: the record of the part
        before, when this generation continued it; `turns`: what the model was given.

        A grounded reply is stored with Hearth's own citations placed in it and checked
        against its passages, turns and instructions (see citation_placement, reply_check).
        """
        complete = stats.finish_reason in ("stop", "length", "repetition")
        record = generation_record(stats, sampling, model, adapter_at=self._adapter_at)
        record = replace(record, confidence=reply_confidence(stats.token_logprobs, text, earlier))
        if earlier is not None:
            record = continued_record(earlier, record)
        if not citations:
            return self.messages.update(
                reply_message_id,
                content=text,
                complete=complete,
                generation=record,
                issues=check_reply(text, (), turns),
            )
        placed = place_citations(text, citations)
        issues = check_reply(
            placed.text, [c.text for c in citations], turns, unsupported=placed.unsupported
        )
        confidence = moved_to(record.confidence, text, placed.text)
        return self.messages.update(
            reply_message_id,
            content=placed.text,
            complete=complete,
            generation=replace(record, confidence=confidence),
            citations=placed.citations,
            issues=issues,
        )

    def accept_issues(self, reply_message_id: int) -> Message:
        """The user keeps a flagged reply as it is: recorded, and its badge goes."""
        return self.messages.accept_issues(reply_message_id)

    def fail(self, reply_message_id: int, text: str) -> Message:
        """Keep whatever arrived before the failure, marked incomplete."""
        return self.messages.update(reply_message_id, content=text, complete=False)
