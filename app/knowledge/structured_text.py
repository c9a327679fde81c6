"""Building heading-structured sections from a stream of headings, paragraphs and page breaks.

Shared by the formats that have headings but no fixed pages (DOCX, ODT, HTML, Markdown).
"""

from __future__ import annotations

from app.knowledge.sections import Section, heading_path


class SectionBuilder:
    """Starts a new section at every heading (and hard page break when `paged`).

    A section's label is its heading path ("Budget > Travel"), prefixed with the page number for
    documents that mark their pages; its text starts with its own heading line.
    """

    def __init__(self, *, paged: bool = False) -> None:
        self.paged = paged
        self.page = 1
        self._headings: list[str] = []
        self._parts: list[str] = []
        self._sections: list[Section] = []

    def heading(self, level: int, text: str) -> None:
        self._flush()
        level = max(1, min(level, 9))
        del self._headings[level - 1 :]
        while len(self._headings) < level - 1:
            self._headings.append("")
        self._headings.append(text)
        self._parts.append(text)

    def add(self, text: str) -> None:
        if text.strip():
            self._parts.append(text.strip())

    def page_break(self) -> None:
        self._flush()
        self.page += 1

    def finish(self) -> tuple[Section, ...]:
        self._flush()
        return tuple(self._sections)

    def _flush(self) -> None:
        text = "\n\n".join(self._parts)
        self._parts = []
        if not text.strip():
            return
        path = heading_path(self._headings)
        if self.paged:
            label = f"page {self.page}" + (f" · {path}" if path else "")
            page: int | None = self.page
        else:
            label = path or "beginning"
            page = None
        self._sections.append(Section(text=text, label=label, page=page, heading=path))
