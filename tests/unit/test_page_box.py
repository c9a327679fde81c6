"""Where on its page OCR'd text lies: line boxes into section regions, chunk boxes (their
union), storage in real SQLite, and the box in search results, citations and their JSON."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli.docs_cmd import passage_json
from app.config import Paths
from app.knowledge.chunking import ChunkingOptions, chunk_sections
from app.knowledge.document_store import DocumentStore, FileFacts
from app.knowledge.fts_search import bm25_search
from app.knowledge.grounding import Citation, build_grounding
from app.knowledge.ocr.results import OcrLine, OcrPage
from app.knowledge.page_box import PageBox, TextRegion, box_of_span, shifted, union
from app.knowledge.retrieval import passages_by_chunk_id
from app.knowledge.sections import Section
from app.storage import Database

WIDTH, HEIGHT = 1000, 2000


def line(text: str, left: float, top: float, right: float, bottom: float) -> OcrLine:
    return OcrLine(text, ((left, top), (right, top), (right, bottom), (left, bottom)), 0.95)


def scanned_page(*, turned: bool = False) -> OcrPage:
    """A heading and a value on one row near the top, a signature line near the bottom."""
    return OcrPage(
        lines=(
            line("Signed by Marta Okafor", 100, 1800, 600, 1840),
            line("Invoice 4471", 100, 100, 400, 140),
            line("due 12 March", 500, 104, 800, 138),
        ),
        width=WIDTH,
        height=HEIGHT,
        turned=turned,
    )


def test_each_line_of_an_ocr_page_maps_its_characters_to_its_box() -> None:
    page = scanned_page()
    text, regions = page.layout()
    assert text == page.text == "Invoice 4471 due 12 March\nSigned by Marta Okafor"
    assert [text[r.start : r.end] for r in regions] == [
        "Invoice 4471",
        "due 12 March",
        "Signed by Marta Okafor",
    ]
    assert regions[0].box == PageBox(0.1, 0.05, 0.4, 0.07)
    assert regions[2].box == PageBox(0.1, 0.9, 0.6, 0.92)
    assert [r.box.place for r in regions] == ["top", "top", "bottom"]


def test_a_page_read_turned_gives_boxes_on_the_page_as_shown() -> None:
    _, regions = scanned_page(turned=True).layout()
    # Read turned half a turn, the first line was at the bottom right of the file's page.
    assert regions[0].box.to_list() == [0.6, 0.93, 0.9, 0.95]
    assert regions[0].box.place == "bottom"


def test_a_chunk_box_is_the_union_of_the_lines_its_text_came_from() -> None:
    text, regions = scanned_page().layout()
    options = ChunkingOptions(target_chars=26, overlap_chars=0, min_chars=10)
    chunks = chunk_sections([Section(text, "page 2", page=2, regions=regions)], options)
    assert [c.text for c in chunks] == ["Invoice 4471 due 12 March\n", "Signed by Marta Okafor"]
    assert chunks[0].box == PageBox(0.1, 0.05, 0.8, 0.07)  # both lines of the first row
    assert chunks[1].box == PageBox(0.1, 0.9, 0.6, 0.92)
    plain = chunk_sections([Section(text, "page 1", page=1)], options)
    assert all(c.box is None for c in plain)  # a text layer has no box


def test_spans_unions_and_shifts() -> None:
    top = TextRegion(0, 5, PageBox(0.1, 0.1, 0.2, 0.2))
    bottom = TextRegion(6, 10, PageBox(0.5, 0.8, 0.9, 0.85))
    assert box_of_span([top, bottom], 5, 6) is None  # the space between them
    assert box_of_span([top, bottom], 4, 7) == PageBox(0.1, 0.1, 0.9, 0.85)
    assert union([]) is None
    assert shifted([top, bottom], 2, 6) == (
        TextRegion(0, 3, top.box),
        TextRegion(4, 6, bottom.box),
    )


def test_cleaning_a_section_moves_its_regions_along() -> None:
    first = TextRegion(2, 9, PageBox(0.1, 0.1, 0.2, 0.2))  # "Invoice"
    second = TextRegion(15, 20, PageBox(0.5, 0.8, 0.9, 0.85))  # "Total"
    section = Section("  Invoice \x07\r\n\n\nTotal ", "page 1", 1, regions=(first, second))
    cleaned = section.with_text("Invoice\n\nTotal")
    assert [(cleaned.text[r.start : r.end], r.box) for r in cleaned.regions] == [
        ("Invoice", first.box),
        ("Total", second.box),
    ]
    # Text that is not the old one with characters left out: one region over all of it.
    rewritten = section.with_text("Rechnung Summe")
    assert rewritten.regions == (TextRegion(0, 14, PageBox(0.1, 0.1, 0.9, 0.85)),)


@pytest.mark.parametrize(
    "value",
    ["[0.1, 0.2, 0.3]", "not json", "[0.5, 0.2, 0.1, 0.3]", "[0, 0, 1, 1.5]", [True, 0, 1, 1], 7],
)
def test_a_damaged_stored_box_reads_as_no_box(value: object) -> None:
    assert PageBox.from_value(value) is None


@pytest.fixture
def store(hearth_home: Path) -> Iterator[DocumentStore]:
    paths = Paths.resolve()
    with Database.open(paths.database, backups_dir=paths.backups_dir) as db:
        yield DocumentStore(db)


def _facts(name: str) -> FileFacts:
    return FileFacts(f"/docs/{name}", name, name.ljust(64, "0"), 100, 1, "pdf")


def test_boxes_are_stored_and_reach_search_results_and_citations(store: DocumentStore) -> None:
    text, regions = scanned_page().layout()
    scan = chunk_sections(
        [Section(text, "page 2", page=2, regions=regions)],
        ChunkingOptions(target_chars=26, overlap_chars=0, min_chars=10),
    )
    # A long page that does not mention her keeps the documents from going in whole.
    filler = " ".join(f"Delivery note {n} lists pallets of tiles." for n in range(60))
    typed = chunk_sections(
        [Section("Marta Okafor typed this page.", "page 1", page=1), Section(filler, "page 2", 2)]
    )
    scanned = store.save_indexed(_facts("scan.pdf"), scan, page_count=2, ocr_pages=1)
    plain = store.save_indexed(_facts("typed.pdf"), typed, page_count=2)

    stored = store.chunks(scanned.id)
    assert [c.box for c in stored] == [c.box for c in scan]
    assert store.chunks(plain.id)[0].box is None

    hits = {p.file_name: p for p in bm25_search(store.database, "Okafor")}
    assert hits["scan.pdf"].box == PageBox(0.1, 0.9, 0.6, 0.92)
    assert hits["typed.pdf"].box is None
    by_id = passages_by_chunk_id(store.database, [hits["scan.pdf"].chunk_id])
    assert by_id[hits["scan.pdf"].chunk_id].box == hits["scan.pdf"].box
    assert passage_json(1, hits["scan.pdf"], "Okafor")["box"] == [0.1, 0.9, 0.6, 0.92]
    assert passage_json(1, hits["typed.pdf"], "Okafor")["box"] is None

    grounding = build_grounding(
        store, "Okafor", document_ids=[scanned.id, plain.id], token_budget=200
    )
    assert grounding.mode == "retrieved"
    boxes = {c.file_name: c.box for c in grounding.citations}
    assert boxes == {"scan.pdf": PageBox(0.1, 0.9, 0.6, 0.92), "typed.pdf": None}
    cited = next(c for c in grounding.citations if c.box is not None)
    stored_form = {**cited.to_json(), "text": cited.text}
    assert Citation.from_json(stored_form).box == cited.box


def test_a_whole_page_citation_spans_all_its_chunks(store: DocumentStore) -> None:
    text, regions = scanned_page().layout()
    scan = chunk_sections(
        [Section(text, "page 2", page=2, regions=regions)],
        ChunkingOptions(target_chars=26, overlap_chars=0, min_chars=10),
    )
    scanned = store.save_indexed(_facts("scan.pdf"), scan, page_count=1, ocr_pages=1)
    grounding = build_grounding(store, "anything", document_ids=[scanned.id], token_budget=4000)
    assert grounding.mode == "whole"
    assert [c.box for c in grounding.citations] == [PageBox(0.1, 0.05, 0.8, 0.92)]
