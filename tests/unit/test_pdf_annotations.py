"""What a PDF page's annotations and form widgets show, and letter-spaced lines, are indexed.

The PDFs are written here as raw bytes, so each test controls exactly which annotation a page
carries and what its appearance draws.
"""

from __future__ import annotations

from pathlib import Path

from app.knowledge.extractors.dispatch import extract_document
from app.knowledge.extractors.pdf_annotation_text import ANNOTATIONS_HEADING
from app.knowledge.extractors.pdf_pypdf import PypdfPages

PAGE_TEXT = "The quarterly report covers travel costs for the whole team and the new office."
FONT = 5  # the object number of the page's font


def _stream(data: bytes, extras: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), extras, data)


def _appearance(text: str, x: int = 2, y: int = 5) -> bytes:
    """A form XObject that draws `text`, as a viewer shows an annotation."""
    draw = f"BT /F1 10 Tf {x} {y} Td ({text}) Tj ET".encode("latin-1")
    return _stream(
        draw,
        b"/Type /XObject /Subtype /Form /BBox [0 0 300 20] /Resources << /Font << /F1 %d 0 R >> >>"
        % FONT,
    )


def _pdf(content: bytes, annotations: list[bytes], extra: list[bytes], fields: str = "") -> bytes:
    """One page drawing `content`, with `annotations` (objects 6, 7, ...) in /Annots, then the
    `extra` objects (appearance streams) they refer to; `fields`: the form's field references."""
    first = 6
    refs = " ".join(f"{first + i} 0 R" for i in range(len(annotations)))
    form = f" /AcroForm << /Fields [{fields}] >>" if fields else ""
    objects = [
        f"<< /Type /Catalog /Pages 2 0 R{form} >>".encode(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> /Annots [" + refs.encode() + b"] >>",
        _stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *annotations,
        *extra,
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    return bytes(out + f"startxref\n{xref}\n%%EOF\n".encode())


def _text(line: str, y: int = 720) -> bytes:
    return f"BT /F1 12 Tf 72 {y} Td ({line}) Tj ET\n".encode("latin-1")


def _page_sections(tmp_path: Path, pdf: bytes) -> dict[str, str]:
    path = tmp_path / "annotated.pdf"
    path.write_bytes(pdf)
    return {section.label: section.text for section in extract_document(path).sections}


def test_free_text_and_note_comments_are_indexed_once_after_the_page(tmp_path: Path) -> None:
    annotations = [
        # A free-text comment: drawn by its appearance, and repeated in /Contents.
        b"<< /Type /Annot /Subtype /FreeText /Rect [72 600 372 620] "
        b"/Contents (Approved by finance) /AP << /N 10 0 R >> >>",
        # A sticky note: its comment is in /Contents only; its pop-up repeats it.
        b"<< /Type /Annot /Subtype /Text /Rect [400 700 420 720] /Contents (Check the totals) "
        b"/Popup 8 0 R >>",
        b"<< /Type /Annot /Subtype /Popup /Rect [400 600 500 700] /Parent 7 0 R "
        b"/Contents (Check the totals) >>",
        b"<< /Type /Annot /Subtype /Link /Rect [72 500 200 520] /Contents (Link tooltip) >>",
    ]
    pdf = _pdf(_text(PAGE_TEXT), annotations, [_appearance("Approved by finance")])
    text = _page_sections(tmp_path, pdf)["page 1"]
    own, _, block = text.partition(f"\n\n{ANNOTATIONS_HEADING}\n")
    assert own == PAGE_TEXT
    assert block.splitlines() == ["Approved by finance", "Check the totals"]


def test_a_stamp_over_the_text_does_not_cut_the_pages_words(tmp_path: Path) -> None:
    # pdfminer's issue-1082 sample: a stamp drawn across "Dummy" made PDFium read "Dumm PDF y".
    stamp = b"<< /Type /Annot /Subtype /Stamp /Rect [90 715 400 735] /AP << /N 7 0 R >> >>"
    pdf = _pdf(_text("Dummy PDF file"), [stamp], [_appearance("APPROVED STAMP", x=0, y=6)])
    text = _page_sections(tmp_path, pdf)["page 1"]
    assert text == f"Dummy PDF file\n\n{ANNOTATIONS_HEADING}\nAPPROVED STAMP"


def test_a_hidden_annotation_is_not_indexed(tmp_path: Path) -> None:
    annotation = (
        b"<< /Type /Annot /Subtype /FreeText /F %d /Rect [72 600 372 620] /AP << /N 7 0 R >> >>"
    )
    remark = [_appearance("Secret draft remark")]
    hidden = _pdf(_text(PAGE_TEXT), [annotation % 2], remark)  # flag 2: hidden
    assert _page_sections(tmp_path, hidden)["page 1"] == PAGE_TEXT
    printed = _pdf(_text(PAGE_TEXT), [annotation % 4], remark)  # flag 4: printed
    assert _page_sections(tmp_path, printed)["page 1"].endswith("\nSecret draft remark")


def test_a_filled_text_field_is_indexed_where_it_shows_and_not_again(tmp_path: Path) -> None:
    annotations = [
        b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (destination) /V (Lisbon office) "
        b"/Rect [72 600 372 620] /AP << /N 8 0 R >> >>",
        b"<< /Type /Annot /Subtype /Widget /FT /Btn /T (approved) /V /Yes /AS /Yes "
        b"/Rect [72 560 92 580] >>",
    ]
    pdf = _pdf(_text("Travel request"), annotations, [_appearance("Lisbon office")], "6 0 R 7 0 R")
    sections = _page_sections(tmp_path, pdf)
    assert sections["page 1"] == f"Travel request\n\n{ANNOTATIONS_HEADING}\nLisbon office"
    # The box's tick is drawn by no text: its value stays in the form's section, alone.
    assert sections["form fields"] == "approved: Yes"


def test_a_page_without_annotations_is_unchanged(tmp_path: Path) -> None:
    assert _page_sections(tmp_path, _pdf(_text(PAGE_TEXT), [], [])) == {"page 1": PAGE_TEXT}


def test_a_line_drawn_letter_by_letter_is_indexed_as_words(tmp_path: Path) -> None:
    # pdfminer's simple1.pdf: each letter placed on its own, a wide gap between the words.
    letters = " ".join(f"({c}) -416" for c in "Hello") + " -4166 "
    letters += " ".join(f"({c}) -416" for c in "World")
    content = _text(PAGE_TEXT) + f"BT /F1 24 Tf 72 600 Td [{letters}] TJ ET\n".encode()
    text = _page_sections(tmp_path, _pdf(content, [], []))["page 1"]
    assert text.splitlines() == [PAGE_TEXT, "Hello World"]


def test_single_letters_in_a_sentence_are_left_apart(tmp_path: Path) -> None:
    line = "Tick one of the boxes a b c d e to answer."
    text = _page_sections(tmp_path, _pdf(_text(line), [], []))["page 1"]
    assert text == line


def test_pypdf_reads_the_comments_where_pdfium_cannot_open_the_file(tmp_path: Path) -> None:
    annotations = [
        b"<< /Type /Annot /Subtype /Text /Rect [400 700 420 720] /Contents (Check the totals) >>",
        b"<< /Type /Annot /Subtype /Popup /Rect [400 600 500 700] /Contents (Check the totals) >>",
        b"<< /Type /Annot /Subtype /Link /Rect [72 500 200 520] /Contents (Link tooltip) >>",
        b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (name) /Rect [72 400 200 420] "
        b"/Contents (Your name) >>",
        b"<< /Type /Annot /Subtype /Highlight /Rect [72 700 200 720] /Contents (Source?) >>",
    ]
    path = tmp_path / "notes.pdf"
    path.write_bytes(_pdf(_text(PAGE_TEXT), annotations, []))
    assert PypdfPages(path).annotation_comments(0) == "Check the totals\nSource?"
