"""Line breaks inside paragraphs, the way Hearth reads Markdown, and the way others do.

Hearth shows a single newline inside a paragraph as a line break (markdown-it's `breaks`),
because models and people write letters that way: "Dear Ms Lee,\\nThank you..." and
"Sincerely,\\nDana Ortiz". Plain CommonMark joins such lines into one, so:

- `hard_line_breaks` makes them CommonMark hard breaks (two trailing spaces) for a .md file
  that any Markdown viewer shows as Hearth does;
- `unwrap_lines` undoes QTextDocument.toMarkdown's wrapping at 80 columns (which would
  otherwise come back as line breaks: "I have" alone on a line), keeping the user's own
  breaks, which the caller marked with a character of its choosing.

Both rewrite only the lines of paragraphs (located by markdown-it's source map); headings,
lists' markers, tables and code blocks are left as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from markdown_it.token import Token

from app.templates.export.blocks import parse_tokens

HARD_BREAK: Final = "  "
# A line that would start a block if a line break put it at the start of a line.
_BLOCK_START: Final = re.compile(r"(?:#{1,6}(?:\s|$)|[>=]|[-+*](?:\s|$)|`{3}|~{3}|-{3})")
_NUMBERED: Final = re.compile(r"(\d{1,9})([.)])(\s|$)")
# The container prefix of a paragraph's first line: quote markers, indentation, a list marker.
_CONTAINER: Final = re.compile(r"[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)?")
_QUOTE_MARKERS: Final = re.compile(r"[ \t]*(?:>[ \t]?)*")


@dataclass(frozen=True)
class _Paragraph:
    first: int  # the paragraph's first source line
    breaks: tuple[str, ...]  # "softbreak" or "hardbreak" after each of its lines but the last


def _paragraphs(tokens: list[Token]) -> Iterator[_Paragraph]:
    for at, token in enumerate(tokens):
        if token.type != "paragraph_open" or token.map is None or at + 1 >= len(tokens):
            continue
        first, end = token.map
        inline = tokens[at + 1]
        breaks = tuple(
            child.type
            for child in inline.children or []
            if child.type in ("softbreak", "hardbreak")
        )
        # A break inside a code span has no token; such a paragraph is left as it is.
        if len(breaks) == end - first - 1:
            yield _Paragraph(first, breaks)


def _lines(markdown: str) -> list[str]:
    return markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def hard_line_breaks(markdown: str) -> str:
    """Every line break inside a paragraph written as a CommonMark hard break."""
    lines = _lines(markdown)
    for paragraph in _paragraphs(parse_tokens("\n".join(lines))):
        for offset, kind in enumerate(paragraph.breaks):
            if kind == "softbreak":
                number = paragraph.first + offset
                lines[number] = lines[number].rstrip(" \t") + HARD_BREAK
    return "\n".join(lines)


def _escape_block_start(text: str) -> str:
    """Backslash-escape what would start a list, heading, quote or rule at a line's start."""
    stripped = text.lstrip(" ")
    indent = text[: len(text) - len(stripped)]
    if _BLOCK_START.match(stripped):
        return f"{indent}\\{stripped}"
    numbered = _NUMBERED.match(stripped)
    if numbered:
        cut = numbered.end(1)
        return f"{indent}{stripped[:cut]}\\{stripped[cut:]}"
    return text


def _continuation_prefix(first_line: str) -> str:
    """What the lines after a line break need to stay in the paragraph's container: the
    quote markers kept, a list marker turned into the same width of spaces."""
    prefix = _CONTAINER.match(first_line)
    text = prefix.group(0) if prefix else ""
    return "".join(char if char in "> \t" else " " for char in text)


def _with_breaks(line: str, mark: str, prefix: str) -> str:
    if mark not in line:
        return line
    parts = line.split(mark)
    while len(parts) > 1 and not parts[-1].strip():
        parts.pop()  # a break at the paragraph's end shows nothing
    rest = [prefix + _escape_block_start(part.lstrip(" ")) for part in parts[1:]]
    return "\n".join([parts[0].rstrip(" ") if rest else parts[0], *rest])


def unwrap_lines(markdown: str, line_break: str) -> str:
    """Markdown from QTextDocument.toMarkdown with its wrapping undone: each paragraph on one
    line, except where the text holds `line_break` (the user's own line breaks, which the
    caller swapped for that mark before calling toMarkdown), which becomes a real newline."""
    lines = _lines(markdown)
    consumed: set[int] = set()
    for paragraph in _paragraphs(parse_tokens("\n".join(lines))):
        start = paragraph.first
        joined = lines[start]
        kept: list[str] = []
        for offset, kind in enumerate(paragraph.breaks, start=1):
            following = lines[start + offset]
            consumed.add(start + offset)
            if kind == "softbreak":  # toMarkdown's wrapping: the line goes on
                joined = f"{joined.rstrip(' ')} {_QUOTE_MARKERS.sub('', following, count=1)}"
            else:  # a hard break written as such stays
                kept.append(joined)
                joined = following
        kept.append(joined.rstrip(" \t"))  # spaces ending a paragraph mean nothing
        prefix = _continuation_prefix(lines[start])
        lines[start] = "\n".join(_with_breaks(line, line_break, prefix) for line in kept)
    result = "\n".join(line for number, line in enumerate(lines) if number not in consumed)
    # Marks outside paragraphs: a heading or a table row has no room for a line break.
    return result.replace(line_break, " ")
