"""PDF pages that are garbage, damaged or unreadable: detected, skipped with a note, rest indexed.

The PDFs are written here as raw bytes, so each test controls exactly what is broken.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from app.knowledge.errors import DocumentError
from app.knowledge.extractors.dispatch import extract_document
from app.knowledge.text_quality import agreement, assess_text

SHIFTED = "$PNQVUFS4DJFODF%FQBSUNFOU!6OJWFSTJUZ!PG!5PLZP!TUVEJFT!EPDVNFOU!QBSTJOH"


def _shift(text: str, offset: int) -> str:
    return "".join(chr(ord(ch) + offset) for ch in text if ord(ch) + offset >= 0x21)


def _content(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return f"BT /F1 12 Tf 72 720 Td ({escaped}) Tj ET".encode("latin-1")


def _pdf(
    streams: list[tuple[bytes, bytes]],
    *,
    xref_table: bool = True,
    image: bytes = b"",
    font2: bytes = b"",
    field: bytes = b"",
) -> bytes:
    """A PDF whose page N draws streams[N] = (stream dictionary extras, stream bytes); `field`:
    a form field dictionary, the form's only field."""
    count = len(streams)
    font = 3 + 2 * count
    form = f" /AcroForm << /Fields [{font + 3} 0 R] >>".encode() if field else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R" + form + b" >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(f"{3 + 2 * i} 0 R".encode() for i in range(count))
        + f"] /Count {count} >>".encode(),
    ]
    for i, (extras, data) in enumerate(streams):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R /F2 {font + 2} 0 R >> "
            f"/XObject << /Im1 {font + 1} 0 R >> >> >>".encode()
        )
        objects.append(
            b"<< /Length "
            + str(len(data)).encode()
            + extras
            + b" >>\nstream\n"
            + data
            + b"\nendstream"
        )
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(image or b"null")
    objects.append(font2 or b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>")
    if field:
        objects.append(field)
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    if xref_table:
        out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
        out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    if xref_table:
        out += f"startxref\n{xref}\n".encode()
    return bytes(out + b"%%EOF\n")


def _text_page(text: str) -> tuple[bytes, bytes]:
    return b"", _content(text)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


ENGLISH = "The quarterly report covers travel costs for the whole team and the new office."


def test_shifted_alphabet_page_is_unreadable_and_not_indexed(tmp_path: Path) -> None:
    pdf = _pdf([_text_page(ENGLISH), _text_page(SHIFTED), _text_page("Budget approved in May.")])
    doc = extract_document(_write(tmp_path, "shifted.pdf", pdf))
    assert doc.unreadable_pages == (2,)
    assert [s.page for s in doc.sections] == [1, 3]
    assert all("PNQVUFS" not in s.text for s in doc.sections)
    assert any("Page 2 could not be read as text" in note for note in doc.notes)


def test_a_pdf_of_only_garbage_is_refused_as_having_no_text(tmp_path: Path) -> None:
    pdf = _pdf([_text_page(SHIFTED)])
    with pytest.raises(DocumentError) as info:
        extract_document(_write(tmp_path, "garbage.pdf", pdf))
    assert info.value.kind == "empty"


def test_missing_xref_and_startxref_are_recovered(tmp_path: Path) -> None:
    pdf = _pdf([_text_page(ENGLISH), _text_page("Second page about invoices.")], xref_table=False)
    doc = extract_document(_write(tmp_path, "no-startxref.pdf", pdf))
    assert [s.page for s in doc.sections] == [1, 2]
    assert "quarterly report" in doc.sections[0].text
    assert doc.notes == ()


def test_wrong_xref_offsets_are_recovered(tmp_path: Path) -> None:
    pdf = _pdf([_text_page(ENGLISH)])
    start = pdf.index(b"0000000000 65535 f \n") + 20
    broken = pdf[:start] + pdf[start:].replace(b" 00000 n", b"7 00000 n").replace(
        b"00000", b"99999", 3
    )
    doc = extract_document(_write(tmp_path, "bad-xref.pdf", broken))
    assert "quarterly report" in doc.sections[0].text


def test_unknown_filter_page_is_skipped_with_a_note(tmp_path: Path) -> None:
    unknown = (b" /Filter /JBIG9Decode", zlib.compress(_content("hidden words")))
    pdf = _pdf([_text_page(ENGLISH), unknown, _text_page("Third page about the budget.")])
    doc = extract_document(_write(tmp_path, "filter.pdf", pdf))
    assert [s.page for s in doc.sections] == [1, 3]
    assert doc.unreadable_pages == ()
    assert len(doc.notes) == 1
    assert doc.notes[0].startswith("Page 2 could not be read")
    assert "JBIG9" not in doc.notes[0]


def test_oversize_drawing_page_is_skipped_and_the_rest_kept(tmp_path: Path) -> None:
    # About 80 MB of path operators once inflated: over the decompression limit, and a page
    # PDFium would spend minutes and gigabytes on.
    drawing = zlib.compress(b"0 0 m 100 100 l S\n" * 4_500_000, 1)
    big = (b" /Filter /FlateDecode", drawing)
    pdf = _pdf([_text_page(ENGLISH), big, _text_page("Third page about the budget.")])
    doc = extract_document(_write(tmp_path, "drawing.pdf", pdf))
    assert [s.page for s in doc.sections] == [1, 3]
    assert len(doc.notes) == 1
    assert doc.notes[0].startswith("Page 2 could not be read")


def test_scanned_page_is_listed_for_ocr(tmp_path: Path) -> None:
    image = (
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream"
    )
    scan = (b"", b"q 200 0 0 200 72 400 cm /Im1 Do Q")
    pdf = _pdf([_text_page(ENGLISH), scan], image=image)
    doc = extract_document(_write(tmp_path, "scan.pdf", pdf))
    assert doc.unreadable_pages == (2,)
    assert [s.page for s in doc.sections] == [1]
    assert "OCR" in doc.notes[0]


def test_a_filled_in_forms_values_are_indexed(tmp_path: Path) -> None:
    field = (
        b"<< /FT /Tx /T (total) /TU (Invoice total) /V (EUR 1,240.00) "
        b"/Subtype /Widget /Rect [100 100 300 120] >>"
    )
    doc = extract_document(_write(tmp_path, "form.pdf", _pdf([_text_page(ENGLISH)], field=field)))
    assert [s.label for s in doc.sections] == ["page 1", "form fields"]
    assert doc.sections[1].text == "Invoice total: EUR 1,240.00"
    plain = extract_document(_write(tmp_path, "plain.pdf", _pdf([_text_page(ENGLISH)])))
    assert [s.label for s in plain.sections] == ["page 1"]


def test_a_pdf_of_scans_only_is_refused_without_speaking_of_the_rest(tmp_path: Path) -> None:
    image = (
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream"
    )
    scan = (b"", b"q 200 0 0 200 72 400 cm /Im1 Do Q")
    with pytest.raises(DocumentError) as info:
        extract_document(_write(tmp_path, "scan.pdf", _pdf([scan], image=image)))
    assert info.value.kind == "empty"
    assert "no page of this PDF has text" in info.value.problem and "OCR" in info.value.problem
    assert "the rest" not in info.value.problem


def test_page_with_text_in_an_unmapped_font_is_indexed_in_part_and_listed(tmp_path: Path) -> None:
    # A CID font under a CMap neither engine maps (pdfminer's simple3.pdf does this): its lines
    # come out as nothing (PDFium) or control pictures (pypdf).
    font2 = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Ryumin-Light-V /Encoding /V "
        b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /Ryumin-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 1 >> >>] >>"
    )
    lines = b"".join(
        b'BT /F2 20 Tf 72 %d Td ($"$$$&$\\($*) Tj ET\n' % (600 - 30 * i) for i in range(6)
    )
    page = (b"", _content(ENGLISH) + b"\n" + lines)
    doc = extract_document(_write(tmp_path, "unmapped.pdf", _pdf([page], font2=font2)))
    assert doc.unreadable_pages == (1,)
    assert doc.sections[0].text == ENGLISH
    assert doc.notes[0].startswith("Page 1 could be read only in part")


def test_fake_bold_doubled_letters_are_indexed_once(tmp_path: Path) -> None:
    # What PDFium reports for text drawn twice a hair apart (pdfminer's issue-1008 map).
    page = _text_page("MMuunniicciippaalliittyy of Saint-Sauveur, 112233 residents")
    doc = extract_document(_write(tmp_path, "bold.pdf", _pdf([page])))
    assert doc.sections[0].text == "Municipality of Saint-Sauveur, 112233 residents"


@pytest.mark.parametrize(
    "text",
    [
        ENGLISH,
        "Die Zahlungserinnerung für die Überweisung wurde gestern an den Kunden geschickt.",
        "Laskun eräpäivä on ensi perjantaina, ja maksu tehdään tilille kuten aina ennenkin.",
        "La réunion du comité aura lieu jeudi prochain à la mairie, salle des fêtes.",
        "Отчёт за квартал включает расходы на командировки всей команды и нового офиса.",
        "わたくしといふ現象は假定された有機交流電燈のひとつの青い照明です",
        "Total 12,450.00 EUR; VAT 24% = 2,988.00; due 2024-05-01; ref INV-2024-0042; H2O",
        "See https://example.org/reports/2024/q1-summary.pdf or mail finance@example.org now.",
    ],
)
def test_real_text_in_many_languages_is_not_garbage(text: str) -> None:
    assert not assess_text(text).garbage


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (_shift(ENGLISH + " " + ENGLISH, -31), "shifted alphabet"),
        (_shift(ENGLISH + " " + ENGLISH, 3), "shifted alphabet"),
        # Spaces kept and words still word-shaped: "Uif rvbsufsmz sfqpsu"
        (" ".join(_shift(w, 1) for w in (ENGLISH + " " + ENGLISH).split()), "shifted alphabet"),
        ("\ue000\ue013\ue021 " * 12, "private-use or unassigned characters"),
        ("Θͨ͘͠ͱ͍;ݱݱ၊ఆ͞Εͨ༗ަػྲྀి౯ͷͻͱͭͷ੨͍র໌Ͱ͢ớ͋ΒΏΔಁ໌ͳ༓ྶͷෳ߹ମ", "letters of unrelated scripts"),
    ],
)
def test_garbage_text_is_detected(text: str, reason: str) -> None:
    quality = assess_text(text)
    assert quality.garbage
    assert quality.reason.startswith(reason)


def test_short_text_is_not_judged() -> None:
    assert not assess_text("Fig. 3").garbage


def test_agreement_of_two_engines() -> None:
    assert agreement("Hello world again", "hello   World again") == 1.0
    assert agreement("Hello world again", "$PNQVUFS4DJFODF") == 0.0
