"""OCR as a component: the extraction child activates the installed one; without any, scanned
pages keep their notes and say how to get OCR, and pictures are refused with that sentence."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.components import OCR
from app.components.activation import component_dirs
from app.components.install import install_component
from app.knowledge.errors import DocumentError
from app.knowledge.extractors.dispatch import extract_document
from app.knowledge.ocr.runtime import OCR_MISSING
from tests.fixtures.component_archive import FAKE_MODULE, FAKE_STDLIB_MODULE, build_fake_component
from tests.fixtures.scans import write_scan_only_pdf, write_scanned_pdf, write_text_picture

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def no_ocr_runtime(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in an installed Hearth without the component: rapidocr cannot be imported."""
    monkeypatch.setitem(sys.modules, "rapidocr", None)


def test_the_extraction_child_activates_the_installed_ocr_component(tmp_path: Path) -> None:
    data = tmp_path / "data"
    installed = install_component(build_fake_component(tmp_path, component=OCR), data)
    dirs = component_dirs(data, OCR)
    assert dirs is not None and dirs.site == (str(installed.path / "site"),)
    code = (
        "import json, sys; from app.knowledge.limits import ExtractionLimits; "
        "from app.knowledge.ocr.runtime import ocr_runtime_available; "
        f"limits = ExtractionLimits(ocr_site_dirs={dirs.site!r}, "
        f"ocr_fallback_dirs={dirs.fallback!r}); "
        "ready = ocr_runtime_available(limits); "
        f"import {FAKE_MODULE}, {FAKE_STDLIB_MODULE}; "
        "print(json.dumps([ready, sys.path.index(limits.ocr_site_dirs[0]), "
        "sys.path[-1] == limits.ocr_fallback_dirs[-1]]))"
    )
    child = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    ready, site_index, fallback_last = json.loads(child.stdout)
    assert ready is True  # this checkout has the `ocr` extra
    assert site_index == 0 and fallback_last is True


def test_without_ocr_a_scanned_page_keeps_its_note_and_says_how_to_get_ocr(
    tmp_path: Path, no_ocr_runtime: None
) -> None:
    pdf = write_scanned_pdf(
        tmp_path / "lease.pdf", "Page one has a text layer.", ["Signed by Marta Okafor"]
    )
    document = extract_document(pdf)
    assert [s.page for s in document.sections] == [1]
    assert document.unreadable_pages == (2,) and document.ocr_pages == ()
    assert any("could not be read as text" in note for note in document.notes)
    assert document.notes[-1] == OCR_MISSING


def test_without_ocr_an_all_scan_pdf_and_a_picture_are_refused_clearly(
    tmp_path: Path, no_ocr_runtime: None
) -> None:
    scan = write_scan_only_pdf(tmp_path / "scan.pdf", ["Delivery note 5512"])
    with pytest.raises(DocumentError) as empty:
        extract_document(scan)
    assert empty.value.kind == "empty"
    assert "no page of this PDF has text" in empty.value.problem
    assert empty.value.problem.endswith(OCR_MISSING)

    picture = write_text_picture(tmp_path / "note.png", ["Total 1,250.00 EUR"])
    with pytest.raises(DocumentError) as refused:
        extract_document(picture)
    assert refused.value.kind == "unsupported"
    assert refused.value.problem.endswith(OCR_MISSING)
