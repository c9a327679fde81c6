"""Incremental rendering of a streaming reply: settled blocks rendered once, the same final look.

With HEARTH_SHOTS_DIR set, the mid-stream and finished images are saved there for a person to
look at: HEARTH_SHOTS_DIR=shots python -m pytest tests/gui/test_streaming_render.py
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import (
    QBrush,
    QGuiApplication,
    QImage,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextLength,
)
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui.chat.chat_view import ChatView
from app.ui.chat.message_widget import MessageWidget
from app.ui.chat.streaming_document import StreamingDocument, settled_end
from app.ui.common.markdown_html import render_markdown
from app.ui.common.rich_text_css import document_css
from app.ui.common.theme import apply_theme

SETTLED_CODE = (
    'import csv\n\nwith open("sales.csv", newline="") as handle:\n    print(handle.read())'
)
REPLY = f"""# Reading a CSV file in Python

You have **three** good options, see the [guide](https://docs.python.org/3/library/csv.html):

1. The built-in `csv` module, no dependencies.
2. *pandas*, best for analysis.

| Option | Speed | Extra install |
|:-------|------:|---------------|
| csv    | ok    | no            |
| pandas | good  | yes           |

```python
{SETTLED_CODE}
```

> Tip: always open CSV files with `newline=""`.

---

## Writing

- first point
- second point

```bash
python -m venv .venv

pip install polars
```

Done.
"""
REPLY_BASH = "python -m venv .venv\n\npip install polars"
# Inside the second code block, after a blank line in it: the first block is settled.
MID = REPLY.index("pip install")


def make(qtbot: QtBot) -> ChatView:
    view = ChatView()
    qtbot.addWidget(view)
    view.resize(760, 1100)
    view.show()
    qtbot.waitExposed(view)
    return view


def stream(view: ChatView, text: str, chunk: int = 40) -> None:
    """Append `text` in pieces, flushing after each one as the render timer would."""
    for start in range(0, len(text), chunk):
        view.append_stream(text[start : start + chunk])
        view._flush_stream()


def copy_links(document: QTextDocument) -> list[str]:
    links: list[str] = []
    block = document.begin()
    while block.isValid():
        pieces = block.begin()
        while not pieces.atEnd():
            href = pieces.fragment().charFormat().anchorHref()
            if href.startswith("copy-code:"):
                links.append(href)
            pieces += 1
        block = block.next()
    return links


def click_text(qtbot: QtBot, widget: MessageWidget, text: str) -> None:
    cursor = widget.browser.document().find(text)
    assert not cursor.isNull(), f"{text!r} not shown"
    cursor.setPosition(cursor.selectionStart() + 1, QTextCursor.MoveMode.MoveAnchor)
    point = widget.browser.cursorRect(cursor).center()
    qtbot.mouseClick(widget.browser.viewport(), Qt.MouseButton.LeftButton, pos=point)


def save(image: QImage, name: str) -> None:
    folder = os.environ.get("HEARTH_SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        assert image.save(str(Path(folder) / name))


# --- where the settled part ends ---------------------------------------------------------------


def test_a_block_settles_once_the_next_one_starts() -> None:
    assert settled_end("Para one.\n\nPara") == len("Para one.\n\n")
    assert settled_end("Para one.\n\n") == 0  # what comes next may still continue it
    assert settled_end("Para one.\nstill one") == 0
    assert settled_end("# A\n\nb\n\n- c\n\nd") == len("# A\n\nb\n\n- c\n\n")


def test_indented_lines_do_not_start_a_block() -> None:
    # They may continue a list item (a loose list) or be indented code.
    assert settled_end("- item\n\n  continued") == 0
    assert settled_end("- item\n\n    code") == 0


def test_blank_lines_inside_fences_are_not_boundaries() -> None:
    assert settled_end("```py\nx = 1\n\ny = 2") == 0
    assert settled_end("~~~\n```\n\nstill code\n~~~\n\nNext") == len(
        "~~~\n```\n\nstill code\n~~~\n\n"
    )
    assert settled_end("````md\n```\n\n```\n````\n\nNext") == len("````md\n```\n\n```\n````\n\n")
    assert settled_end("```\ncode\n   ````  \n\nNext") == len("```\ncode\n   ````  \n\n")
    # Indented further than the opener allows, it is code, not the closing fence.
    assert settled_end("```\ncode\n    ```\n\nNext") == 0
    # Three backticks with more backticks on the line are inline code, not a fence.
    assert settled_end("Use ```x``` here\n\nNext") == len("Use ```x``` here\n\n")
    # A fence inside a list item (indented) counts too.
    assert settled_end("1. Step\n   ```\n   a\n\n   b\n   ```\n\nNext") == len(
        "1. Step\n   ```\n   a\n\n   b\n   ```\n\n"
    )


def test_the_scan_continues_from_a_previous_result() -> None:
    text = "A\n\nB\n\nC"
    first = settled_end(text[:5])
    assert first == 3
    assert settled_end(text, first) == len("A\n\nB\n\n")
    assert settled_end("A\n\nB", 3) == 3  # nothing new settled


def test_code_blocks_can_be_numbered_from_an_offset() -> None:
    text = "```\na\n```\n\n```\nb\n```\n"
    assert render_markdown(text) == render_markdown(text, first_code_index=0)
    shifted = render_markdown(text, first_code_index=3)
    assert shifted.code_blocks == ("a", "b")
    assert 'href="copy-code:3"' in shifted.html and 'href="copy-code:4"' in shifted.html
    assert "copy-code:0" not in shifted.html


# --- streaming into a message ------------------------------------------------------------------


def test_a_streamed_reply_ends_exactly_like_an_added_message(qtbot: QtBot) -> None:
    view = make(qtbot)
    widget = view.begin_stream()
    stream(view, REPLY)
    view.end_stream(REPLY, message_id=1, complete=True, meta="")
    added = view.add_message(2, "assistant", REPLY)
    assert widget.browser.toPlainText() == added.browser.toPlainText()
    assert widget.code_blocks() == added.code_blocks() == (SETTLED_CODE, REPLY_BASH)
    assert widget.browser.document().toHtml() == added.browser.document().toHtml()


def test_a_settled_code_block_is_copied_exactly_mid_stream(qtbot: QtBot) -> None:
    view = make(qtbot)
    widget = view.begin_stream()
    stream(view, REPLY[:MID])
    # The python block is settled, the bash block still open (and shown as code).
    assert widget.code_blocks() == (SETTLED_CODE, "python -m venv .venv\n")
    assert copy_links(widget.browser.document()) == ["copy-code:0", "copy-code:1"]
    # A widget added to a shown window is shown, and laid out, by the event loop.
    document_height = widget.browser.document().size().height()
    qtbot.waitUntil(lambda: widget.isVisible() and widget.height() > document_height)
    QGuiApplication.clipboard().setText("before")
    click_text(qtbot, widget, "Copy")
    assert QGuiApplication.clipboard().text() == SETTLED_CODE
    # More text re-renders only the live tail: the indices stay global.
    stream(view, REPLY[MID:])
    assert widget.code_blocks() == (SETTLED_CODE, REPLY_BASH)
    assert copy_links(widget.browser.document()) == ["copy-code:0", "copy-code:1"]
    assert widget.copy_code(1)
    assert QGuiApplication.clipboard().text() == REPLY_BASH


def test_a_fence_not_closed_yet_renders_as_code(qtbot: QtBot) -> None:
    view = make(qtbot)
    widget = view.begin_stream()
    stream(view, "Here it is:\n\n```python\nx = 1\n\ny = 2\n", chunk=7)
    document = widget.browser.document()
    assert "```" not in document.toPlainText()
    for line in ("x = 1", "y = 2"):
        cursor = document.find(line)
        assert not cursor.isNull() and cursor.currentTable() is not None, line
    assert document.find("x = 1").currentTable() == document.find("y = 2").currentTable()
    assert widget.code_blocks() == ("x = 1\n\ny = 2",)
    assert widget.browser.toPlainText().startswith("Here it is:")


def test_a_long_stream_does_at_most_one_full_render(qtbot: QtBot) -> None:
    view = make(qtbot)
    widget = view.begin_stream()
    full_before, renders_before = widget.full_render_count, widget.render_count
    pieces = [f"Sentence {i} of the reply. " + ("\n\n" if i % 7 == 6 else "") for i in range(200)]
    pieces[50] += "\n\n```python\nprint('hi')\n\n"
    pieces[60] += "\n```\n\n"
    for piece in pieces:
        view.append_stream(piece)
        view._flush_stream()
    assert widget.render_count - renders_before == 200  # every flush updated the document
    assert widget.full_render_count == full_before  # none of them by a full render
    text = "".join(pieces)
    view.end_stream(text, message_id=3, complete=True, meta="")
    assert widget.full_render_count - full_before == 1  # the final one
    assert widget.browser.toPlainText().rstrip().endswith("Sentence 199 of the reply.")


def test_settled_blocks_look_the_same_mid_stream_and_finished(qtbot: QtBot) -> None:
    view = make(qtbot)
    widget = view.begin_stream()
    stream(view, REPLY[:MID])
    qtbot.waitUntil(lambda: widget.height() > widget.browser.document().size().height())
    mid = widget.grab().toImage()
    document = widget.browser.document()
    # Everything above the live tail (the open bash block) is settled.
    tail_table = document.find("bash").currentTable()
    assert tail_table is not None
    tail_top = int(document.documentLayout().frameBoundingRect(tail_table).top())
    view.end_stream(REPLY, message_id=1, complete=True, meta="SmolLM2 · 212 tokens")
    qtbot.waitUntil(lambda: widget.height() > mid.height() + 40)
    final = widget.grab().toImage()
    save(mid, "streaming_mid.png")
    save(final, "streaming_final.png")
    settled = QRect(0, 0, mid.width(), widget.browser.y() + tail_top)
    assert settled.height() > 300
    assert mid.copy(settled) == final.copy(settled)


def test_the_style_sheet_applies_to_streamed_blocks(qtbot: QtBot) -> None:
    view = make(qtbot)
    widget = view.begin_stream()
    stream(view, REPLY[:MID])
    added = view.add_message(2, "assistant", REPLY)

    def code_cell_background(message: MessageWidget) -> str:
        cursor = message.browser.document().find("import csv")
        table = cursor.currentTable()
        assert table is not None
        return table.cellAt(cursor).format().background().color().name()

    def heading_size(message: MessageWidget) -> float:
        cursor = message.browser.document().find("Writing")
        return cursor.charFormat().font().pointSizeF()

    assert code_cell_background(widget) == code_cell_background(added)
    assert heading_size(widget) == heading_size(added)
    link = widget.browser.document().find("guide").charFormat()
    assert (
        link.isAnchor()
        and link.foreground() == added.browser.document().find("guide").charFormat().foreground()
    )


def test_the_height_follows_the_streamed_text(qtbot: QtBot) -> None:
    view = make(qtbot)
    widget = view.begin_stream()
    stream(view, "First paragraph.\n\n")
    qtbot.waitUntil(lambda: widget.browser.height() > 10)
    short = widget.browser.height()
    stream(view, "".join(f"Paragraph {i}.\n\n" for i in range(12)) + "```\ncode\n")
    qtbot.waitUntil(lambda: widget.browser.height() > short * 6)
    assert widget.browser.height() >= widget.browser.document().size().height()
    assert widget.browser.verticalScrollBar().maximum() == 0


def test_a_theme_switch_mid_stream_restyles_and_streaming_goes_on(
    qtbot: QtBot, qapp: QApplication
) -> None:
    apply_theme(qapp, "light")
    try:
        view = make(qtbot)
        widget = view.begin_stream()
        stream(view, REPLY[:MID])
        light_css = widget.browser.document().defaultStyleSheet()
        apply_theme(qapp, "dark")
        qtbot.waitUntil(lambda: widget.browser.document().defaultStyleSheet() != light_css)
        stream(view, REPLY[MID:])
        assert widget.code_blocks() == (SETTLED_CODE, REPLY_BASH)
        assert widget.browser.toPlainText().rstrip().endswith("Done.")
        assert widget.browser.toPlainText().count("Reading a CSV file") == 1
    finally:
        apply_theme(qapp, "system")


def test_a_stream_that_is_never_ended_is_rendered_in_full(qtbot: QtBot) -> None:
    view = make(qtbot)
    widget = view.begin_stream()
    text = "- a\n\n- b\n\nc"  # a loose list: one list only in a full render
    stream(view, text)
    assert (
        widget.browser.document().toHtml()
        != view.add_message(1, "assistant", text).browser.document().toHtml()
    )
    view.begin_stream()  # the next reply starts: the first one stays as it is, rendered in full
    assert not widget.is_streaming()
    assert (
        widget.browser.document().toHtml() == view.message_widgets()[1].browser.document().toHtml()
    )


# --- the document built piece by piece, against a full render ----------------------------------

TRICKY = [
    "para\n\n---\n\n- list\n\n---\n\n> quote\n> more\n\n## h2\n\n### h3\ntext\n\n"
    "    indented code\n\n---\n\n    more code\n\nend",
    "|a|b|\n|-|-|\n|1|2|\n\n|c|d|\n|-|-|\n|3|4|\n\n```\nx\n```\n\n```\ny\n```\n\ntext after\n",
    "- a\n- b\n\n- c\n\n1. one\n\n   continued\n\n"
    "2. two\n   ```py\n   x = 1\n\n   y = 2\n   ```\n\n3. three\n\nafter\n",
    "# T\n\n---\n\n| a |\n|---|\n| 1 |\n\n---\n\n1. x\n\n~~~\n```\n\n~~~\n\nText\n===\n\nend",
]


def _value(value: Any) -> Any:
    if isinstance(value, QBrush):
        return (value.color().name(), value.style())
    if isinstance(value, QTextLength):
        return (value.type(), value.rawValue())
    if isinstance(value, list):
        return tuple(_value(item) for item in value)
    return value


def _properties(text_format: QTextFormat) -> tuple[tuple[int, Any], ...]:
    skipped = {QTextFormat.Property.ObjectIndex.value}  # which list or table: compared apart
    found = []
    for key, value in text_format.properties().items():
        key = int(key)
        if key in skipped or (key == QTextFormat.Property.BlockIndent.value and value == 0):
            continue
        found.append((key, _value(value)))
    return tuple(sorted(found, key=lambda item: item[0]))


def structure(document: QTextDocument) -> list[tuple[Any, ...]]:
    """Every block: text, formats, list item, table cell and the formats of its text runs."""
    rows: list[tuple[Any, ...]] = []
    block = document.begin()
    while block.isValid():
        text_list = block.textList()
        table = QTextCursor(block).currentTable()
        cell = table.cellAt(block.position()) if table is not None else None
        runs = []
        pieces = block.begin()
        while not pieces.atEnd():
            fragment = pieces.fragment()
            runs.append((fragment.text(), _properties(fragment.charFormat())))
            pieces += 1
        rows.append(
            (
                block.text(),
                _properties(block.blockFormat()),
                _properties(block.charFormat()),
                None
                if text_list is None
                else (text_list.format().style(), text_list.itemNumber(block)),
                None if cell is None else (_properties(table.format()), cell.row(), cell.column()),
                tuple(runs),
            )
        )
        block = block.next()
    return rows


@pytest.mark.parametrize("chunk", [1, 6])
@pytest.mark.parametrize("text", TRICKY, ids=["rules", "tables", "lists", "mixed"])
def test_each_update_matches_a_full_render_of_the_same_parts(
    qapp: QApplication, text: str, chunk: int
) -> None:
    css = document_css(qapp.palette())
    document = QTextDocument()
    document.setDefaultStyleSheet(css)
    streaming = StreamingDocument(document)
    parts: list[str] = []  # the settled parts, as the streaming document settles them
    settled = 0
    for end in range(chunk, len(text) + chunk, chunk):
        shown = text[:end]
        streaming.update(shown)
        boundary = settled_end(shown, settled)
        if boundary > settled:
            parts.append(shown[settled:boundary])
            settled = boundary
        html, code_count = "", 0
        for part in [*parts, shown[settled:]]:
            rendered = render_markdown(part, first_code_index=code_count)
            html += rendered.html
            code_count += len(rendered.code_blocks)
        expected = QTextDocument()
        expected.setDefaultStyleSheet(css)
        expected.setHtml(html.rstrip())
        assert structure(document) == structure(expected), repr(shown)
        assert len(streaming.code_blocks()) == code_count
