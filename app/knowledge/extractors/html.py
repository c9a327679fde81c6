"""HTML: visible text, split at h1-h6 into heading-path sections (stdlib html.parser)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from app.knowledge.limits import Deadline
from app.knowledge.sections import ExtractedDocument, Section
from app.knowledge.structured_text import SectionBuilder

_HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "svg", "object"})
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "hr",
        "form",
        "main",
        "nav",
        "aside",
        "figure",
        "figcaption",
        "address",
    }
)
_FIRST_SLICE = 64 * 1024  # characters fed to the parser at a time, at first
# What html.parser keeps buffered when the file ends inside markup: "<a ...", "</x ...",
# "<!-- ...", "<!DOCTYPE ...", "<?xml ...".
_UNCLOSED_MARKUP = re.compile(r"<[A-Za-z/!?]")
UNCLOSED_TAG_NOTE = (
    "The page ends inside an unclosed HTML tag; that markup was skipped and the text before it "
    "is indexed. If text is missing, open the page in a browser and save it again."
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_CELLS = frozenset({"td", "th"})


class _TextCollector(HTMLParser):
    def __init__(self, builder: SectionBuilder, deadline: Deadline) -> None:
        super().__init__(convert_charrefs=True)
        self._builder = builder
        self._deadline = deadline
        self._hidden = 0
        self._in_title = False
        self.title = ""
        self._heading_level: int | None = None
        self._heading: list[str] = []
        self._line: list[str] = []
        self._paragraph: list[str] = []
        self._tags = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tags += 1
        if self._tags % 500 == 0:
            self._deadline.check()
        if tag == "title":
            self._in_title = True
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag in _HEADINGS:
            self._end_paragraph()
            self._heading_level = _HEADINGS[tag]
            self._heading = []
        elif tag in _CELLS and self._line:
            self._line.append(" | ")
        elif tag in _BLOCKS:
            self._end_line()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _HEADINGS and self._heading_level is not None:
            text = " ".join("".join(self._heading).split())
            level, self._heading_level = self._heading_level, None
            if text:
                self._builder.heading(level, text)
        elif tag in ("p", "div", "table", "ul", "ol", "pre", "blockquote", "section", "article"):
            self._end_paragraph()
        elif tag in _BLOCKS:
            self._end_line()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._hidden:
            return
        if self._heading_level is not None:
            self._heading.append(data)
        else:
            self._line.append(data)

    def _end_line(self) -> None:
        line = " ".join("".join(self._line).split())
        self._line = []
        if line:
            self._paragraph.append(line)

    def _end_paragraph(self) -> None:
        self._end_line()
        if self._paragraph:
            self._builder.add("\n".join(self._paragraph))
        self._paragraph = []

    def finish(self) -> tuple[Section, ...]:
        self.close()
        self._end_paragraph()
        return self._builder.finish()


def html_sections(text: str, deadline: Deadline) -> tuple[tuple[Section, ...], str]:
    """(sections, title) of an HTML text (an e-mail's HTML part, a page)."""
    sections, title, _dropped = _parse(text, deadline)
    return sections, title


def _parse(text: str, deadline: Deadline) -> tuple[tuple[Section, ...], str, bool]:
    """(sections, title, whether an unclosed tag or comment at the end was dropped)."""
    collector = _TextCollector(SectionBuilder(), deadline)
    _feed_guarded(collector, text, deadline)
    dropped = _drop_unclosed_tail(collector)
    sections = collector.finish()
    return sections, " ".join(collector.title.split()), dropped


def _feed_guarded(parser: HTMLParser, text: str, deadline: Deadline) -> None:
    """Feed `text` in slices, checking the deadline between them (one `feed` of a whole page can
    run for minutes on hostile markup). A slice is doubled while the parser still holds an
    unfinished construct bigger than it: html.parser rescans what it holds on every feed, so
    fixed slices would make a long unclosed tag quadratic; doubling keeps the rescans linear,
    and an unclosed tag with no '>' after it ends the feeding at once."""
    slice_chars = _FIRST_SLICE
    at = 0
    while at < len(text):
        deadline.check()
        end = at + slice_chars
        if _UNCLOSED_MARKUP.match(parser.rawdata):
            # The parser waits for a '>' to finish what it holds; none ahead: the rest of the
            # file lies inside markup that never closes (dropped at the end, unparsed).
            closing = text.find(">", at)
            if closing < 0:
                break
            end = max(end, closing + 1)
        parser.feed(text[at:end])
        at = end
        if len(parser.rawdata) > slice_chars:
            slice_chars *= 2


def _drop_unclosed_tail(parser: HTMLParser) -> bool:
    """Forget a tag, comment or declaration still open at the end of the file, as browsers do.

    html.parser's `close()` would instead emit it as text, character by character, rescanning
    the rest each time: minutes of work on a file of unclosed `<a` tags, ending in raw markup
    indexed as if it were the page's text."""
    if _UNCLOSED_MARKUP.match(parser.rawdata) is None:
        return False
    parser.rawdata = ""
    return True


def extract_html(path: Path, text: str, deadline: Deadline) -> ExtractedDocument:
    sections, title, dropped = _parse(text, deadline)
    notes = (UNCLOSED_TAG_NOTE,) if dropped else ()
    return ExtractedDocument(format="html", sections=sections, title=title, notes=notes)
