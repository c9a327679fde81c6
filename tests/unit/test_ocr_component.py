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


def test_a_scan_refused_for_want_of_ocr_is_read_when_added_again_once_ocr_is_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.knowledge.knowledge_base import KnowledgeBase
    from app.storage import Database

    scan = write_scan_only_pdf(tmp_path / "scan.pdf", ["Delivery note 5512 for Harlow"])
    with Database.open(tmp_path / "hearth.sqlite3", backups_dir=tmp_path / "backups") as db:
        kb = KnowledgeBase(db, extractor=extract_document)  # this process: OCR hidden below
        monkeypatch.setitem(sys.modules, "rapidocr", None)
        refused = kb.add_files([scan])
        assert refused.outcomes[0].error is not None and OCR_MISSING in refused.outcomes[0].error
        monkeypatch.delitem(sys.modules, "rapidocr")  # now installed

        read = kb.add_files([scan]).outcomes[0]
        assert read.error is None and not read.unchanged
        assert read.document is not None and read.document.ocr_pages == 1
        assert [p.file_name for p in kb.search("Delivery note 5512", limit=3)] == ["scan.pdf"]
        # Read once: the next add of the same content changes nothing.
        assert kb.add_files([scan]).outcomes[0].unchanged


def test_a_known_bad_file_is_not_read_again_while_ocr_is_still_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.knowledge.knowledge_base import KnowledgeBase
    from app.storage import Database

    scan = write_scan_only_pdf(tmp_path / "scan.pdf", ["Delivery note 5512 for Harlow"])
    monkeypatch.setitem(sys.modules, "rapidocr", None)
    with Database.open(tmp_path / "hearth.sqlite3", backups_dir=tmp_path / "backups") as db:
        kb = KnowledgeBase(db, extractor=extract_document)
        assert kb.add_files([scan]).outcomes[0].error is not None
        again = kb.add_files([scan]).outcomes[0]
        assert again.unchanged and again.error is not None and OCR_MISSING in again.error
