"""Text outside a document's main body is indexed, and what is left out is named in a note:
DOCX headers/footers/footnotes/comments, PPTX charts, every XLSX column, e-mail attachments."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import Paths
from app.knowledge.extractors.dispatch import extract_document
from app.knowledge.knowledge_base import KnowledgeBase
from app.knowledge.limits import ExtractionLimits
from app.knowledge.sections import ExtractedDocument
from app.storage import Database
from tests.fixtures.document_parts import (
    break_chart,
    write_chart_deck,
    write_docx_with_parts,
    write_mail_with_attachments,
    write_wide_xlsx,
)


@pytest.fixture
def db(hearth_home: Path) -> Iterator[Database]:
    paths = Paths.resolve()
    database = Database.open(paths.database, backups_dir=paths.backups_dir)
    yield database
    database.close()


def labelled(doc: ExtractedDocument) -> dict[str, str]:
    return {s.label: s.text for s in doc.sections}


def fts_hits(db: Database, word: str) -> int:
    conn = sqlite3.connect(db.path)
    try:
        sql = "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?"
        return int(conn.execute(sql, (f'"{word}"',)).fetchone()[0])
    finally:
        conn.close()


# ---- DOCX ---------------------------------------------------------------------------------


def test_docx_headers_footers_footnotes_and_comments_are_sections(tmp_path: Path) -> None:
    doc = extract_document(write_docx_with_parts(tmp_path / "report.docx", footnote="saltmarsh"))
    parts = labelled(doc)
    # The header both sections repeat is indexed once.
    headers = [label for label, text in parts.items() if "Coastal survey" in text]
    assert headers == ["header, section 1"]
    assert parts["footer, section 1"] == "Printed by the lagoon office"
    assert parts["footnotes"] == "Footnote 1: Source: the saltmarsh survey of 2019."
    assert parts["comments"] == (
        'Comment by Ines on "Herons nest in the reed beds.": Check the heron count'
    )
    body = doc.sections[0]
    assert "saltmarsh" not in body.text and "Coastal" not in body.text  # never passed off as body
    assert doc.notes == ()


# ---- PPTX ---------------------------------------------------------------------------------


def test_pptx_chart_text_is_indexed(tmp_path: Path) -> None:
    doc = extract_document(write_chart_deck(tmp_path / "charts.pptx", charts=2))
    assert [s.label for s in doc.sections] == ["slide 1", "slide 2"]
    text = doc.sections[1].text
    assert "Chart: Harvest tonnage 1" in text
    assert "Categories: Northfield, Southmoor" in text
    assert "Barley 1: Northfield 12.5, Southmoor 30" in text


def test_pptx_unreadable_slide_is_skipped_with_a_note(tmp_path: Path) -> None:
    deck = break_chart(write_chart_deck(tmp_path / "broken.pptx", charts=3), chart_number=2)
    doc = extract_document(deck)
    assert [s.label for s in doc.sections] == ["slide 1", "slide 3"]
    assert doc.page_count == 3
    assert len(doc.notes) == 1
    assert doc.notes[0].startswith("Slide 2 could not be read and was left out")


# ---- XLSX ---------------------------------------------------------------------------------


def test_xlsx_reads_every_column(tmp_path: Path) -> None:
    doc = extract_document(write_wide_xlsx(tmp_path / "wide.xlsx"))
    birds = doc.sections[0].text.splitlines()
    assert birds[1].split(" | ")[249] == "kingfisher"
    assert birds[0].endswith("r1c260")
    assert doc.notes == ()


def test_xlsx_column_cap_names_sheet_and_columns(tmp_path: Path) -> None:
    limits = ExtractionLimits(max_sheet_columns=100)
    doc = extract_document(write_wide_xlsx(tmp_path / "wide.xlsx"), limits=limits)
    assert doc.sections[0].text.splitlines()[0].endswith("r1c100")
    assert len(doc.notes) == 1
    assert doc.notes[0].startswith("Columns CW to IZ of sheet 'Birds' were left out")


def test_xlsx_cell_budget_names_where_reading_stopped(tmp_path: Path) -> None:
    limits = ExtractionLimits(max_spreadsheet_cells=600)
    doc = extract_document(write_wide_xlsx(tmp_path / "wide.xlsx", rows=5), limits=limits)
    assert [s.label for s in doc.sections] == ["sheet Birds, rows 1-2"]
    assert doc.notes[0].startswith(
        "Sheet 'Birds' from row 3 on, and sheet 'Notes' were left out: the workbook holds "
        "more than 600 cells"
    )


def test_value_in_column_250_is_searchable(db: Database, tmp_path: Path) -> None:
    kb = KnowledgeBase(db, extractor=extract_document)
    kb.add_files([write_wide_xlsx(tmp_path / "wide.xlsx")])
    hits = kb.search("kingfisher")
    assert hits and hits[0].file_name == "wide.xlsx"


# ---- e-mail -------------------------------------------------------------------------------


def test_old_style_headers_with_space_before_colon(tmp_path: Path) -> None:
    mail = write_mail_with_attachments(tmp_path / "old.eml", old_style_headers=True)
    assert b"From  : Ana" in mail.read_bytes()
    doc = extract_document(mail)
    assert doc.title == "Field trip papers"
    assert "From: Ana <ana@example.org>" in doc.sections[0].text
    assert labelled(doc)["message"] == "Papers for the trip are attached."


def test_mail_attachments_are_extracted_as_child_documents(tmp_path: Path) -> None:
    doc = extract_document(write_mail_with_attachments(tmp_path / "trip.eml"))
    names = [a.name for a in doc.attachments]
    assert names == ["packing.docx", "meeting.txt", "Original ferry plan.eml"]
    packing, _meeting, forwarded = doc.attachments
    assert "curlew guide" in packing.document.sections[0].text
    assert packing.size_bytes > 0 and len(packing.sha256) == 64
    assert [a.name for a in forwarded.document.attachments] == ["timetable.csv"]
    assert len(doc.notes) == 1 and "'photos.zip' is not indexed" in doc.notes[0]
    assert "curlew" not in " ".join(s.text for s in doc.sections)


def test_attachments_share_the_mail_text_budget(tmp_path: Path) -> None:
    mail = write_mail_with_attachments(tmp_path / "trip.eml")
    whole = extract_document(mail)
    mail_chars = whole.char_count
    doc = extract_document(mail, limits=ExtractionLimits(max_chars=mail_chars + 5))
    assert doc.char_count == mail_chars  # the mail itself is kept whole
    assert doc.attachments == ()
    assert any(
        note.startswith(
            "Attachments 'packing.docx', 'meeting.txt' and 'Original ferry plan.eml' were left out"
        )
        for note in doc.notes
    )


def test_mail_children_are_stored_searchable_and_removed_with_it(
    db: Database, tmp_path: Path
) -> None:
    # The default reader: extraction in the isolated child process, children included.
    kb = KnowledgeBase(db)
    mail = write_mail_with_attachments(tmp_path / "trip.eml")
    report = kb.add_files([mail])
    parent = report.indexed[0].document
    assert parent is not None and parent.parent_id is None
    children = [d for d in kb.documents() if d.parent_id is not None]
    by_name = {d.file_name: d for d in children}
    assert sorted(by_name) == [
        "Original ferry plan.eml",
        "meeting.txt",
        "packing.docx",
        "timetable.csv",
    ]
    assert by_name["packing.docx"].parent_id == parent.id
    assert by_name["timetable.csv"].parent_id == by_name["Original ferry plan.eml"].id
    assert kb.search("curlew")[0].file_name == "packing.docx"
    # A search scoped to the mail reads its attachments too.
    assert kb.search("osprey", document_ids=[parent.id])
    # Re-reading the mail replaces its attachments instead of adding copies.
    kb.indexer.index_file(mail, force=True)
    assert len([d for d in kb.documents() if d.parent_id is not None]) == 4
    assert fts_hits(db, "sandpiper") == 1
    kb.remove(parent.id)
    assert kb.documents() == []
    assert fts_hits(db, "sandpiper") == 0
    assert fts_hits(db, "07:15") == 0
