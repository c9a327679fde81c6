"""Extraction in a child process: same results, errors carried over, hard kill on overrun."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import Paths
from app.knowledge.errors import DocumentError, ExtractionCancelled
from app.knowledge.isolated_extraction import IsolatedExtractor
from app.knowledge.knowledge_base import KnowledgeBase
from app.storage import Database
from tests.fixtures.documents import write_every_format, write_pdf


@pytest.fixture(scope="module")
def extractor() -> Iterator[IsolatedExtractor]:
    with IsolatedExtractor() as isolated:
        yield isolated


def test_same_sections_as_in_process(extractor: IsolatedExtractor, tmp_path: Path) -> None:
    from app.knowledge.extractors.dispatch import extract_document

    files = write_every_format(tmp_path)
    for path in (files["pdf"], files["docx"], files["xlsx"]):
        assert extractor(path) == extract_document(path)


def test_errors_keep_their_kind_and_message(extractor: IsolatedExtractor, tmp_path: Path) -> None:
    locked = write_pdf(tmp_path / "locked.pdf", ["x"], user_password="pw")
    with pytest.raises(DocumentError) as info:
        extractor(locked)
    assert info.value.kind == "encrypted"
    assert str(info.value).startswith("locked.pdf: this PDF is password-protected")


def test_overrun_kills_the_child_and_the_next_file_still_works(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "slow.pdf", ["some text"])
    with IsolatedExtractor(hard_timeout_s=0.0) as isolated:
        with pytest.raises(DocumentError) as info:
            isolated(path)
        assert info.value.kind == "timeout"
        assert "stopped" in str(info.value)
    with IsolatedExtractor() as isolated:
        cancel = threading.Event()
        cancel.set()
        with pytest.raises(ExtractionCancelled):
            isolated(path, cancel=cancel)
        assert "some text" in isolated(path).sections[0].text  # a fresh child took over


def test_knowledge_base_indexes_through_the_child(hearth_home: Path, tmp_path: Path) -> None:
    files = write_every_format(tmp_path)
    paths = Paths.resolve()
    with (
        Database.open(paths.database, backups_dir=paths.backups_dir) as db,
        IsolatedExtractor() as isolated,
    ):
        kb = KnowledgeBase(db, extractor=isolated)
        report = kb.add_files(list(files.values()))
        assert len(report.indexed) == len(files)
        assert kb.search("lighthouse budget")[0].page == 2


def test_the_childs_technical_detail_goes_to_the_log_not_the_terminal(
    extractor: IsolatedExtractor,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\nendobj\n")
    with caplog.at_level(logging.WARNING), pytest.raises(DocumentError) as info:
        extractor(broken)
    assert info.value.kind == "corrupt"
    assert "save or print it again" in str(info.value)
    forwarded = [r.getMessage() for r in caplog.records if "document reader" in r.getMessage()]
    assert any("broken.pdf" in line and "failed" in line for line in forwarded), caplog.text
    assert "Traceback" not in capfd.readouterr().err
