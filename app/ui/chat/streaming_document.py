"""Incremental rendering of a reply while it streams in: work proportional to the new text.

Re-rendering the whole reply's Markdown on every flush costs O(n) per flush, O(n²) per reply.
Instead the text is split into Markdown blocks at blank lines outside fenced code: everything up
to the last such boundary is *settled* and rendered once, appended to the document with a
QTextCursor; the rest, the *live tail*, is removed and rendered again on each update. When the
stream ends the message does one normal full render, so constructs that span blank lines (loose
lists, reference links) end up exactly as in a message that was never streamed.

QTextCursor.insertFragment merges a fragment's first block into the block at the cursor, keeping
that block's format; _append gives every appended part its own blocks with the formats a full
render of the same HTML gives them (QTextDocument.setHtml and insertHtml alike apply the default
style sheet while parsing, so the scratch document used here carries the same sheet).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtGui import (
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
    QTextFormat,
)

from app.ui.common.markdown_html import render_markdown

_FENCE_OPEN = re.compile(r"(`{3,}|~{3,})(.*)")


@dataclass(frozen=True)
class _Fence:
    char: str
    length: int
    indent: int


def _opens_fence(line: str) -> _Fence | None:
    # Any indentation counts (fences inside list items are indented): wrongly seeing a fence
    # only delays settling, while missing one would split a code block in two.
    stripped = line.lstrip(" \t")
    match = _FENCE_OPEN.match(stripped)
    if match is None:
        return None
    marker, info = match.groups()
    if marker[0] == "`" and "`" in info:
        return None  # ```like this``` is an inline code span, not a fence
    return _Fence(marker[0], len(marker), len(line) - len(stripped))


def _closes_fence(line: str, fence: _Fence) -> bool:
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > fence.indent + 3:
        return False  # indented further: still code
    body = stripped.rstrip()
    return len(body) >= fence.length and body == fence.char * len(body)


def settled_end(text: str, start: int = 0) -> int:
    """Where the settled part of a streaming Markdown text ends: the start of the last line that
    begins a new top-level block, or `start` when text[start:] has no such line yet.

    A new top-level block starts at a line that follows a blank line outside fenced code and
    does not begin with whitespace (an indented line may continue a list item or be code). The
    scan starts at `start`, a previous result, so text[:start] is known to end outside a fence;
    it costs O(len(text) - start).
    """
    fence: _Fence | None = None
    after_blank = False
    end = start
    pos = start
    while True:
        newline = text.find("\n", pos)
        line = text[pos:] if newline == -1 else text[pos:newline]
        content = line.strip()
        if fence is None and after_blank and content and not line[0].isspace():
            end = pos
        if newline == -1:
            return end
        if fence is not None:
            if _closes_fence(line, fence):
                fence = None
        elif not content:
            after_blank = True
        else:
            after_blank = False
            fence = _opens_fence(line)
        pos = newline + 1


class StreamingDocument:
    """Renders a growing Markdown text into a QTextDocument, each settled block only once."""

    def __init__(self, document: QTextDocument) -> None:
        self._document = document
        self._active = False
        self._source = ""  # the settled text
        # Where the live tail starts in the document; None while nothing settled is shown.
        self._settled_position: int | None = None
        self._blank = True  # the document shows nothing at all
        self._settled_look: _BlockLook | None = None  # the last settled block's, when empty
        self._settled_code: list[str] = []
        self._code_blocks: tuple[str, ...] = ()

    def is_active(self) -> bool:
        """True while the document shows a partial, incrementally built rendering."""
        return self._active

    def code_blocks(self) -> tuple[str, ...]:
        """Every code block shown so far, by its copy-code index (settled ones, then the tail's)."""
        return self._code_blocks

    def reset(self) -> None:
        """Forget the incremental state (the document was rebuilt by someone else)."""
        self._active = False
        self._source = ""
        self._settled_position = None
        self._settled_look = None
        self._settled_code = []
        self._code_blocks = ()

    def update(self, text: str) -> None:
        """Show `text`, which normally extends the text of the previous update."""
        if not self._active or not text.startswith(self._source):
            self.reset()
            self._active = True
        if self._settled_position is None:
            # Nothing settled is shown (yet): start from a clean document.
            self._document.clear()
            self._blank = True
        cursor = QTextCursor(self._document)
        # One edit block: the layout and the widget hear of one change, not of each step.
        cursor.beginEditBlock()
        if self._settled_position is not None:
            # The live tail, from the end of the settled part to the end of the document.
            cursor.setPosition(self._settled_position)
            cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            _restore(self._document, self._settled_position, self._settled_look)
        boundary = settled_end(text, len(self._source))
        if boundary > len(self._source):
            settled = render_markdown(
                text[len(self._source) : boundary], first_code_index=len(self._settled_code)
            )
            self._append(cursor, settled.html)
            self._settled_code.extend(settled.code_blocks)
            self._source = text[:boundary]
            if not self._blank:
                self._settled_position = self._end_position()
                self._settled_look = _empty_last_block_look(self._document)
        tail = render_markdown(text[boundary:], first_code_index=len(self._settled_code))
        self._append(cursor, tail.html)
        self._code_blocks = (*self._settled_code, *tail.code_blocks)
        cursor.endEditBlock()

    def _end_position(self) -> int:
        return self._document.characterCount() - 1

    def _append(self, cursor: QTextCursor, html: str) -> None:
        """Add rendered HTML after everything in the document, as a full render would lay it out."""
        html = html.rstrip()  # a trailing newline would become a space at the end of the block
        if not html:
            return
        scratch = QTextDocument()
        scratch.setDefaultStyleSheet(self._document.defaultStyleSheet())
        scratch.setHtml(html)
        first = scratch.begin()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        previous_look = None
        if self._blank:
            self._blank = False
            start = 0
        else:
            # A new block for the fragment's first block, so the previous block stays intact.
            previous_look = _empty_last_block_look(self._document)
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
            start = cursor.position()
        cursor.insertFragment(QTextDocumentFragment(scratch))
        fixer = QTextCursor(self._document)
        fixer.setPosition(start)
        if first.textList() is not None or _table_follows(first):
            # Qt put the table or the list item in blocks of its own after the new one: drop
            # the new block, empty, as a full render has no empty line there either.
            if start > 0:
                fixer.setPosition(start - 1, QTextCursor.MoveMode.KeepAnchor)
                fixer.removeSelectedText()
                _restore(self._document, start - 1, previous_look)
        else:
            # The first block's text went into the new block, which keeps its own formats
            # (Qt copies them only into an empty document, and only along with some text).
            fixer.setBlockFormat(first.blockFormat())
            fixer.setBlockCharFormat(first.charFormat())
        cursor.movePosition(QTextCursor.MoveOperation.End)


@dataclass(frozen=True)
class _BlockLook:
    block_format: QTextBlockFormat
    char_format: QTextCharFormat


def _empty_last_block_look(document: QTextDocument) -> _BlockLook | None:
    """The formats of the document's last block if it is empty (a rule, the line after a table).

    Removing text from the end of an empty block through later blocks leaves the merged block
    with the *later* block's formats (a non-empty block keeps its own), so they are put back.
    """
    last = document.lastBlock()
    if last.length() > 1:
        return None
    return _BlockLook(last.blockFormat(), last.charFormat())


def _restore(document: QTextDocument, position: int, look: _BlockLook | None) -> None:
    if look is None:
        return
    cursor = QTextCursor(document)
    cursor.setPosition(position)
    block = cursor.block()
    text_list = block.textList()
    if text_list is not None:
        text_list.remove(block)
    cursor.setBlockFormat(look.block_format)
    cursor.setBlockCharFormat(look.char_format)


def _table_follows(block: QTextBlock) -> bool:
    """Whether `block` is the empty block Qt puts before a table at the start of a document."""
    following = block.next()
    block_format = block.blockFormat()
    return (
        block.length() == 1
        and following.isValid()
        and QTextCursor(following).currentTable() is not None
        and block_format.headingLevel() == 0
        and not block_format.hasProperty(QTextFormat.Property.BlockTrailingHorizontalRulerWidth)
    )
