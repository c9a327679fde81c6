"""A follow-up question about the same attached document reuses the cached prompt prefix."""

from __future__ import annotations

import threading
from pathlib import Path

from app.chats.conversation_repository import ConversationRepository
from app.chats.conversation_service import ConversationService, PendingReply
from app.chats.message_repository import MessageRepository
from app.engine.llama_engine import LlamaEngine
from app.engine.types import GenerationResult, SamplingParams
from app.knowledge.extractors.dispatch import extract_document
from app.knowledge.knowledge_base import Attach, KnowledgeBase
from app.storage import Database

HARBOUR = (
    "The harbour of Kettleness opens at six in the morning. The first ferry to Brindle Island "
    "leaves at 07:40 from pier three; a return ticket costs 14 euros. "
)


def answer(
    engine: LlamaEngine, service: ConversationService, pending: PendingReply
) -> GenerationResult:
    sampling = SamplingParams(max_tokens=16, seed=5, temperature=0.0)
    result = engine.generate(
        pending.turns, sampling, on_text=lambda _t: None, stop=threading.Event()
    )
    assert engine.loaded is not None
    service.finish(
        pending.reply_message_id,
        result.text,
        stats=result.stats,
        sampling=sampling,
        model=engine.loaded,
        citations=pending.citations,
        turns=pending.turns,
    )
    return result


def test_the_follow_up_evaluates_only_its_new_turns(engine: LlamaEngine, tmp_path: Path) -> None:
    db = Database.open(tmp_path / "db.sqlite3", backups_dir=tmp_path / "backups")
    knowledge = KnowledgeBase(db, extractor=extract_document)
    service = ConversationService(
        ConversationRepository(db),
        MessageRepository(db),
        default_system_prompt="Be brief.",
        knowledge=knowledge,
    )
    guide = tmp_path / "harbour.txt"
    guide.write_text("".join(f"Section {n}. {HARBOUR}\n\n" for n in range(1, 11)), "utf-8")
    chat = service.new_conversation()
    report = knowledge.add_files([guide], attach_to=Attach.to_chat(chat.id))
    assert [o.document is not None for o in report.outcomes] == [True]

    first = answer(engine, service, service.send(chat.id, "When does the first ferry leave?"))
    assert first.stats.prompt_tokens > 300  # the whole guide went in
    follow_up = service.send(chat.id, "What does a return ticket cost?")
    # The guide sits before the questions, where it stays the same from one question to the next.
    assert "Section 10." in follow_up.turns[0].content
    assert follow_up.turns[-1].content == "What does a return ticket cost?"
    second = answer(engine, service, follow_up)
    assert second.stats.prompt_tokens > first.stats.prompt_tokens
    assert second.stats.prompt_tokens_evaluated < second.stats.prompt_tokens // 4
