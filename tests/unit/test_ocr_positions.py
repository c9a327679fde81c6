"""Real OCR keeps where on the page each line was read, into storage and search results."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from app.config import Paths
from app.knowledge.extractors.dispatch import extract_document
from app.knowledge.knowledge_base import KnowledgeBase
from app.knowledge.limits import ExtractionLimits
from app.knowledge.ocr.runtime import ocr_runtime_available
from app.storage import Database
from tests.fixtures.scans import text_picture

pytestmark = pytest.mark.skipif(
    not ocr_runtime_available(ExtractionLimits()), reason="the OCR runtime is not installed"
)

HEADING = "Invoice 4471 from Brightwater Logistics"
SIGNATURE = "Signed by Marta Okafor"


def write_page(path: Path, *, upside_down: bool = False) -> Path:
    """An A4-shaped page (150 dpi) with a heading at the top and a signature at the bottom."""
    page = Image.new("L", (1240, 1754), 255)
    page.paste(text_picture([HEADING]), (0, 0))
    bottom = text_picture([SIGNATURE])
    page.paste(bottom, (0, page.height - bottom.height))
    (page.rotate(180) if upside_down else page).save(path)
    return path


def test_each_line_keeps_its_place_on_the_page(tmp_path: Path) -> None:
    document = extract_document(write_page(tmp_path / "invoice.png"))
    section = document.sections[0]
    places = {section.text[r.start : r.end]: r.box.place for r in section.regions}
    assert places == {HEADING: "top", SIGNATURE: "bottom"}
    heading = next(r.box for r in section.regions if section.text[r.start : r.end] == HEADING)
    assert heading.x0 < 0.1 < heading.x1 and heading.y1 < 0.1


def test_a_page_scanned_upside_down_gives_places_on_the_page_as_shown(tmp_path: Path) -> None:
    document = extract_document(write_page(tmp_path / "turned.png", upside_down=True))
    section = document.sections[0]
    places = {section.text[r.start : r.end]: r.box.place for r in section.regions}
    # Upside down, the heading is read first but lies at the bottom of the picture.
    assert places == {HEADING: "bottom", SIGNATURE: "top"}


@pytest.fixture
def kb(hearth_home: Path) -> Iterator[KnowledgeBase]:
    paths = Paths.resolve()
    with Database.open(paths.database, backups_dir=paths.backups_dir) as db:
        yield KnowledgeBase(db, extractor=extract_document)  # in process: fast, same results


def test_a_search_hit_in_a_scan_says_where_on_the_page(kb: KnowledgeBase, tmp_path: Path) -> None:
    kb.add_files([write_page(tmp_path / "invoice.png")])
    [hit] = kb.search("Okafor")
    assert hit.box is not None and hit.page == 1
    # One chunk holds the whole page: its box spans both lines, top to bottom.
    assert hit.box.y0 < 0.1 and hit.box.y1 > 0.9
