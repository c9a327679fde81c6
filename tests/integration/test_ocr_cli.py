"""Scans through the real extraction child: `hearth docs add`, and OCR page progress."""

from __future__ import annotations

from pathlib import Path

from app.knowledge.knowledge_base import KnowledgeBase
from app.storage import Database
from tests.fixtures.scans import write_scanned_pdf, write_text_picture
from tests.integration.test_cli import ok_json


def test_scans_are_indexed_with_ocr_and_found(hearth_home: Path, tmp_path: Path) -> None:
    picture = write_text_picture(
        tmp_path / "whiteboard.png", ["Quarterly target 340 crates for Harlow depot"]
    )
    pdf = write_scanned_pdf(
        tmp_path / "contract.pdf",
        "The lease of the harbour warehouse runs for five years.",
        ["Countersigned by Marta Okafor", "Deposit 8,400 EUR paid"],
    )
    added = ok_json(hearth_home, "docs", "add", str(picture), str(pdf))
    by_name = {d["file_name"]: d for d in added["documents"]}
    assert by_name["whiteboard.png"]["source"] == "ocr"
    assert by_name["whiteboard.png"]["ocr_pages"] == 1
    assert by_name["contract.pdf"]["source"] == "mixed"
    assert by_name["contract.pdf"]["ocr_pages"] == 1
    assert by_name["contract.pdf"]["ocr_confidence"] > 0.8

    listed = ok_json(hearth_home, "docs", "list")
    sources = {d["file_name"]: d["source"] for d in listed["documents"]}
    assert sources == {"whiteboard.png": "ocr", "contract.pdf": "mixed"}

    found = ok_json(hearth_home, "docs", "search", "Harlow depot crates")["results"][0]
    assert found["file"] == "whiteboard.png"
    signed = ok_json(hearth_home, "docs", "search", "Countersigned Okafor")["results"][0]
    assert (signed["file"], signed["page"]) == ("contract.pdf", 2)


def test_pages_read_with_ocr_are_reported_from_the_extraction_child(tmp_path: Path) -> None:
    pdf = write_scanned_pdf(
        tmp_path / "delivery.pdf", "A text page.", ["Delivery note 5521", "Received in good order"]
    )
    pages: list[tuple[str, int, int]] = []
    with Database.open(tmp_path / "hearth.sqlite3", backups_dir=tmp_path / "backups") as db:
        kb = KnowledgeBase(db)  # the real extraction child
        report = kb.add_files(
            [pdf], page_progress=lambda path, page, total: pages.append((path.name, page, total))
        )
    assert report.failed == []
    assert pages == [("delivery.pdf", 1, 1)]  # one scanned page: page 2 is its first OCR page
