"""Flagged spans of a checked text, underlined in the rendered document with their reason as the
tooltip (Qt shows a character format's tooltip under the mouse by itself).

The checker's offsets are into the Markdown source, and the rendered document has no Markdown
marks, so each span is found again in the document's text: the same occurrence of the same words
(the n-th "2,400" stays the n-th), with Markdown marks and line breaks between words allowed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat

# Marks a flagged fragment's format, so tests and the clearing pass can find it.
FLAG_KIND_PROPERTY: Final = int(QTextFormat.Property.UserProperty) + 17
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class FlagRange:
    start: int  # character positions in the rendered document
    end: int
    kind: str
    reason: str


def locate_flags(shown: str, source: str, issues: Sequence[Mapping[str, Any]]) -> list[FlagRange]:
    """Where each issue of `source` (the Markdown) stands in `shown` (the rendered text)."""
    ranges: list[FlagRange] = []
    for issue in issues:
        text = str(issue.get("text") or "")
        start = _int(issue.get("start"))
        if not text.strip():
            continue
        occurrence = source.count(text, 0, max(0, start)) if start >= 0 else 0
        span = _find(shown, text, occurrence)
        if span is not None:
            kind = str(issue.get("kind") or "")
            ranges.append(FlagRange(span[0], span[1], kind, str(issue.get("reason") or "")))
    return ranges


def underline_flags(document: QTextDocument, ranges: Sequence[FlagRange], color: QColor) -> None:
    """A wavy underline in `color` under each range, its reason as the tooltip. The document's
    modified state and undo history are left as they were."""
    modified = document.isModified()
    undo = document.isUndoRedoEnabled()
    document.setUndoRedoEnabled(False)
    for flag in ranges:
        cursor = QTextCursor(document)
        cursor.setPosition(flag.start)
        cursor.setPosition(flag.end, QTextCursor.MoveMode.KeepAnchor)
        underline = QTextCharFormat()
        underline.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        underline.setUnderlineColor(color)
        underline.setToolTip(flag.reason)
        underline.setProperty(FLAG_KIND_PROPERTY, flag.kind)
        cursor.mergeCharFormat(underline)
    document.setUndoRedoEnabled(undo)
    document.setModified(modified)


def flagged_fragments(document: QTextDocument) -> list[tuple[str, QTextCharFormat]]:
    """The text and format of each underlined fragment (what the reader sees flagged)."""
    found: list[tuple[str, QTextCharFormat]] = []
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.isValid() and fragment.charFormat().hasProperty(FLAG_KIND_PROPERTY):
                found.append((fragment.text(), fragment.charFormat()))
            iterator += 1
        block = block.next()
    return found


def _find(shown: str, text: str, occurrence: int) -> tuple[int, int] | None:
    exact = [m.start() for m in re.finditer(re.escape(text), shown)]
    if exact:
        at = exact[min(occurrence, len(exact) - 1)]
        return at, at + len(text)
    words = _WORD.findall(text)
    if not words:
        return None
    loose = re.compile(r"\W+".join(re.escape(w) for w in words))
    matches = list(loose.finditer(shown))
    if not matches:
        return None
    match = matches[min(occurrence, len(matches) - 1)]
    return match.start(), match.end()


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else -1
