"""AdapterLibrary on a real database, with adapters written for the starter model's shapes."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.chats.conversation_repository import ConversationRepository
from app.chats.message_repository import MessageRepository
from app.config import Paths
from app.library.adapter_library import AdapterLibrary
from app.library.adapter_repository import AdapterRepository
from app.library.gguf_header import read_gguf_header
from app.library.model_library import LibraryError
from app.storage import Database
from app.storage.records import AdapterUse, GenerationRecord
from tests.fixtures.make_lora import write_lora


@pytest.fixture
def paths(hearth_home: Path) -> Paths:
    return Paths.resolve().ensure()


@pytest.fixture
def db(paths: Paths) -> Iterator[Database]:
    with Database.open(paths.database, backups_dir=paths.backups_dir) as database:
        yield database


@pytest.fixture
def library(db: Database, paths: Paths) -> AdapterLibrary:
    return AdapterLibrary(AdapterRepository(db), paths)


@pytest.fixture
def lora(tmp_path: Path, starter_model: Path) -> Path:
    return write_lora(tmp_path / "lora.gguf", starter_model, rank=4, alpha=8.0)


def test_import_links_in_place_and_describes_the_adapter(
    library: AdapterLibrary, lora: Path
) -> None:
    record = library.import_adapter(lora)
    assert record.path == str(lora.resolve())
    assert record.sha256 == hashlib.sha256(lora.read_bytes()).hexdigest()
    assert (record.architecture, record.rank, record.alpha, record.tensor_count) == (
        "llama",
        4,
        8.0,
        60,
    )
    assert library.import_adapter(lora).id == record.id  # the same file is registered once
    assert [r.id for r in library.list()] == [record.id]


def test_copy_is_deleted_on_remove_but_a_linked_file_never_is(
    library: AdapterLibrary, lora: Path, paths: Paths
) -> None:
    linked = library.import_adapter(lora)
    copied = library.import_adapter(lora, copy=True)
    assert Path(copied.path).parent == paths.adapters_dir
    assert Path(copied.path).read_bytes() == lora.read_bytes()
    library.remove(linked.id, delete_file=True)
    assert lora.exists()
    library.remove(copied.id, delete_file=True)
    assert not Path(copied.path).exists()
    assert library.list() == []


def test_compatibility_names_the_tensor_that_does_not_fit(
    library: AdapterLibrary, tmp_path: Path, starter_model: Path, lora: Path
) -> None:
    base = read_gguf_header(starter_model)
    assert library.compatibility(library.import_adapter(lora), base) is None
    wide = library.import_adapter(write_lora(tmp_path / "w.gguf", starter_model, wrong_shape=True))
    problem = library.compatibility(wide, base)
    assert problem is not None and "blk.0.attn_q.weight" in problem


def test_models_and_garbage_are_refused(
    library: AdapterLibrary, tmp_path: Path, starter_model: Path
) -> None:
    with pytest.raises(LibraryError, match="not a LoRA adapter"):
        library.import_adapter(starter_model)
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"not a gguf at all" * 10)
    with pytest.raises(LibraryError, match=r"junk\.gguf"):
        library.import_adapter(junk)
    with pytest.raises(LibraryError, match="not found"):
        library.import_adapter(tmp_path / "missing.gguf")
    assert library.list() == []


def test_replies_keep_their_adapters_and_survive_a_damaged_column(
    db: Database, paths: Paths
) -> None:
    chat = ConversationRepository(db).create("x")
    uses = (AdapterUse("legal", "ab" * 32, 0.75), AdapterUse("tone", "cd" * 32, 1.5))
    record = GenerationRecord(
        model_sha256="ef" * 32,
        model_name="m",
        sampling={},
        seed=3,
        prompt_tokens=1,
        prompt_tokens_evaluated=1,
        completion_tokens=1,
        ttft_s=0.1,
        decode_tokens_per_s=1.0,
        total_s=0.2,
        finish_reason="stop",
        adapters=uses,
    )
    messages = MessageRepository(db)
    message = messages.add(chat.id, "assistant", "hi", generation=record)
    assert messages.get(message.id).generation == record

    raw = sqlite3.connect(paths.database)
    raw.execute('UPDATE generations SET adapters = \'[{"name": 1}, "junk"\' ')
    raw.commit()
    raw.close()
    damaged = messages.get(message.id).generation
    assert damaged is not None and damaged.adapters == ()  # readable, not fatal


def test_an_encrypted_profile_never_writes_a_plain_copy(
    db: Database, paths: Paths, tmp_path: Path, starter_model: Path
) -> None:
    from app.security.file_crypto import decrypt_file, is_encrypted_file
    from app.security.keys import MasterKey

    key = MasterKey(bytes(range(32)))
    library = AdapterLibrary(AdapterRepository(db), paths, key=key)
    source = write_lora(tmp_path / "secret-domain.gguf", starter_model, rank=8, alpha=16.0)
    plain_seen: list[str] = []

    def look_at_the_folder(_done: int, _total: int) -> None:
        # At every progress report, nothing in the adapters folder may be a readable GGUF.
        for entry in paths.adapters_dir.glob("*"):
            if entry.is_file() and entry.read_bytes()[:4] == b"GGUF":
                plain_seen.append(entry.name)

    record = library.import_adapter(source, copy=True, progress=look_at_the_folder)
    assert plain_seen == []
    stored = Path(record.path)
    assert is_encrypted_file(stored)
    assert record.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()  # the plain file's
    decrypt_file(stored, tmp_path / "back.gguf", key)
    assert (tmp_path / "back.gguf").read_bytes() == source.read_bytes()
    assert [p.name for p in paths.adapters_dir.iterdir()] == [stored.name]  # no leftovers
