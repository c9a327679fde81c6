"""Markdown from the model, turned into HTML that Qt's rich-text engine (QTextDocument) can show.

The model's text is untrusted: raw HTML is escaped (markdown-it's ``html`` option off), links are
kept only for http, https and mailto, and images become plain links, because a QTextBrowser would
otherwise try to load `src` from the local disk. The HTML uses only what QTextDocument supports
(tables, ``pre``, class selectors resolved by the document's default style sheet); the colours
live in that style sheet (see rich_text_css.py), so this module stays palette-free and testable.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from app.ui.common.i18n import tr

COPY_SCHEME = "copy-code"
CITE_SCHEME = "cite"  # "cite:3" is the link of the citation [3] in an answer
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
# Marks a link_open token whose href we refused, so the matching link_close renders nothing.
_DROPPED = "hearth_dropped"
# "[3]", "[1, 2]", "[2-4]": the citation forms app.knowledge.grounding.cited_numbers reads.
_CITATION = re.compile(r"\[(\d+(?:\s*(?:[,;]|[-\u2013])\s*\d+)*)\]")
_NUMBER = re.compile(r"\d+")
# A line at least this long, continued in lower case on the next, was wrapped by a program.
HARD_WRAP_MIN_LINE = 60


@dataclass(frozen=True)
class RenderedMarkdown:
    html: str
    # code_blocks[i] is what the "copy-code:N" link copies, N = first_code_index + i
    code_blocks: tuple[str, ...]


def is_safe_href(href: str) -> bool:
    return href.strip().lower().startswith(_SAFE_SCHEMES)


def _code_box(code: str, language: str, index: int) -> str:
    # A one-column table is the only "box" QTextDocument can draw: div backgrounds do not fill
    # the full width and there is no flexbox. The header row holds the language and the copy link.
    label = escape(language) if language else "code"
    copy = escape(tr("Copy"))
    return (
        '<table class="code" width="100%" cellspacing="0" cellpadding="6" border="0">'
        f'<tr><td class="code-head">{label}</td>'
        # Copy sits in a small bordered cell, so it reads as a button rather than a link.
        '<td class="code-head" align="right"><table class="copy" border="1" cellspacing="0"'
        ' cellpadding="2"><tr><td class="copy-button">'
        f'&nbsp;<a href="{COPY_SCHEME}:{index}">{copy}</a>&nbsp;</td></tr></table></td></tr>'
        f'<tr><td class="code-body" colspan="2"><pre>{escape(code, quote=False)}</pre></td></tr>'
        "</table>\n"
    )


def _strip_final_newline(code: str) -> str:
    # The fence's content ends with the newline before the closing fence; users copying a
    # snippet do not expect it, and an empty last line would show as extra height in the box.
    return code[:-1] if code.endswith("\n") else code


class _HearthRenderer(RendererHTML):
    """markdown-it's HTML renderer with Hearth's rules for code, links, images and tables."""

    def __init__(self, parser: Any = None) -> None:
        super().__init__(parser)
        self.code_blocks: list[str] = []
        self.first_code_index = 0  # the "copy-code:N" number of this render's first block
        self.citations: frozenset[int] = frozenset()  # the [n] numbers that become links
        self._in_link = False

    def fence(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        language = token.info.strip().split(maxsplit=1)[0] if token.info.strip() else ""
        return self._code(token.content, language)

    def code_block(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return self._code(tokens[idx].content, "")

    def _code(self, content: str, language: str) -> str:
        code = _strip_final_newline(content)
        self.code_blocks.append(code)
        return _code_box(code, language, self.first_code_index + len(self.code_blocks) - 1)

    def link_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        token = tokens[idx]
        href = str(token.attrGet("href") or "")
        if not is_safe_href(href):
            token.meta[_DROPPED] = True
            return ""
        self._in_link = True
        return f'<a href="{escape(href)}">'

    def link_close(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        self._in_link = False
        # Find the matching opener (links do not nest) to know whether it was dropped.
        for back in range(idx - 1, -1, -1):
            if tokens[back].type == "link_open":
                return "" if tokens[back].meta.get(_DROPPED) else "</a>"
        return ""

    def text(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        # Plain text only: code spans and code blocks have token types of their own, so a
        # "[1]" in code stays as written. Inside a link a citation cannot be a link of its own.
        if not self.citations or self._in_link:
            return super().text(tokens, idx, options, env)
        content = tokens[idx].content
        parts: list[str] = []
        last = 0
        for match in _CITATION.finditer(content):
            parts.append(escapeHtml(content[last : match.start()]))
            parts.append(_citation_links(match.group(0), self.citations))
            last = match.end()
        parts.append(escapeHtml(content[last:]))
        return "".join(parts)

    def image(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        alt = self.renderInlineAsText(token.children or [], options, env) or "image"
        src = str(token.attrGet("src") or "")
        if is_safe_href(src):
            return f'<a href="{escape(src)}">[{escape(alt)}]</a>'
        return f"[{escape(alt)}]"

    def softbreak(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        # Line breaks are kept (see _make_parser), except the ones of text hard-wrapped at a
        # fixed width (copied from a PDF or an e-mail): a long line that goes on in lower case
        # on the next one is one sentence. Joined, it wraps to the view's width instead of
        # leaving ragged half-empty lines in a narrow window.
        if _is_hard_wrap(tokens, idx):
            return "\n"
        return super().softbreak(tokens, idx, options, env)

    def table_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        # Qt draws a grid only from the border attribute; the CSS collapses it to single lines.
        return '<table class="grid" border="1" cellspacing="0" cellpadding="4">\n'


def _is_hard_wrap(tokens: Sequence[Token], idx: int) -> bool:
    following = tokens[idx + 1].content if idx + 1 < len(tokens) else ""
    if not following[:1].islower():
        return False
    line = 0
    for token in reversed(tokens[:idx]):
        if token.type in ("softbreak", "hardbreak"):
            break
        line += len(token.content)
    return line >= HARD_WRAP_MIN_LINE


def _citation_links(written: str, known: Collection[int]) -> str:
    """A citation as links: "[3]" whole when 3 is known; in "[1, 2]" each known number."""
    numbers = [int(n) for n in _NUMBER.findall(written)]
    if len(numbers) == 1:
        number = numbers[0]
        return _cite_link(number, written) if number in known else escapeHtml(written)
    return _NUMBER.sub(
        lambda m: (
            _cite_link(int(m.group(0)), m.group(0)) if int(m.group(0)) in known else m.group(0)
        ),
        written,
    )


def _cite_link(number: int, text: str) -> str:
    return f'<a href="{CITE_SCHEME}:{number}">{escapeHtml(text)}</a>'


def _make_parser() -> MarkdownIt:
    # breaks=True: models write line-per-line text (addresses, poems, steps) expecting the
    # line breaks to stay, as every chat UI shows them.
    md = MarkdownIt("commonmark", {"html": False, "breaks": True}, renderer_cls=_HearthRenderer)
    return md.enable(["table", "strikethrough"])


_PARSER = _make_parser()


def render_markdown(
    text: str, *, first_code_index: int = 0, citations: Collection[int] = ()
) -> RenderedMarkdown:
    """Render the model's markdown; an unterminated ``` fence runs to the end as a code block.

    CommonMark already closes an open fence at the end of the document, which is exactly what a
    half-streamed reply needs, so no pre-processing is done here.

    Code blocks are numbered from `first_code_index` in their "copy-code:N" links, so a part of a
    message rendered on its own (see streaming_document.py) links to the message-wide index;
    `code_blocks` holds only this text's blocks, the first one being number `first_code_index`.

    Citations "[n]" in the text (not in code) become "cite:n" links for the numbers in
    `citations`, the sources the answer really had; other bracketed numbers stay text.
    """
    renderer = _PARSER.renderer
    assert isinstance(renderer, _HearthRenderer)
    # The parser is shared (building one costs more than a render); the GUI thread is the only
    # caller, so resetting the per-render state here is safe.
    renderer.code_blocks = []
    renderer.first_code_index = first_code_index
    renderer.citations = frozenset(citations)
    renderer._in_link = False
    html = _PARSER.render(text)
    return RenderedMarkdown(html=html, code_blocks=tuple(renderer.code_blocks))
