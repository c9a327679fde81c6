"""OCR of pictures and scanned PDF pages: real RapidOCR on small generated images."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from app.knowledge.errors import DocumentError
from app.knowledge.extractors.dispatch import extract_document
from app.knowledge.limits import ExtractionLimits
from tests.fixtures.scans import (
    write_corrupt_jpeg,
    write_pixel_bomb_png,
    write_scanned_pdf,
    write_text_picture,
)

SENTENCE = "Invoice 4471 from Brightwater Logistics is due on 12 March"


def test_a_picture_is_read_with_ocr(tmp_path: Path) -> None:
    picture = write_text_picture(tmp_path / "note.png", [SENTENCE, "Total 1,250.00 EUR"])
    document = extract_document(picture)
    assert document.format == "image"
    assert document.ocr_pages == (1,)
    assert document.ocr_confidence is not None and document.ocr_confidence > 0.8
    assert document.sections[0].text.splitlines() == [SENTENCE, "Total 1,250.00 EUR"]
    assert document.notes == ()


def test_a_scanned_page_of_a_pdf_is_read_with_its_page_number(tmp_path: Path) -> None:
    pdf = write_scanned_pdf(
        tmp_path / "contract.pdf",
        "Page one has a text layer about the harbour lease.",
        ["Signed by Marta Okafor", "Delivery address Quay Street 9"],
    )
    document = extract_document(pdf)
    assert [s.page for s in document.sections] == [1, 2]
    assert "harbour lease" in document.sections[0].text
    assert "Marta Okafor" in document.sections[1].text
    assert document.sections[1].label == "page 2"
    assert document.ocr_pages == (2,)
    assert document.unreadable_pages == ()
    assert not any("could not be read as text" in note for note in document.notes)


def test_a_pixel_bomb_and_a_corrupt_jpeg_are_refused(tmp_path: Path) -> None:
    bomb = write_pixel_bomb_png(tmp_path / "bomb.png")
    with pytest.raises(DocumentError) as refused:
        extract_document(bomb, limits=ExtractionLimits(max_image_pixels=50_000_000))
    assert refused.value.kind == "too_large"
    assert (
        "million pixels" in refused.value.problem and "decompression bomb" in refused.value.problem
    )

    broken = write_corrupt_jpeg(tmp_path / "broken.jpg")
    with pytest.raises(DocumentError) as damaged:
        extract_document(broken)
    assert damaged.value.kind == "corrupt"
    assert "damaged or only partly downloaded" in damaged.value.problem


def test_a_second_reading_comes_from_the_cache(tmp_path: Path) -> None:
    picture = write_text_picture(tmp_path / "memo.png", [SENTENCE])
    cache = tmp_path / "ocr-cache"
    limits = ExtractionLimits(ocr_cache_dir=cache)
    first = extract_document(picture, limits=limits)
    entries = list(cache.rglob("*.json"))
    assert len(entries) == 1
    assert "Brightwater" in first.sections[0].text
    # Rewrite the kept reading: a second extraction that shows it did not OCR again.
    kept = json.loads(entries[0].read_text(encoding="utf-8"))
    kept["lines"] = [["Kept reading marker", 0.99, kept["lines"][0][2]]]
    entries[0].write_text(json.dumps(kept), encoding="utf-8")
    second = extract_document(picture, limits=limits)
    assert second.sections[0].text == "Kept reading marker"
    assert len(list(cache.rglob("*.json"))) == 1


def test_a_picture_scanned_upside_down_is_read_too(tmp_path: Path) -> None:
    # Pages are read without the orientation classifier (faster); a poor reading is read again
    # turned half a turn; its lines keep their reading order.
    picture = write_text_picture(tmp_path / "turned.png", [SENTENCE, "Total 1,250.00 EUR"])
    Image.open(picture).rotate(180).save(picture)
    document = extract_document(picture)
    assert document.sections[0].text.splitlines() == [SENTENCE, "Total 1,250.00 EUR"]


def test_each_page_of_a_tiff_keeps_its_own_text_up_to_the_page_limit(tmp_path: Path) -> None:
    """Pages are rendered one ahead of OCR: each page's text must still land on its page."""
    from tests.fixtures.scans import text_picture

    names = ["Harrow Supplies", "Kestrel Furniture", "Quayside Catering"]
    frames = [text_picture([f"Delivery note {n} from {name}"]) for n, name in enumerate(names)]
    tiff = tmp_path / "notes.tiff"
    frames[0].save(tiff, save_all=True, append_images=frames[1:])
    document = extract_document(tiff, limits=ExtractionLimits(max_ocr_pages=2))
    assert [s.page for s in document.sections] == [1, 2]
    assert "Harrow" in document.sections[0].text and "Kestrel" in document.sections[1].text
    assert document.ocr_pages == (1, 2)
    assert any("Page 3 was not read" in note for note in document.notes), document.notes
