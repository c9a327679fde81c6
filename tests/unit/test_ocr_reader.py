"""Hearth's page reader: several OCR engines read pages side by side (real RapidOCR)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from app.knowledge.errors import ExtractionCancelled
from app.knowledge.extractors.dispatch import extract_document
from app.knowledge.limits import ExtractionLimits
from app.knowledge.ocr import engine as engine_module
from app.knowledge.ocr.engine import OcrEngine, shared_engines
from tests.fixtures.scans import text_picture

SUPPLIERS = ["Harrow", "Kestrel", "Quayside", "Altmark", "Northfield", "Brightwater"]


def _tiff(path: Path) -> Path:
    frames = [text_picture([f"Delivery note {n} from {name}"]) for n, name in enumerate(SUPPLIERS)]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    return path


@pytest.fixture
def three_engines(monkeypatch: pytest.MonkeyPatch) -> tuple[OcrEngine, ...]:
    """Three engines whatever this machine's cores: pages finish out of order."""
    engines = (OcrEngine(), OcrEngine(), OcrEngine())
    monkeypatch.setattr(engine_module, "_SHARED", engines)
    assert shared_engines() is engines
    return engines


@pytest.mark.usefixtures("three_engines")
def test_pages_read_side_by_side_keep_their_own_text_in_page_order(tmp_path: Path) -> None:
    pages: list[int] = []
    document = extract_document(
        _tiff(tmp_path / "notes.tiff"), progress=lambda page, total: pages.append(page)
    )
    assert [s.page for s in document.sections] == [1, 2, 3, 4, 5, 6]
    for number, (section, name) in enumerate(zip(document.sections, SUPPLIERS, strict=True)):
        assert section.text == f"Delivery note {number} from {name}"
    assert pages == [1, 2, 3, 4, 5, 6]
    assert document.ocr_pages == (1, 2, 3, 4, 5, 6)


@pytest.mark.usefixtures("three_engines")
def test_cancelling_stops_reading_the_pages_not_yet_started(tmp_path: Path) -> None:
    cancel = threading.Event()
    cache = tmp_path / "ocr-cache"

    def cancel_at_page_two(page: int, _total: int) -> None:
        if page == 2:
            cancel.set()

    with pytest.raises(ExtractionCancelled):
        extract_document(
            _tiff(tmp_path / "notes.tiff"),
            limits=ExtractionLimits(ocr_cache_dir=cache),
            cancel=cancel,
            progress=cancel_at_page_two,
        )
    # Pages 1 and 2 and those already handed to an engine were read; page 6 never started.
    read = len(list(cache.rglob("*.json")))
    assert 2 <= read <= 1 + len(shared_engines()) < len(SUPPLIERS)


def test_no_automatic_collection_runs_while_reader_threads_read(tmp_path: Path) -> None:
    """A collection started in a reader thread would destroy the process's garbage there; Qt
    objects (tests and benches read beside widgets) must die on Qt's thread."""
    import gc

    seen: list[bool] = []
    assert gc.isenabled()
    extract_document(
        _tiff(tmp_path / "notes.tiff"), progress=lambda page, total: seen.append(gc.isenabled())
    )
    assert seen == [False] * len(SUPPLIERS)
    assert gc.isenabled()  # resumed afterwards
