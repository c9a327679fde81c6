"""The document index on a real SQLite file: add, search ranking, collections, removal, re-index."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import Paths
from app.knowledge.chunking import ChunkingOptions
from app.knowledge.errors import ExtractionCancelled
from app.knowledge.knowledge_base import Attach, KnowledgeBase
from app.storage import Database, NotFoundError
from tests.fixtures.documents import write_every_format, write_pdf


@pytest.fixture
def db(hearth_home: Path) -> Iterator[Database]:
    paths = Paths.resolve()
    database = Database.open(paths.database, backups_dir=paths.backups_dir)
    yield database
    database.close()


@pytest.fixture
def kb(db: Database) -> KnowledgeBase:
    return KnowledgeBase(db, chunking=ChunkingOptions(target_chars=300, overlap_chars=50))


def count(db: Database, sql: str, *args: object) -> int:
    conn = sqlite3.connect(db.path)
    try:
        return int(conn.execute(sql, args).fetchone()[0])
    finally:
        conn.close()


def fts_hits(db: Database, word: str) -> int:
    return count(db, "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?", f'"{word}"')


def test_batch_indexes_every_format_and_reports_bad_files(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    files = write_every_format(tmp_path)
    bad = tmp_path / "renamed.txt"
    bad.write_bytes(b"%PDF-1.4 not text at all" + bytes(20))
    report = kb.add_files(
        [*files.values(), bad, tmp_path / "missing.docx"], attach_to=Attach.to_collection("Work")
    )
    assert len(report.indexed) == len(files)
    assert sorted(o.kind or "" for o in report.failed) == ["binary", "not_found"]
    assert "renamed.txt: this is not a text file: it is a PDF" in (report.failed[0].error or "")
    listed = {d.file_name: d for d in kb.documents()}
    assert listed["renamed.txt"].status == "failed"  # remembered with its error
    assert listed["report.pdf"].page_count == 2
    assert listed["report.pdf"].status == "indexed"
    work = kb.collection("Work")
    assert {d.file_name for d in kb.documents(collection="Work")} == set(listed)
    assert work.id in listed["policy.docx"].collection_ids


def test_search_ranks_the_matching_passage_first_with_its_position(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    kb.add_files(list(write_every_format(tmp_path).values()))
    hits = kb.search("How much does mooring cost per day?")
    assert hits[0].file_name == "page.html"
    assert hits[0].position == "Harbour rules > Fees"
    assert hits[0].score > 0
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    pdf = kb.search("lighthouse budget")[0]
    assert (pdf.file_name, pdf.page) == ("report.pdf", 2)
    # Porter stemming and diacritics folding: "reimbursing" finds "reimbursed", "cafe" "café".
    assert kb.search("reimbursing hotels")[0].file_name == "policy.docx"
    assert kb.search("cafe")[0].file_name == "letter.rtf"


def test_hostile_query_text_never_fails(kb: KnowledgeBase, tmp_path: Path) -> None:
    kb.add_files(list(write_every_format(tmp_path).values()))
    for query in ['"unclosed', "AND OR", "NEAR(", "budget*", "col:x", "", "***"]:
        kb.search(query)  # must not raise
    assert kb.search('"budget" AND (lighthouse')[0].page == 2


def test_search_is_limited_to_a_collection(kb: KnowledgeBase, tmp_path: Path) -> None:
    files = write_every_format(tmp_path)
    kb.add_files([files["pdf"]], attach_to=Attach.to_collection("Reports"))
    kb.add_files([files["pptx"]], attach_to=Attach.to_collection("Decks"))
    assert {h.file_name for h in kb.search("budget", collection="Reports")} == {"report.pdf"}
    assert {h.file_name for h in kb.search("budget")} == {"report.pdf", "deck.pptx"}
    with pytest.raises(NotFoundError):
        kb.search("budget", collection="Nope")


def test_removing_a_document_removes_its_chunks_and_index_entries(
    kb: KnowledgeBase, db: Database, tmp_path: Path
) -> None:
    files = write_every_format(tmp_path)
    kb.add_files([files["docx"], files["pdf"]], attach_to=Attach.to_collection("C"))
    docx_id = next(d.id for d in kb.documents() if d.file_name == "policy.docx")
    assert fts_hits(db, "reimbursed") == 1
    assert count(db, "SELECT count(*) FROM chunks WHERE document_id = ?", docx_id) > 0
    kb.remove(docx_id)
    assert count(db, "SELECT count(*) FROM chunks WHERE document_id = ?", docx_id) == 0
    assert fts_hits(db, "reimbursed") == 0
    assert (
        count(db, "SELECT count(*) FROM collection_documents WHERE document_id = ?", docx_id) == 0
    )
    assert kb.search("hotel reimbursed") == []
    assert fts_hits(db, "lighthouse") == 1  # the other document is untouched
    assert files["docx"].exists()  # the user's file is never deleted
    with pytest.raises(NotFoundError):
        kb.remove(docx_id)
    # The FTS index is consistent with its content table.
    conn = sqlite3.connect(db.path)
    conn.execute("INSERT INTO chunks_fts (chunks_fts, rank) VALUES ('integrity-check', 1)")
    conn.close()


def test_changed_file_is_reindexed_in_place_unchanged_one_skipped(
    kb: KnowledgeBase, db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("The old password is walrus.", encoding="utf-8")
    first = kb.add_files([path]).outcomes[0]
    again = kb.add_files([path]).outcomes[0]
    assert again.unchanged and again.document is not None and first.document is not None
    assert again.document.id == first.document.id
    path.write_text("The new password is narwhal.", encoding="utf-8")
    changed = kb.add_files([path]).outcomes[0]
    assert not changed.unchanged
    assert changed.document is not None and changed.document.id == first.document.id
    assert kb.search("walrus") == []
    assert kb.search("narwhal")[0].document_id == first.document.id
    assert count(db, "SELECT count(*) FROM chunks") == 1


def test_long_document_is_chunked_with_pages_and_text_rebuilt(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    pages = [
        " ".join(f"Page {n} sentence {i} mentions item{n}x{i}." for i in range(25))
        for n in range(1, 4)
    ]
    path = write_pdf(tmp_path / "long.pdf", pages)
    record = kb.add_files([path]).outcomes[0].document
    assert record is not None and record.chunk_count > 3
    hit = kb.search("item3x20")[0]
    assert hit.page == 3
    assert "item3x20" in hit.text
    text = kb.text_of(record.id)
    assert "item1x0" in text and "item3x24" in text
    assert text.count("item2x12.") == 1  # overlap is not duplicated in the rebuilt text


def test_cancel_stops_a_batch(kb: KnowledgeBase, tmp_path: Path) -> None:
    files = write_every_format(tmp_path)
    cancel = threading.Event()
    seen: list[str] = []

    def progress(done: int, total: int, path: Path) -> None:
        seen.append(path.name)
        if done == 2:
            cancel.set()

    report = kb.add_files(list(files.values()), cancel=cancel, progress=progress)
    assert report.cancelled
    assert len(report.outcomes) == 2
    assert len(kb.documents()) == 2


def test_cancel_inside_a_file_raises_cancelled(kb: KnowledgeBase, tmp_path: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    path = write_pdf(tmp_path / "a.pdf", ["text"])
    with pytest.raises(ExtractionCancelled):
        kb.indexer.index_file(path, cancel=cancel)
    assert kb.documents() == []


def test_chat_attachments(kb: KnowledgeBase, db: Database, tmp_path: Path) -> None:
    from app.chats.conversation_repository import ConversationRepository

    files = write_every_format(tmp_path)
    kb.add_files([files["pdf"]])
    kb.add_files([files["pptx"]], attach_to=Attach.to_collection("Decks"))
    chat = ConversationRepository(db).create("with docs")
    pdf_id = kb.documents()[0].id
    decks = kb.collection("Decks").id
    kb.store.attach_to_conversation(chat.id, document_ids=[pdf_id], collection_ids=[decks])
    assert kb.store.conversation_attachments(chat.id) == ([pdf_id], [decks])
    grounding = kb.ground_conversation(chat.id, "budget", token_budget=2000)
    assert {c.file_name for c in grounding.citations} == {"report.pdf", "deck.pptx"}
    kb.store.detach_from_conversation(chat.id, document_ids=[pdf_id])
    assert kb.store.conversation_attachments(chat.id) == ([], [decks])
    ConversationRepository(db).delete(chat.id)
    assert kb.store.conversation_attachments(chat.id) == ([], [])


def test_deleting_a_collection_can_take_its_only_documents(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    files = write_every_format(tmp_path)
    kb.add_files([files["pdf"], files["csv"]], attach_to=Attach.to_collection("A"))
    kb.add_files([files["csv"]], attach_to=Attach.to_collection("B"))
    kb.store.delete_collection(kb.collection("A").id, with_documents=True)
    assert [d.file_name for d in kb.documents()] == ["inventory.csv"]  # still in B
    assert [c.name for c in kb.collections()] == ["B"]
