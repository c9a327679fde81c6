"""What extraction skipped reaches the user: notes are stored with the document, kept across
reads and replaced by a re-index; failed documents carry their error, not notes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import Paths
from app.knowledge.extractors.dispatch import extract_document
from app.knowledge.extractors.html import UNCLOSED_TAG_NOTE
from app.knowledge.knowledge_base import KnowledgeBase
from app.storage import Database
from app.storage.migrations import STEPS
from tests.fixtures.hostile_documents import write_unclosed_tags_html


@pytest.fixture
def kb(hearth_home: Path) -> Iterator[KnowledgeBase]:
    paths = Paths.resolve()
    with Database.open(paths.database, backups_dir=paths.backups_dir) as db:
        yield KnowledgeBase(db, extractor=extract_document)  # in process: fast, same results


def test_notes_are_stored_listed_and_replaced(kb: KnowledgeBase, tmp_path: Path) -> None:
    page = write_unclosed_tags_html(
        tmp_path / "page.html", tags=2_000, before="<h1>Harbour</h1><p>Ferries leave at noon.</p>"
    )
    report = kb.add_files([page])
    document = report.indexed[0].document
    assert document is not None
    assert document.notes == (UNCLOSED_TAG_NOTE,)
    assert kb.document(document.id).notes == (UNCLOSED_TAG_NOTE,)
    assert [d.notes for d in kb.documents()] == [(UNCLOSED_TAG_NOTE,)]
    assert "<a" not in kb.text_of(document.id)  # the markup was skipped, not indexed

    page.write_text("<p>Ferries leave at noon.</p>", encoding="utf-8")
    again = kb.add_files([page]).indexed[0].document
    assert again is not None and again.id == document.id
    assert again.notes == ()

    page.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    failed = kb.add_files([page]).failed[0].document
    assert failed is not None and failed.status == "failed"
    assert failed.notes == () and failed.error


def test_a_migration_step_adds_the_notes_column() -> None:
    # Not "the last step": later features add theirs after it (no schema version in a test).
    assert any("ADD COLUMN notes" in sql for step in STEPS for sql in step)
