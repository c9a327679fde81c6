"""Each export opens with its own reader and holds the text and the structure."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pypdf
import pytest

from app.templates.errors import DocumentExportError
from app.templates.export import export_document, rich_text_html
from app.templates.export.pdf_fonts import latin1_safe

MARKDOWN = """# Quarterly report Q2

Revenue was **USD 4,210,000.00**, *above* target: Café Łódź “quoted” — €5.

## Highlights

- Spring collection sold through 82%
  - Denver store opened
- Returns fell to 6.2%

1. Second supplier for tents
2. Launch the repair service

### Figures

| Metric | This quarter | Change |
|---|---|---|
| Revenue | 4.21M | +15% |
| Margin | 46% | +1pt |

> Keep the momentum.

<script>alert('x')</script> and [a link](javascript:alert(1)).
"""


def test_docx_has_heading_styles_lists_and_a_table(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    assert export_document(MARKDOWN, path, title="Q2 report") == "docx"
    document = docx.Document(str(path))
    styled = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert ("Heading 1", "Quarterly report Q2") in styled
    assert ("Heading 2", "Highlights") in styled
    assert ("Heading 3", "Figures") in styled
    assert ("List Bullet", "Spring collection sold through 82%") in styled
    assert ("List Bullet 2", "Denver store opened") in styled
    assert ("List Number", "Second supplier for tents") in styled
    assert ("Quote", "Keep the momentum.") in styled
    body = next(p for p in document.paragraphs if p.text.startswith("Revenue was"))
    assert "Café Łódź “quoted” — €5" in body.text
    bold = [r.text for r in body.runs if r.bold]
    italic = [r.text for r in body.runs if r.italic]
    assert bold == ["USD 4,210,000.00"] and italic == ["above"]
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == ["Metric", "This quarter", "Change"]
    assert [c.text for c in table.rows[2].cells] == ["Margin", "46%", "+1pt"]
    assert document.core_properties.title == "Q2 report"
    assert any("<script>" in p.text for p in document.paragraphs)  # literal text, nothing more


def test_numbered_lists_restart_at_their_own_start(tmp_path: Path) -> None:
    path = tmp_path / "lists.docx"
    export_document("1. a\n2. b\n\nText.\n\n1. c\n", path, title="t")
    document = docx.Document(str(path))
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert ids[0] == ids[1] != ids[2]


def test_pdf_holds_the_text_including_non_latin(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    assert export_document(MARKDOWN, path, title="Q2 report") == "pdf"
    reader = pypdf.PdfReader(str(path))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in (
        "Quarterly report Q2",
        "Highlights",
        "Spring collection sold through 82%",
        "Second supplier for tents",
        "Revenue",
        "+1pt",
        "Keep the momentum.",
        "Café",
    ):
        assert expected in text, expected
    assert reader.metadata is not None and reader.metadata.title == "Q2 report"


def test_latin1_fallback_keeps_text_readable() -> None:
    typographic = "\u201cHi\u201d \u2013 \u20ac5\u2026 \u0141\u00f3d\u017a"
    assert latin1_safe(typographic) == '"Hi" - EUR 5... ?\u00f3d?'


def test_html_escapes_everything_and_keeps_structure(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    export_document(MARKDOWN, path, title="<b>Q2</b> & more")
    html = path.read_text(encoding="utf-8")
    assert "<title>&lt;b&gt;Q2&lt;/b&gt; &amp; more</title>" in html
    assert "<h1>Quarterly report Q2</h1>" in html
    assert "<table>" in html and "<th>Metric</th>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert rich_text_html("**b**").strip() == "<p><strong>b</strong></p>"


def test_markdown_export_is_the_text(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    export_document(MARKDOWN, path, title="t")
    assert path.read_text(encoding="utf-8") == MARKDOWN


def test_unknown_extension_and_unwritable_target_are_clear(tmp_path: Path) -> None:
    with pytest.raises(DocumentExportError, match=r"report\.odt: choose a file ending in"):
        export_document(MARKDOWN, tmp_path / "report.odt", title="t")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DocumentExportError, match="cannot be written"):
        export_document(MARKDOWN, blocker / "report.md", title="t")
    assert not list(tmp_path.glob(".*tmp"))


def test_docx_bytes_are_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    export_document("", path, title="empty")
    assert io.BytesIO(path.read_bytes()).read(2) == b"PK"


def test_pdf_export_keeps_font_subsetting_out_of_the_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """fontTools logs each subset table at INFO; an export at the app's INFO level logs none of
    it, and the loggers are as they were afterwards."""
    import logging

    from app.templates.export.pdf_fonts import find_unicode_font

    # Without a Unicode font there is no subsetting, and nothing for this test to see.
    assert find_unicode_font() is not None, "a TrueType font with Unicode is needed here"
    font_logger = logging.getLogger("fontTools")
    before = font_logger.level
    with caplog.at_level(logging.INFO):
        export_document("# Résumé\n\nÜber **alles** — ça va.", tmp_path / "a.pdf", title="R")
    assert (tmp_path / "a.pdf").stat().st_size > 0
    assert [r.name for r in caplog.records if r.name.startswith(("fontTools", "fpdf"))] == []
    assert font_logger.level == before
