"""The contract every document extractor keeps, run against each implementation and format.

An `Extractor` (app/knowledge/indexer.py) is `extractor(path, *, limits=None, cancel=None)`
returning an ExtractedDocument or raising DocumentError. Implementations: `extract_document`
(in this process) and `IsolatedExtractor` (a child process). Each subclass provides the
`extract` fixture; every test runs for every format in document_cases.CASES, each on a real
file written by the format's own library. Where formats differ, the case says so.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from app.knowledge.errors import DocumentError, ExtractionCancelled
from app.knowledge.indexer import Extractor
from app.knowledge.sections import ExtractedDocument
from tests.contract.document_cases import CASES, FormatCase

HEADING = "Harbour rules"
PARAGRAPH = "Boats dock at pier three and pay 25 crowns a day."
# Bytes no text decoder accepts and no parser can make sense of (NULs included).
GARBAGE = bytes(range(256)) * 4

by_format = pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])


def section_with(document: ExtractedDocument, needle: str) -> tuple[str, int | None]:
    found = [(s.label, s.page) for s in document.sections if needle in s.text]
    assert found, f"{needle!r} not extracted: {[s.text for s in document.sections]}"
    return found[0]


def refused(extract: Extractor, path: Path) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        extract(path)
    assert str(info.value).startswith(f"{path.name}: "), "every message names the file"
    assert info.value.problem.strip(), "and says what is wrong"
    return info.value


class ExtractorContract:
    """Subclasses provide an `extract` fixture: the implementation under test."""

    @by_format
    def test_text_arrives_in_a_located_section(
        self, extract: Extractor, case: FormatCase, tmp_path: Path
    ) -> None:
        path = case.write(tmp_path / case.file_name("located"), HEADING, PARAGRAPH)
        document = extract(path)
        assert document.format == case.fmt
        label, page = section_with(document, PARAGRAPH)
        assert label == case.label(HEADING)
        assert all(s.label for s in document.sections), "every section has a location"
        if case.paged:
            assert page == 1 and document.page_count == 1
        else:
            assert page is None
        assert document.char_count >= len(PARAGRAPH)

    @by_format
    def test_unicode_survives_exactly(
        self, extract: Extractor, case: FormatCase, tmp_path: Path
    ) -> None:
        path = case.write(tmp_path / case.file_name("unicode"), HEADING, case.unicode_text)
        document = extract(path)
        section_with(document, case.unicode_text)
        for section in document.sections:
            # Lone surrogates cannot be stored as UTF-8 (SQLite, exports): none may escape.
            section.text.encode("utf-8")
            assert "\ufffd" not in section.text

    @by_format
    def test_damaged_file_gets_a_specific_error(
        self, extract: Extractor, case: FormatCase, tmp_path: Path
    ) -> None:
        whole = case.write(tmp_path / case.file_name("whole"), HEADING, PARAGRAPH).read_bytes()
        damaged = tmp_path / case.file_name("damaged")
        damaged.write_bytes(whole[: len(whole) // 2] + GARBAGE)
        error = refused(extract, damaged)
        assert error.kind == case.damaged_kind
        # Specific: the message names the format (or the extension it claims to be).
        assert case.fmt.upper() in error.problem or case.suffix in error.problem, error.problem

    @by_format
    def test_zero_byte_file_is_refused_by_name(
        self, extract: Extractor, case: FormatCase, tmp_path: Path
    ) -> None:
        path = tmp_path / case.file_name("zero")
        path.write_bytes(b"")
        assert refused(extract, path).kind == case.zero_bytes_kind

    @by_format
    def test_document_without_text_is_reported_empty(
        self, extract: Extractor, case: FormatCase, tmp_path: Path
    ) -> None:
        path = case.write(tmp_path / case.file_name("blank"), "", "")
        if case.can_be_blank:
            error = refused(extract, path)
            assert error.kind == "empty"
            assert "no text" in error.problem
        else:
            document = extract(path)
            assert document.has_text and PARAGRAPH not in "".join(s.text for s in document.sections)

    def test_missing_file_is_not_found(self, extract: Extractor, tmp_path: Path) -> None:
        error = refused(extract, tmp_path / "gone.pdf")
        assert error.kind == "not_found"

    def test_cancel_before_start_raises_cancelled(self, extract: Extractor, tmp_path: Path) -> None:
        case = CASES[0]
        path = case.write(tmp_path / case.file_name("cancelled"), HEADING, PARAGRAPH)
        cancel = threading.Event()
        cancel.set()
        with pytest.raises(ExtractionCancelled):
            extract(path, cancel=cancel)
        # Cancelling is not a fault of the file or of the extractor: the next file is read.
        assert section_with(extract(path), PARAGRAPH)
