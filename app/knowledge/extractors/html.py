"""HTML: visible text, split at h1-h6 into heading-path sections (stdlib html.parser)."""

from __future__ import annotations

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
    collector = _TextCollector(SectionBuilder(), deadline)
    collector.feed(text)
    sections = collector.finish()
    return sections, " ".join(collector.title.split())


def extract_html(path: Path, text: str, deadline: Deadline) -> ExtractedDocument:
    sections, title = html_sections(text, deadline)
    return ExtractedDocument(format="html", sections=sections, title=title)
