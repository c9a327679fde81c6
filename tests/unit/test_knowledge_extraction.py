"""Extraction of every supported format, with positions, and a specific message for bad input."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from app.knowledge.errors import DocumentError
from app.knowledge.extractors.dispatch import extract_document
from app.knowledge.limits import ExtractionLimits
from app.knowledge.sections import ExtractedDocument
from tests.fixtures.documents import (
    random_high_bytes,
    write_every_format,
    write_pdf,
    write_zip_bomb,
)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_every_format(tmp_path_factory.mktemp("docs"))


def labels(doc: ExtractedDocument) -> list[str]:
    return [s.label for s in doc.sections]


def section_with(doc: ExtractedDocument, needle: str) -> str:
    found = [s.label for s in doc.sections if needle in s.text]
    assert found, f"{needle!r} not extracted: {[s.text for s in doc.sections]}"
    return found[0]


def test_pdf_keeps_pages(files: dict[str, Path]) -> None:
    doc = extract_document(files["pdf"])
    assert doc.format == "pdf"
    assert doc.page_count == 2
    assert section_with(doc, "lighthouse budget") == "page 2"
    assert [s.page for s in doc.sections] == [1, 2]


def test_docx_keeps_heading_paths_tables_and_page_breaks(files: dict[str, Path]) -> None:
    doc = extract_document(files["docx"])
    assert doc.title == "Travel policy"
    assert doc.page_count == 2
    assert section_with(doc, "travel desk") == "page 1 · Travel policy > Booking"
    assert section_with(doc, "180 euros") == "page 2 · Travel policy > Expenses"
    assert section_with(doc, "Taxi | 60 euros") == "page 2 · Travel policy > Expenses"


def test_xlsx_keeps_sheets_rows_and_column_names(files: dict[str, Path]) -> None:
    doc = extract_document(files["xlsx"])
    assert doc.page_count == 2
    assert labels(doc) == ["sheet Sales, rows 1-3", "sheet Staff, rows 1-2"]
    assert "South | Q1 | 950.5" in doc.sections[0].text
    assert "North | Q1 | 1200" in doc.sections[0].text  # whole floats lose their ".0"
    assert doc.sections[1].heading == "Staff: Name | Role"


def test_pptx_one_section_per_slide_title_once(files: dict[str, Path]) -> None:
    doc = extract_document(files["pptx"])
    assert doc.page_count == 3
    assert labels(doc) == ["slide 1", "slide 2", "slide 3"]
    assert section_with(doc, "Supplier delays") == "slide 2"
    assert section_with(doc, "40 thousand") == "slide 3"  # a free text box
    assert doc.sections[0].text.count("Roadmap") == 1
    assert doc.sections[1].heading == "Risks"


def test_odt_keeps_heading_paths(files: dict[str, Path]) -> None:
    doc = extract_document(files["odt"])
    assert section_with(doc, "tomatoes") == "Garden guide"
    assert section_with(doc, "soapy water") == "Garden guide > Pests"


def test_markdown_splits_at_headings_not_inside_code(files: dict[str, Path]) -> None:
    doc = extract_document(files["markdown"])
    assert labels(doc) == ["Recipes", "Recipes > Bread", "Recipes > Soup"]
    assert "# not a heading" in doc.sections[1].text


def test_html_visible_text_by_heading(files: dict[str, Path]) -> None:
    doc = extract_document(files["html"])
    assert doc.title == "Harbour"
    assert section_with(doc, "pier three") == "Harbour rules"
    assert section_with(doc, "25 crowns") == "Harbour rules > Fees"
    assert not any("var x" in s.text or "p{}" in s.text for s in doc.sections)


def test_csv_rows_with_header(files: dict[str, Path]) -> None:
    doc = extract_document(files["csv"])
    assert labels(doc) == ["rows 1-3"]
    assert doc.sections[0].heading == "item | count"
    assert "ropes | 40" in doc.sections[0].text


def test_csv_long_tables_are_cut_into_row_blocks(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("id;name\n" + "".join(f"{i};item {i}\n" for i in range(1, 121)), "utf-8")
    doc = extract_document(path)
    assert labels(doc) == ["rows 1-50", "rows 51-100", "rows 101-121"]
    assert doc.sections[2].heading == "id | name"  # the semicolon dialect was sniffed


def test_rtf_plain_text_and_eml(files: dict[str, Path]) -> None:
    rtf = extract_document(files["rtf"])
    assert "café order ships on Friday" in rtf.sections[0].text
    assert "\\par" not in rtf.sections[0].text
    eml = extract_document(files["eml"])
    assert eml.title == "Quarterly review moved"
    assert section_with(eml, "room Aurora") == "message"
    assert "From: Ana <ana@example.org>" in eml.sections[0].text
    assert eml.attachments == ()  # the fixture's "PDF" is not one: named in a note instead
    assert len(eml.notes) == 1 and "'agenda.pdf' was not indexed" in eml.notes[0]
    text = extract_document(files["text"])
    assert text.sections[0].text == "The ferry leaves at dawn.\n\nBring warm clothes."


def test_legacy_encodings_are_detected(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    sentence = "Le café de la gare ouvre à sept heures, été comme hiver. Déjà très connu."
    path.write_bytes((sentence + "\n").encode("cp1252") * 20)
    assert sentence in extract_document(path).sections[0].text
    for text, encoding in (
        ("Wrocław jest pięknym miastem, żółć i źdźbło trawy. Łódź też.", "cp1250"),
        ("Привет, как дела? Хорошо, спасибо.", "cp1251"),
    ):
        other = tmp_path / f"{encoding}.txt"
        other.write_bytes((text + "\n").encode(encoding) * 10)
        assert text in extract_document(other).sections[0].text, encoding
    utf16 = tmp_path / "wide.txt"
    utf16.write_bytes("Grüße aus Köln".encode("utf-16"))
    assert extract_document(utf16).sections[0].text == "Grüße aus Köln"


# ---- bad input: one specific message each -----------------------------------------------------


def problem(path: Path, limits: ExtractionLimits | None = None) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        extract_document(path, limits=limits)
    assert path.name in str(info.value)  # every message names the file
    return info.value


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "locked.pdf", ["secret plans"], user_password="pw")
    error = problem(path)
    assert error.kind == "encrypted"
    assert "password" in str(error)


def test_pdf_with_empty_user_password_is_read(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "nocopy.pdf", ["open to read"], user_password="")
    assert "open to read" in extract_document(path).sections[0].text


def test_corrupt_and_fake_pdfs(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage garbage\n")
    error = problem(broken)
    assert error.kind == "corrupt"
    assert "damaged" in str(error)
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    error = problem(fake)
    assert error.kind == "corrupt"
    assert "PNG image" in str(error)


def test_scanned_pdf_without_text(tmp_path: Path) -> None:
    error = problem(write_pdf(tmp_path / "scan.pdf", ["", ""]))
    assert error.kind == "empty"
    assert "OCR" in str(error)


def test_zip_bomb_in_office_file(tmp_path: Path) -> None:
    bomb = write_zip_bomb(tmp_path / "bomb.docx", 64 << 20)
    assert bomb.stat().st_size < 1 << 20
    error = problem(bomb, ExtractionLimits(max_unzipped_bytes=32 << 20))
    assert error.kind == "zip_bomb"
    assert "unpack" in str(error)
    # Under the size limit, the compression ratio alone gives it away.
    error = problem(bomb, ExtractionLimits(ratio_check_from_bytes=1 << 20))
    assert error.kind == "zip_bomb"
    assert "times its size" in str(error)


def test_damaged_and_encrypted_office_files(tmp_path: Path, files: dict[str, Path]) -> None:
    truncated = tmp_path / "cut.xlsx"
    truncated.write_bytes(files["xlsx"].read_bytes()[:400])
    assert problem(truncated).kind == "corrupt"
    ole = tmp_path / "protected.docx"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    error = problem(ole)
    assert error.kind == "encrypted"
    assert "password-protected" in str(error)
    not_office = tmp_path / "other.pptx"
    with zipfile.ZipFile(not_office, "w") as archive:
        archive.writestr("hello.txt", "not a presentation")
    assert problem(not_office).kind == "corrupt"


def test_binary_file_renamed_txt(tmp_path: Path) -> None:
    png = tmp_path / "picture.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    error = problem(png)
    assert error.kind == "binary"
    assert "PNG image" in str(error)
    blob = tmp_path / "blob.md"
    blob.write_bytes(bytes(range(256)) * 4)
    assert problem(blob).kind == "binary"


def test_too_large_file_is_refused_without_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(500 * 1024 * 1024)  # sparse: no disk space used
    error = problem(huge)
    assert error.kind == "too_large"
    assert "500 MB" in str(error)


def test_unknown_encoding(tmp_path: Path) -> None:
    path = tmp_path / "mystery.txt"
    path.write_bytes(random_high_bytes(4000))
    error = problem(path)
    assert error.kind == "encoding"
    assert "UTF-8" in str(error)


def test_time_limit(tmp_path: Path, files: dict[str, Path]) -> None:
    error = problem(files["pdf"], ExtractionLimits(max_seconds=0.0))
    assert error.kind == "timeout"
    assert "limit" in str(error)


def test_unsupported_and_missing_files(tmp_path: Path) -> None:
    exe = tmp_path / "tool.exe"
    exe.write_bytes(b"MZ")
    assert problem(exe).kind == "unsupported"
    with pytest.raises(DocumentError) as info:
        extract_document(tmp_path / "gone.pdf")
    assert info.value.kind == "not_found"
