"""The edited document back as Markdown, with the user's line breaks and without re-wrapping.

QTextDocument.toMarkdown wraps every paragraph at 80 columns and writes a line break
(Shift+Enter, or a newline in the model's text) as a plain newline too. Hearth reads a newline
inside a paragraph as a line break, so after Save the wrap points came back as breaks: "I have"
alone on a line. Here the line breaks are swapped for a mark the text does not contain before
toMarkdown, and app.templates.export.line_breaks then joins the wrapped lines and turns the
marks back into newlines.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtGui import QTextCursor, QTextDocument

from app.templates.export.line_breaks import unwrap_lines

LINE_SEPARATOR: Final = "\u2028"  # how QTextDocument holds a line break inside a paragraph
_PRIVATE_USE: Final = range(0xE000, 0xF900)


def _unused_mark(text: str) -> str:
    return next(chr(code) for code in _PRIVATE_USE if chr(code) not in text)


def document_markdown(document: QTextDocument) -> str:
    """`document` as GitHub-flavoured Markdown: one line per line the user sees."""
    mark = _unused_mark(document.toRawText())
    marked = document.clone()
    cursor = QTextCursor(marked)
    while True:
        cursor = marked.find(LINE_SEPARATOR, cursor)
        if cursor.isNull():
            break
        cursor.insertText(mark)  # keeps the character format around it
    markdown = marked.toMarkdown(QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    return unwrap_lines(markdown, mark).strip() + "\n"
