"""Round trips through every repository method, on a fresh database per test."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.chats.conversation_repository import ConversationRepository
from app.chats.message_repository import MessageRepository
from app.config import Paths
from app.library.model_repository import ModelRepository
from app.storage import Database, GenerationRecord, NewModel, NotFoundError


@pytest.fixture
def db(hearth_home: Path) -> Iterator[Database]:
    paths = Paths.resolve()
    database = Database.open(paths.database, backups_dir=paths.backups_dir)
    yield database
    database.close()


@pytest.fixture
def models(db: Database) -> ModelRepository:
    return ModelRepository(db)


@pytest.fixture
def conversations(db: Database) -> ConversationRepository:
    return ConversationRepository(db)


@pytest.fixture
def messages(db: Database) -> MessageRepository:
    return MessageRepository(db)


def new_model(path: str = "/models/a.gguf", **changes: object) -> NewModel:
    model = NewModel(
        name="SmolLM2 135M",
        path=path,
        sha256="ab" * 32,
        size_bytes=123_456,
        architecture="llama",
        parameter_count=135_000_000,
        quantization="Q4_1",
        context_length=8192,
        has_chat_template=True,
        license="apache-2.0",
    )
    return replace(model, **changes)  # type: ignore[arg-type]


def generation(**changes: object) -> GenerationRecord:
    record = GenerationRecord(
        model_sha256="ab" * 32,
        model_name="SmolLM2 135M",
        sampling={"temperature": 0.7, "top_p": 0.95, "top_k": 40, "max_tokens": 512},
        seed=4_294_967_295,
        prompt_tokens=120,
        prompt_tokens_evaluated=20,
        completion_tokens=33,
        ttft_s=0.25,
        decode_tokens_per_s=41.5,
        total_s=1.05,
        finish_reason="stop",
        backend="CUDA",
        n_ctx=4096,
        trimmed_turns=2,
    )
    return replace(record, **changes)  # type: ignore[arg-type]


def count_rows(db: Database, table: str) -> int:
    conn = sqlite3.connect(db.path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def assert_recent_utc(value: datetime) -> None:
    assert value.tzinfo is not None
    assert value.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - value) < timedelta(minutes=1)


# --- models -------------------------------------------------------------------------------------


def test_model_add_get_round_trip(models: ModelRepository) -> None:
    added = models.add(new_model())
    assert added.id > 0
    assert (added.name, added.path, added.sha256, added.size_bytes) == (
        "SmolLM2 135M",
        "/models/a.gguf",
        "ab" * 32,
        123_456,
    )
    assert (added.architecture, added.parameter_count, added.quantization) == (
        "llama",
        135_000_000,
        "Q4_1",
    )
    assert (added.context_length, added.has_chat_template, added.license) == (
        8192,
        True,
        "apache-2.0",
    )
    assert_recent_utc(added.added_at)
    assert models.get(added.id) == added


def test_model_optional_fields_stay_none(models: ModelRepository) -> None:
    bare = NewModel(name="x", path="/x.gguf", sha256="cd" * 32, size_bytes=1, architecture="qwen2")
    added = models.add(bare)
    fetched = models.get(added.id)
    assert fetched.parameter_count is None
    assert fetched.quantization is None
    assert fetched.context_length is None
    assert fetched.license is None
    assert fetched.has_chat_template is False


def test_model_add_same_path_updates_in_place(models: ModelRepository) -> None:
    first = models.add(new_model())
    second = models.add(new_model(name="Renamed", sha256="ef" * 32, size_bytes=999))
    assert second.id == first.id
    assert second.added_at == first.added_at
    assert (second.name, second.sha256, second.size_bytes) == ("Renamed", "ef" * 32, 999)
    assert models.list() == [second]


def test_model_list_in_registration_order(models: ModelRepository) -> None:
    b = models.add(new_model("/b.gguf", name="B"))
    a = models.add(new_model("/a.gguf", name="A"))
    assert [m.id for m in models.list()] == [b.id, a.id]


def test_model_find_by_path_and_sha(models: ModelRepository) -> None:
    one = models.add(new_model("/one.gguf"))
    two = models.add(new_model("/two.gguf"))
    other = models.add(new_model("/other.gguf", sha256="12" * 32))
    assert models.find_by_path("/two.gguf") == two
    assert models.find_by_path("/missing.gguf") is None
    assert models.find_by_sha256("ab" * 32) == [one, two]
    assert models.find_by_sha256(("12" * 32).upper()) == [other]
    assert models.find_by_sha256("00" * 32) == []


def test_model_get_and_remove_missing_raise(models: ModelRepository) -> None:
    with pytest.raises(NotFoundError, match="model 42"):
        models.get(42)
    with pytest.raises(NotFoundError):
        models.remove(42)


def test_model_remove_keeps_conversations_without_model(
    models: ModelRepository, conversations: ConversationRepository
) -> None:
    model = models.add(new_model())
    chat = conversations.create("uses it", model_id=model.id)
    models.remove(model.id)
    with pytest.raises(NotFoundError):
        models.get(model.id)
    assert models.list() == []
    assert conversations.get(chat.id).model_id is None


# --- conversations ------------------------------------------------------------------------------


def test_conversation_create_get_round_trip(
    models: ModelRepository, conversations: ConversationRepository
) -> None:
    model = models.add(new_model())
    chat = conversations.create("Hello", model_id=model.id, system_prompt="Be brief.")
    assert (chat.title, chat.model_id, chat.system_prompt) == ("Hello", model.id, "Be brief.")
    assert chat.created_at == chat.updated_at
    assert_recent_utc(chat.created_at)
    assert conversations.get(chat.id) == chat

    plain = conversations.create("Plain")
    assert (plain.model_id, plain.system_prompt) == (None, None)


def test_conversation_create_with_unknown_model_raises(
    conversations: ConversationRepository,
) -> None:
    with pytest.raises(NotFoundError, match="model 7"):
        conversations.create("x", model_id=7)
    assert conversations.list() == []


def test_conversation_get_missing_raises(conversations: ConversationRepository) -> None:
    with pytest.raises(NotFoundError, match="conversation 3"):
        conversations.get(3)
    with pytest.raises(NotFoundError):
        conversations.rename(3, "x")
    with pytest.raises(NotFoundError):
        conversations.touch(3)
    with pytest.raises(NotFoundError):
        conversations.delete(3)


def test_conversation_list_newest_updated_first(
    conversations: ConversationRepository, messages: MessageRepository
) -> None:
    a = conversations.create("a")
    b = conversations.create("b")
    c = conversations.create("c")
    assert [x.id for x in conversations.list()] == [c.id, b.id, a.id]
    touched = conversations.touch(a.id)
    assert touched.updated_at > a.updated_at
    assert [x.id for x in conversations.list()] == [a.id, c.id, b.id]
    messages.add(b.id, "user", "hi")
    assert [x.id for x in conversations.list()] == [b.id, a.id, c.id]


def test_conversation_rename_keeps_order(conversations: ConversationRepository) -> None:
    a = conversations.create("old")
    b = conversations.create("other")
    renamed = conversations.rename(a.id, "new title")
    assert renamed.title == "new title"
    assert renamed.updated_at == a.updated_at
    assert conversations.get(a.id).title == "new title"
    assert [x.id for x in conversations.list()] == [b.id, a.id]


def test_conversation_set_model(
    models: ModelRepository, conversations: ConversationRepository
) -> None:
    model = models.add(new_model())
    chat = conversations.create("x")
    assert conversations.set_model(chat.id, model.id).model_id == model.id
    assert conversations.get(chat.id).model_id == model.id
    assert conversations.set_model(chat.id, None).model_id is None
    assert conversations.get(chat.id).model_id is None
    with pytest.raises(NotFoundError):
        conversations.set_model(chat.id, model.id + 100)


def test_conversation_set_system_prompt(conversations: ConversationRepository) -> None:
    chat = conversations.create("x")
    assert conversations.set_system_prompt(chat.id, "Answer in French.").system_prompt == (
        "Answer in French."
    )
    assert conversations.get(chat.id).system_prompt == "Answer in French."
    assert conversations.set_system_prompt(chat.id, None).system_prompt is None
    assert conversations.get(chat.id).system_prompt is None
    with pytest.raises(NotFoundError):
        conversations.set_system_prompt(chat.id + 1, "x")


def test_conversation_delete_cascades_to_messages_and_generations(
    db: Database, conversations: ConversationRepository, messages: MessageRepository
) -> None:
    doomed = conversations.create("doomed")
    kept = conversations.create("kept")
    messages.add(doomed.id, "user", "q")
    messages.add(doomed.id, "assistant", "a", generation=generation())
    survivor = messages.add(kept.id, "user", "stays")
    assert count_rows(db, "messages") == 3
    assert count_rows(db, "generations") == 1

    conversations.delete(doomed.id)

    with pytest.raises(NotFoundError):
        conversations.get(doomed.id)
    assert count_rows(db, "messages") == 1
    assert count_rows(db, "generations") == 0
    assert messages.list(kept.id) == [survivor]
    assert [c.id for c in conversations.list()] == [kept.id]


def test_conversation_filter_escapes_like_wildcards(
    conversations: ConversationRepository,
) -> None:
    titles = ["100% done", "100 done", "a_b", "axb", "back\\slash", "Über Café", "über alles"]
    ids = {title: conversations.create(title).id for title in titles}

    def found(term: str | None) -> set[str]:
        return {c.title for c in conversations.list(term)}

    assert found("%") == {"100% done"}
    assert found("100%") == {"100% done"}
    assert found("_") == {"a_b"}
    assert found("a_b") == {"a_b"}
    assert found("\\") == {"back\\slash"}
    assert found("DONE") == {"100% done", "100 done"}
    assert found("ÜBER") == {"Über Café", "über alles"}
    assert found("café") == {"Über Café"}
    assert found("nothing") == set()
    assert found(None) == set(titles)
    assert found("") == set(titles)
    assert len(ids) == len(titles)


# --- messages -----------------------------------------------------------------------------------


def test_message_add_assigns_positions_and_round_trips(
    conversations: ConversationRepository, messages: MessageRepository
) -> None:
    chat = conversations.create("chat")
    other = conversations.create("other")
    system = messages.add(chat.id, "system", "You are terse.")
    user = messages.add(chat.id, "user", "Héllo 👋\nline two")
    reply = messages.add(chat.id, "assistant", "Hi", generation=generation())
    elsewhere = messages.add(other.id, "user", "separate")

    assert [m.position for m in (system, user, reply)] == [0, 1, 2]
    assert elsewhere.position == 0
    assert (user.role, user.content, user.complete, user.generation) == (
        "user",
        "Héllo 👋\nline two",
        True,
        None,
    )
    assert reply.generation == generation()
    assert_recent_utc(user.created_at)
    assert messages.list(chat.id) == [system, user, reply]
    assert messages.get(reply.id) == reply


def test_message_add_touches_conversation(
    conversations: ConversationRepository, messages: MessageRepository
) -> None:
    chat = conversations.create("chat")
    messages.add(chat.id, "user", "hi")
    assert conversations.get(chat.id).updated_at > chat.updated_at


def test_message_add_validates_role_and_conversation(
    conversations: ConversationRepository, messages: MessageRepository
) -> None:
    chat = conversations.create("chat")
    with pytest.raises(ValueError, match="role"):
        messages.add(chat.id, "tool", "x")  # type: ignore[arg-type]
    with pytest.raises(NotFoundError, match="conversation 999"):
        messages.add(999, "user", "x")
    with pytest.raises(NotFoundError):
        messages.list(999)
    with pytest.raises(NotFoundError, match="message 5"):
        messages.get(5)
    assert messages.list(chat.id) == []


def test_message_streaming_update_then_finalise(
    conversations: ConversationRepository, messages: MessageRepository
) -> None:
    chat = conversations.create("chat")
    messages.add(chat.id, "user", "q")
    reply = messages.add(chat.id, "assistant", "", complete=False)
    assert (reply.complete, reply.generation) == (False, None)

    partial = messages.update(reply.id, content="Hel", complete=False)
    assert (partial.content, partial.complete, partial.generation) == ("Hel", False, None)
    assert messages.get(reply.id) == partial

    final = messages.update(reply.id, content="Hello.", complete=True, generation=generation())
    assert (final.content, final.complete, final.generation) == ("Hello.", True, generation())
    assert final.position == reply.position
    assert final.created_at == reply.created_at
    assert messages.get(reply.id) == final

    # generation=None keeps the stored metadata; a new record replaces it.
    kept = messages.update(reply.id, content="Hello!", complete=True)
    assert kept.generation == generation()
    cut = generation(finish_reason="cancelled", completion_tokens=3, sampling={"seed": 1})
    replaced = messages.update(reply.id, content="He", complete=False, generation=cut)
    assert messages.get(reply.id).generation == cut == replaced.generation
    with pytest.raises(NotFoundError):
        messages.update(12345, content="x", complete=True)


def test_message_update_touches_conversation(
    conversations: ConversationRepository, messages: MessageRepository
) -> None:
    a = conversations.create("a")
    reply = messages.add(a.id, "assistant", "", complete=False)
    b = conversations.create("b")
    assert conversations.list()[0].id == b.id
    messages.update(reply.id, content="more", complete=False)
    assert conversations.list()[0].id == a.id


def test_message_nan_timing_is_stored_as_zero(
    conversations: ConversationRepository, messages: MessageRepository
) -> None:
    chat = conversations.create("chat")
    stored = messages.add(chat.id, "assistant", "x", generation=generation(ttft_s=float("nan")))
    assert stored.generation is not None
    assert stored.generation.ttft_s == 0.0


def test_message_edit_content_keeps_metadata(
    conversations: ConversationRepository, messages: MessageRepository
) -> None:
    chat = conversations.create("chat")
    reply = messages.add(chat.id, "assistant", "draft", complete=False, generation=generation())
    edited = messages.edit_content(reply.id, "edited text")
    assert edited == replace(reply, content="edited text")
    assert messages.get(reply.id) == edited
    with pytest.raises(NotFoundError):
        messages.edit_content(777, "x")


def test_message_truncate_from(
    db: Database, conversations: ConversationRepository, messages: MessageRepository
) -> None:
    chat = conversations.create("chat")
    other = conversations.create("other")
    added = [
        messages.add(chat.id, "user" if i % 2 == 0 else "assistant", f"m{i}") for i in range(5)
    ]
    messages.update(added[3].id, content="m3", complete=True, generation=generation())
    untouched = messages.add(other.id, "user", "other")

    before = conversations.get(chat.id).updated_at
    assert messages.truncate_from(chat.id, 2) == 3
    assert conversations.get(chat.id).updated_at > before
    assert messages.list(chat.id) == added[:2]
    assert messages.list(other.id) == [untouched]
    assert count_rows(db, "generations") == 0
    assert messages.truncate_from(chat.id, 2) == 0

    # The next message takes the freed position.
    assert messages.add(chat.id, "user", "again").position == 2
    assert messages.truncate_from(chat.id, 0) == 3
    assert messages.list(chat.id) == []
    with pytest.raises(ValueError):
        messages.truncate_from(chat.id, -1)
    with pytest.raises(NotFoundError):
        messages.truncate_from(999, 0)


def test_concurrent_adds_get_distinct_positions(
    conversations: ConversationRepository, messages: MessageRepository
) -> None:
    chat = conversations.create("busy")
    errors: list[BaseException] = []

    def writer(tag: str) -> None:
        try:
            for i in range(15):
                messages.add(chat.id, "user", f"{tag}{i}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(tag,)) for tag in "abc"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [m.position for m in messages.list(chat.id)] == list(range(45))
