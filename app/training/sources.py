"""Training examples from the user's own work: chat replies marked good or edited, and generated
documents the user edited and saved (the recipe's prompt -> the saved text)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Protocol

from app.storage.records import Conversation, Message
from app.templates.recipe import GeneratedDocument
from app.training.examples import TrainingExample, Turn, make_example
from app.training.records import ReplyFeedback

CONTEXT_MESSAGES: Final = 6  # earlier turns kept before a reply (older ones rarely matter)


class MessageSource(Protocol):
    def get(self, message_id: int) -> Message: ...
    def list(self, conversation_id: int) -> list[Message]: ...


class ConversationSource(Protocol):
    def get(self, conversation_id: int) -> Conversation: ...


class DocumentSource(Protocol):
    def list(self) -> list[GeneratedDocument]: ...


def wants_training(feedback: ReplyFeedback, current_content: str) -> bool:
    """Marked good, or edited (and not marked bad): the current text is worth learning."""
    if feedback.mark == "bad":
        return False
    edited = (
        feedback.generated_content is not None and feedback.generated_content != current_content
    )
    return feedback.mark == "good" or edited


def examples_from_chats(
    feedback: Sequence[ReplyFeedback],
    messages: MessageSource,
    conversations: ConversationSource,
) -> list[TrainingExample]:
    """One example per assistant reply the user marked good or edited, with the conversation
    before it (its system prompt and up to CONTEXT_MESSAGES earlier messages) as the prompt."""
    from app.storage.errors import NotFoundError

    examples: list[TrainingExample] = []
    for item in feedback:
        try:
            message = messages.get(item.message_id)
        except NotFoundError:
            continue  # deleted with its chat since
        if message.role != "assistant" or not message.content.strip():
            continue
        if not wants_training(item, message.content):
            continue
        history = [
            m
            for m in messages.list(message.conversation_id)
            if m.position < message.position
            and m.role in ("user", "assistant")
            and m.content.strip()
        ][-CONTEXT_MESSAGES:]
        while history and history[0].role != "user":
            history.pop(0)
        if not history or history[-1].role != "user":
            continue  # a reply without a question before it teaches nothing usable
        turns: list[Turn] = []
        system = conversations.get(message.conversation_id).system_prompt
        if system and system.strip():
            turns.append(Turn("system", system))
        turns += [Turn(m.role, m.content) for m in history]  # type: ignore[arg-type]
        turns.append(Turn("assistant", message.content))
        kind = "edited" if item.mark != "good" else "marked good"
        examples.append(
            TrainingExample(
                tuple(turns), source=f"chat {message.conversation_id}, reply {message.id} ({kind})"
            )
        )
    return examples


def examples_from_documents(documents: DocumentSource) -> list[TrainingExample]:
    """One example per generated document whose saved text differs from what was generated."""
    examples: list[TrainingExample] = []
    for document in documents.list():
        if not document.edited or not document.content.strip():
            continue
        plan = document.recipe.plan
        examples.append(
            make_example(
                plan.brief,
                document.content,
                system=plan.system_prompt or None,
                source=f"document {document.id} ({document.title})",
            )
        )
    return examples
