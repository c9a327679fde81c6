"""What an extractor returns: the document's text in sections that keep their position."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.knowledge.page_box import TextRegion, realigned, union


@dataclass(frozen=True)
class Section:
    """One positioned part of a document: a page, a slide, a block of sheet rows, a heading's text.

    `label` is what a citation shows ("page 3", "slide 2", "Budget > Travel", "sheet Q1, rows
    2-51"); `page` is the page or slide number when the format has one; `heading` is context
    that belongs with every passage of the section (a heading path, a sheet's column names).
    `regions`: where on the page parts of the text were read (OCR only; see page_box.py).
    """

    text: str
    label: str
    page: int | None = None
    heading: str = ""
    regions: tuple[TextRegion, ...] = ()

    def with_text(self, text: str) -> Section:
        """This section holding `text`, a cleaned form of its own, its regions moved along.
        Should `text` not be the old text with characters left out, one region spans all of
        it (their union): its chunks still say where on the page it is, only less precisely."""
        if text == self.text:
            return self
        regions = realigned(self.regions, self.text, text)
        if regions is None:
            whole = union(r.box for r in self.regions)
            regions = (TextRegion(0, len(text), whole),) if whole is not None and text else ()
        return Section(text, self.label, self.page, self.heading, regions)


@dataclass(frozen=True)
class ExtractedDocument:
    format: str  # "pdf", "docx", "xlsx", ... (see formats.py)
    sections: tuple[Section, ...]
    page_count: int | None = None  # pages, slides or sheets where the format has them
    title: str = ""
    notes: tuple[str, ...] = field(default=())  # e.g. "2 attachments skipped"
    # 1-based pages whose text layer is missing or garbage; OCR will read them later.
    unreadable_pages: tuple[int, ...] = field(default=())
    # Documents inside this one (an e-mail's attachments and forwarded messages), extracted in
    # the same process under the same limits; the indexer stores each as a child document.
    attachments: tuple[ExtractedAttachment, ...] = field(default=())
    # 1-based pages (or image frames) whose text came from OCR, and its mean confidence (0..1).
    ocr_pages: tuple[int, ...] = field(default=())
    ocr_confidence: float | None = None

    @property
    def char_count(self) -> int:
        return sum(len(s.text) for s in self.sections)

    @property
    def has_text(self) -> bool:
        return any(s.text.strip() for s in self.sections)


@dataclass(frozen=True)
class ExtractedAttachment:
    """One attachment of a document, already extracted: what the indexer stores as a child."""

    name: str  # the file name the mail gives it (made safe), e.g. "report.pdf"
    sha256: str  # of the attachment's bytes
    size_bytes: int
    document: ExtractedDocument


def heading_path(headings: list[str]) -> str:
    return " > ".join(h for h in headings if h)
