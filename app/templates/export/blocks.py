"""Markdown parsed once (markdown-it) into a small block model every exporter walks.

The model keeps what business documents use: headings, paragraphs with bold/italic/code/links,
bullet and numbered lists (nested), tables, quotes, code blocks and rules. Raw HTML in the text
is kept as literal text, never interpreted. A newline inside a paragraph is a line break (a run
holding "\n") and a blank line starts a new paragraph, so an export keeps the lines and
paragraphs the document shows in Hearth.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from markdown_it import MarkdownIt
from markdown_it.token import Token


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str = ""


Inline = tuple[Run, ...]


@dataclass(frozen=True)
class Heading:
    level: int
    runs: Inline


@dataclass(frozen=True)
class Paragraph:
    runs: Inline


@dataclass(frozen=True)
class ListItem:
    paragraphs: tuple[Inline, ...]
    children: tuple[ListBlock, ...] = ()


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[ListItem, ...]
    start: int = 1


@dataclass(frozen=True)
class Table:
    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True)
class CodeBlock:
    text: str


@dataclass(frozen=True)
class Quote:
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Rule:
    pass


Block = Heading | Paragraph | ListBlock | Table | CodeBlock | Quote | Rule

# breaks: a single newline inside a paragraph is a line break, as in the editor and the chat
# (app.ui.common.markdown_html): a letter's "Sincerely,\nDana Ortiz" stays on two lines.
_PARSER: Final = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable(
    ["table", "strikethrough"]
)


def plain_text(runs: Inline) -> str:
    return "".join(run.text for run in runs)


def _inline(token: Token) -> Inline:
    runs: list[Run] = []
    bold = italic = 0
    href = ""
    for child in token.children or []:
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold = max(0, bold - 1)
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic = max(0, italic - 1)
        elif kind == "link_open":
            href = str(child.attrGet("href") or "")
        elif kind == "link_close":
            href = ""
        elif kind in ("text", "html_inline"):
            runs.append(Run(child.content, bold > 0, italic > 0, False, href))
        elif kind == "code_inline":
            runs.append(Run(child.content, bold > 0, italic > 0, True, href))
        elif kind in ("softbreak", "hardbreak"):
            runs.append(Run("\n", bold > 0, italic > 0))
        elif kind == "image":
            runs.append(Run(child.content or "[image]", bold > 0, italic > 0))
    return tuple(_merge(runs))


def split_lines(runs: Inline) -> list[Inline]:
    """The runs of each line of a paragraph (split at its line breaks)."""
    lines: list[list[Run]] = [[]]
    for run in runs:
        for number, text in enumerate(run.text.split("\n")):
            if number:
                lines.append([])
            if text:
                lines[-1].append(Run(text, run.bold, run.italic, run.code, run.href))
    return [tuple(line) for line in lines]


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].code, merged[-1].href) == (
            run.bold,
            run.italic,
            run.code,
            run.href,
        ):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic, run.code, run.href)
        else:
            merged.append(run)
    return merged


class _Reader:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.at = 0

    def next(self) -> Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def blocks(self, until: str | None = None) -> list[Block]:
        out: list[Block] = []
        while self.at < len(self.tokens):
            token = self.tokens[self.at]
            if until is not None and token.type == until:
                self.at += 1
                return out
            block = self.block()
            if block is not None:
                out.append(block)
        return out

    def block(self) -> Block | None:
        token = self.next()
        kind = token.type
        if kind == "heading_open":
            runs = _inline(self.next())
            self.next()  # heading_close
            return Heading(int(token.tag[1:]), runs)
        if kind == "paragraph_open":
            runs = _inline(self.next())
            self.next()
            return Paragraph(runs)
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self.list_block(token)
        if kind == "table_open":
            return self.table()
        if kind in ("fence", "code_block"):
            return CodeBlock(token.content.rstrip("\n"))
        if kind == "blockquote_open":
            return Quote(tuple(self.blocks(until="blockquote_close")))
        if kind == "hr":
            return Rule()
        if kind == "html_block":
            return Paragraph((Run(token.content.strip()),))
        return None  # closing tokens of structures handled by their openers

    def list_block(self, opener: Token) -> ListBlock:
        ordered = opener.type == "ordered_list_open"
        close = "ordered_list_close" if ordered else "bullet_list_close"
        start = int(opener.attrGet("start") or 1)
        items: list[ListItem] = []
        while self.at < len(self.tokens):
            token = self.next()
            if token.type == close:
                break
            if token.type == "list_item_open":
                inner = self.blocks(until="list_item_close")
                paragraphs = tuple(b.runs for b in inner if isinstance(b, Paragraph))
                children = tuple(b for b in inner if isinstance(b, ListBlock))
                items.append(ListItem(paragraphs or ((),), children))
        return ListBlock(ordered, tuple(items), start)

    def table(self) -> Table:
        header: list[Inline] = []
        rows: list[tuple[Inline, ...]] = []
        row: list[Inline] = []
        in_head = False
        while self.at < len(self.tokens):
            token = self.next()
            if token.type == "table_close":
                break
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                row = []
            elif token.type == "inline":
                row.append(_inline(token))
            elif token.type == "tr_close":
                if in_head:
                    header = row
                else:
                    rows.append(tuple(row))
        return Table(tuple(header), tuple(rows))


def parse_tokens(text: str) -> list[Token]:
    """markdown-it's tokens for `text` (each block token's `map` gives its source lines)."""
    return _PARSER.parse(text)


def parse_markdown(text: str) -> list[Block]:
    return _Reader(parse_tokens(text)).blocks()


def html_fragment(text: str) -> str:
    """Markdown as HTML (raw HTML escaped; markdown-it drops javascript: and similar links)."""
    return str(_PARSER.render(text))
