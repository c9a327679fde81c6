"""What a user reads about a file Hearth could not index: plain words, one file name shown
safely, what to do next; the parser's own exception text goes to the log only."""

from __future__ import annotations

import logging
import re
import zipfile
from pathlib import Path

import pytest

from app.knowledge.errors import DocumentError
from app.knowledge.extractors.dispatch import extract_document
from tests.fixtures.documents import write_docx, write_xlsx

# Phrases every "what to do next" ends with, one of them per message.
NEXT_STEP = re.compile(r"save|add that|add it again|pick the file|split it|check that|extension")


def problem(path: Path) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        extract_document(path)
    return info.value


def assert_user_language(error: DocumentError) -> None:
    text = str(error)
    assert "((" not in text and "))" not in text, text
    assert not re.search(r"[A-Z][a-z]+Error|Traceback|startxref|CRC|/[A-Z][A-Za-z]+", text), text
    assert NEXT_STEP.search(error.problem), text


def test_a_damaged_office_file_says_what_to_do_and_logs_the_detail(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = write_docx(tmp_path / "source.docx")
    with zipfile.ZipFile(source) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    damaged = tmp_path / "letter.docx"
    with zipfile.ZipFile(damaged, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    data = bytearray(damaged.read_bytes())
    with zipfile.ZipFile(damaged) as archive:
        entry = archive.getinfo("word/document.xml")
    at = entry.header_offset + 30 + len(entry.filename) + 10
    data[at : at + 40] = bytes(40)  # the deflate stream no longer inflates
    damaged.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING, logger="app.knowledge.errors"):
        error = problem(damaged)
    assert error.kind == "corrupt"
    assert str(error).startswith("letter.docx: this DOCX file is damaged")
    assert "Word or LibreOffice" in error.problem
    assert_user_language(error)
    assert "letter.docx" in caplog.text and "error" in caplog.text.lower()  # the detail: logged


def test_a_truncated_spreadsheet_and_a_misnamed_file(tmp_path: Path) -> None:
    cut = tmp_path / "sales.xlsx"
    cut.write_bytes(write_xlsx(tmp_path / "whole.xlsx").read_bytes()[:400])
    assert_user_language(problem(cut))
    misnamed = tmp_path / "scan.pdf"
    misnamed.write_bytes(write_docx(tmp_path / "real.docx").read_bytes())
    error = problem(misnamed)
    assert "its contents are a zip archive or an Office file" in error.problem
    assert_user_language(error)
    broken_pdf = tmp_path / "broken.pdf"
    broken_pdf.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\nendobj\n")
    error = problem(broken_pdf)
    assert error.kind == "corrupt"
    assert_user_language(error)


def test_file_names_in_messages_are_escaped(tmp_path: Path) -> None:
    sneaky = tmp_path / "notes\n\u202etxt.exe.md"
    sneaky.write_bytes(bytes(range(256)) * 4)
    error = problem(sneaky)
    first_line = str(error).splitlines()[0]
    assert first_line.startswith("notes\\n\\u202etxt.exe.md: ")
    assert "\u202e" not in str(error)
