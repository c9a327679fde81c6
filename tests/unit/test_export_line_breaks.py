"""A letter's lines and paragraphs survive every export, read back with each format's reader.

The model writes letters with single newlines ("Dear Ms Lee,\\nThank you..."); Hearth shows
each on its own line, and so must the .docx, the .pdf, the .md (in any Markdown viewer) and
the .html. Before, they were joined into one paragraph.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pypdf
from markdown_it import MarkdownIt

from app.templates.export import export_document
from app.templates.export.line_breaks import hard_line_breaks, unwrap_lines

LETTER = (
    "Subject: Payment reminder - invoice INV-2025-0417\n"
    "\n"
    "Dear Ms Lee,\n"
    "I hope you are well. Invoice INV-2025-0417 for **EUR 2,480.00** was due on 31 May 2025 "
    "and is still open; I have attached a copy.\n"
    "Please transfer the amount by 20 June.\n"
    "\n"
    "Sincerely,\n"
    "Eva Jansen, Accounts Receivable\n"
)

LETTER_LINES = [
    "Subject: Payment reminder - invoice INV-2025-0417",
    "Dear Ms Lee,",
    "I hope you are well. Invoice INV-2025-0417 for EUR 2,480.00 was due on 31 May 2025 and "
    "is still open; I have attached a copy.",
    "Please transfer the amount by 20 June.",
    "Sincerely,",
    "Eva Jansen, Accounts Receivable",
]


def test_docx_has_one_paragraph_per_line_spaced_like_the_text(tmp_path: Path) -> None:
    path = tmp_path / "letter.docx"
    export_document(LETTER, path, title="Payment reminder")
    paragraphs = docx.Document(str(path)).paragraphs
    assert [p.text for p in paragraphs] == LETTER_LINES
    # Lines of one paragraph stay together; a blank line in the text is a gap in Word.
    tight = [p.paragraph_format.space_after == 0 for p in paragraphs]
    assert tight == [False, True, True, False, True, False]
    body = paragraphs[2]
    assert [r.text for r in body.runs if r.bold] == ["EUR 2,480.00"]


def test_docx_line_breaks_in_a_list_item_stay_in_the_item(tmp_path: Path) -> None:
    path = tmp_path / "list.docx"
    export_document(
        "- Pay by transfer\n  IBAN NL91 ABNA 0417 1643 00\n- Or by card\n", path, title="t"
    )
    items = [p for p in docx.Document(str(path)).paragraphs if p.style.name == "List Bullet"]
    assert [p.text for p in items] == ["Pay by transfer\nIBAN NL91 ABNA 0417 1643 00", "Or by card"]


def test_pdf_keeps_the_lines_in_order(tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    export_document(LETTER, path, title="Payment reminder")
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for short in ("Dear Ms Lee,", "Sincerely,", "Eva Jansen, Accounts Receivable"):
        assert short in lines, f"{short!r} is not a line of its own: {lines}"
    assert lines.index("Dear Ms Lee,") < lines.index("Sincerely,")
    assert lines.index("Sincerely,") + 1 == lines.index("Eva Jansen, Accounts Receivable")
    assert lines[-1] == "Eva Jansen, Accounts Receivable"
    # The body wraps at the page's width but starts on its own line, after the greeting.
    assert lines[lines.index("Dear Ms Lee,") + 1].startswith("I hope you are well.")
    assert any(line.startswith("Please transfer the amount") for line in lines)


def test_markdown_file_shows_the_lines_in_any_commonmark_viewer(tmp_path: Path) -> None:
    path = tmp_path / "letter.md"
    export_document(LETTER, path, title="t")
    written = path.read_text(encoding="utf-8")
    html = MarkdownIt("commonmark").render(written)  # a viewer without Hearth's `breaks`
    assert "<p>Sincerely,<br />\nEva Jansen, Accounts Receivable</p>" in html
    assert "<p>Dear Ms Lee,<br />\nI hope you are well." in html
    assert html.count("<p>") == 3
    # Nothing else changed: the same words, the trailing spaces are the only addition.
    assert [line.rstrip() for line in written.splitlines()] == LETTER.splitlines()


def test_html_file_has_line_breaks_and_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "letter.html"
    export_document(LETTER, path, title="t")
    html = path.read_text(encoding="utf-8")
    assert "<p>Sincerely,<br />\nEva Jansen, Accounts Receivable</p>" in html
    assert html.count("<p>") == 3


def test_hard_breaks_leave_headings_lists_tables_and_code_alone() -> None:
    text = (
        "# Title\n\n- a\n  b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n```\ncode\nlines\n```\n"
        "\nEnds with a hard break\\\nalready\n"
    )
    converted = hard_line_breaks(text)
    assert converted.splitlines()[2] == "- a  "  # the item's own line break
    assert "| x | y |\n" in converted and "```\ncode\nlines\n```" in converted
    assert "hard break\\\nalready" in converted


def test_unwrap_joins_wrapped_lines_and_keeps_marked_breaks() -> None:
    mark = "\ue000"
    wrapped = (
        "Dear Ms Lee,\ue000I hope you are well. Invoice INV-2025-0417 was due on 31 May and\n"
        "is still open. I have\n"
        "attached a copy.\ue000\ue000- not a list\n"
        "\n"
        "- a list item that Qt wrapped at eighty\n"
        "  columns\ue000with a break\n"
        "\n"
        "> a quote that was\n"
        "> wrapped\n"
        "\n"
        "# Heading\ue000with a break\n"
    )
    assert unwrap_lines(wrapped, mark) == (
        "Dear Ms Lee,\nI hope you are well. Invoice INV-2025-0417 was due on 31 May and is still "
        "open. I have attached a copy.\n\n\\- not a list\n"
        "\n"
        "- a list item that Qt wrapped at eighty columns\n  with a break\n"
        "\n"
        "> a quote that was wrapped\n"
        "\n"
        "# Heading with a break\n"
    )
