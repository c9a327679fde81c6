"""Scans through the real extraction child: `hearth docs add`, and OCR page progress."""

from __future__ import annotations

from pathlib import Path

from app.components import OCR
from app.components.archive import write_component_archive
from app.components.install import install_component
from app.config import Paths
from app.core import Core
from app.knowledge.knowledge_base import KnowledgeBase
from app.knowledge.ocr.engine import DETECTION_MODEL, ORIENTATION_MODEL, RECOGNITION_MODEL
from app.storage import Database
from tests.fixtures.component_archive import fake_spec
from tests.fixtures.scans import write_scanned_pdf, write_text_picture
from tests.integration.test_cli import hearth, ok_json


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
    # Where on page 2 OCR read it ([x0, y0, x1, y1] in page fractions): the picture of two
    # lines sits at the top of the page; the text-layer page 1 has no box.
    x0, y0, x1, y1 = signed["box"]
    assert 0 <= x0 < x1 <= 1 and 0 < y0 < y1 < 0.2
    lease = ok_json(hearth_home, "docs", "search", "harbour warehouse lease")["results"][0]
    assert (lease["page"], lease["box"]) == (1, None)


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


_STAND_IN = '''"""A stand-in for rapidocr: shows that the OCR component's folder comes first."""


class _Result:
    txts = ("Read by the component stand-in engine",)
    scores = (0.99,)
    boxes = [[[10.0, 10.0], [400.0, 10.0], [400.0, 40.0], [10.0, 40.0]]]


class RapidOCR:
    def __init__(self, params=None):
        self.params = params

    def __call__(self, image, **options):
        return _Result()
'''


def _stand_in_archive(tmp_path: Path) -> Path:
    stage = tmp_path / "stage"
    package = stage / "site" / "rapidocr"
    (package / "models").mkdir(parents=True)
    (package / "__init__.py").write_text(_STAND_IN, "utf-8")
    for model in (DETECTION_MODEL, ORIENTATION_MODEL, RECOGNITION_MODEL):
        (package / "models" / model).write_bytes(b"stand-in")
    archive = tmp_path / "hearth-ocr-stand-in.zip"
    write_component_archive(stage, archive, fake_spec(component=OCR))
    return archive


def test_an_installed_ocr_component_is_what_the_extraction_child_reads_with(
    tmp_path: Path,
) -> None:
    archive = _stand_in_archive(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    assert ok_json(home, "components", "install", str(archive))["name"] == "ocr"

    picture = write_text_picture(tmp_path / "board.png", ["Quarterly target 340 crates"])
    added = ok_json(home, "docs", "add", str(picture))["documents"][0]
    assert added["source"] == "ocr"
    found = hearth(home, "docs", "search", "stand-in engine")
    assert found.returncode == 0 and "board.png" in found.stdout, found.describe()


def test_an_ocr_component_installed_while_hearth_runs_is_used_without_a_restart(
    tmp_path: Path,
) -> None:
    picture = write_text_picture(tmp_path / "board.png", ["Quarterly target 340 crates"])
    core = Core.open(Paths.resolve(tmp_path / "home"))  # opened with no OCR component
    try:
        install_component(_stand_in_archive(tmp_path), core.paths.data_dir)
        added = core.knowledge.add_files([picture])  # the next job's child reads with it
        assert added.failed == []
        found = core.knowledge.search("stand-in engine", limit=3)
        assert [p.file_name for p in found] == ["board.png"]
    finally:
        core.close()


def test_a_scan_longer_than_the_file_time_limit_is_read_to_its_last_page(tmp_path: Path) -> None:
    """Each OCR page has its own allowance past max_seconds, in the child and in the parent's
    hard limit: a long scan is not cut short (here 3 s, less than OCR's reserve for one page)."""
    from app.knowledge.limits import ExtractionLimits
    from tests.fixtures.scans import text_picture

    frames = [text_picture([f"Crate count {n} for the Harlow depot"]) for n in range(3)]
    tiff = tmp_path / "counts.tiff"
    frames[0].save(tiff, save_all=True, append_images=frames[1:])
    with Database.open(tmp_path / "hearth.sqlite3", backups_dir=tmp_path / "backups") as db:
        kb = KnowledgeBase(db, limits=ExtractionLimits(max_seconds=3))  # the extraction child
        report = kb.add_files([tiff])
        assert report.failed == []
        document = kb.documents()[0]
    assert document.notes == ()  # no "the time allowed for one file ran out"
    assert (document.ocr_pages, document.page_count) == (3, 3)
