"""The DOCX text outside the body: headers, footers, footnotes, endnotes and comments.

Each becomes its own section whose label says where the text came from ("header",
"first-page footer, section 2", "footnotes", "comments"), so a citation never passes a footnote
off as body text. A header repeated by every section is indexed once. Footnotes, endnotes and
comments have no python-docx API for reading, so their parts' XML is read directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml

from app.knowledge.extractors.part_skips import is_part_failure, log_part_failure
from app.knowledge.limits import Deadline
from app.knowledge.sections import Section

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SEPARATOR_TYPES = ("separator", "continuationSeparator", "continuationNotice")
# Comments quote at most this much of the paragraph they are attached to.
_ANCHOR_CHARS = 80


def extra_sections(document: DocxDocument, deadline: Deadline) -> tuple[list[Section], list[str]]:
    """(sections, notes): every header/footer/note/comment part that reads; a note per part
    that does not."""
    sections: list[Section] = []
    notes: list[str] = []
    readers: tuple[tuple[str, Callable[[], list[Section]]], ...] = (
        ("headers and footers", lambda: _header_footer_sections(document, deadline)),
        ("footnotes", lambda: _note_sections(document, RT.FOOTNOTES, "footnote")),
        ("endnotes", lambda: _note_sections(document, RT.ENDNOTES, "endnote")),
        ("comments", lambda: _comment_sections(document)),
    )
    for what, read in readers:
        deadline.check()
        try:
            sections.extend(read())
        except Exception as exc:
            if not is_part_failure(exc):
                raise
            log_part_failure(f"the {what} of a DOCX", exc)
            notes.append(
                f"The document's {what} could not be read and were left out; the body "
                "is indexed. Re-saving the file in Word may repair them."
            )
    return sections, notes


def paragraph_text(paragraph: Any) -> str:
    """A w:p element's text: runs, tabs and line breaks (what python-docx's `.text` gives)."""
    parts: list[str] = []
    for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag == f"{_W}tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts).strip()


def _element_text(element: Any) -> str:
    lines = (paragraph_text(p) for p in element.iter(f"{_W}p"))
    return "\n".join(line for line in lines if line)


# ---- headers and footers ------------------------------------------------------------------

_VARIANTS = (
    ("header", "first_page_header", "even_page_header"),
    ("footer", "first_page_footer", "even_page_footer"),
)
_VARIANT_NAMES = {"first_page": "first-page ", "even_page": "even-page "}


def _header_footer_sections(document: DocxDocument, deadline: Deadline) -> list[Section]:
    found: list[tuple[str, int, str]] = []  # (kind label, section number, text)
    seen: set[tuple[str, str]] = set()
    for number, doc_section in enumerate(document.sections, start=1):
        deadline.check()
        for attributes in _VARIANTS:
            for attribute in attributes:
                part = getattr(doc_section, attribute)
                # A linked header shows the previous section's; it has no text of its own.
                if part.is_linked_to_previous:
                    continue
                text = _element_text(part._element)
                kind = _kind_label(attribute)
                if not text or (kind, text) in seen:  # the same header in every section: once
                    continue
                seen.add((kind, text))
                found.append((kind, number, text))
    several = len(document.sections) > 1
    return [
        Section(
            text=text,
            label=f"{kind}, section {number}" if several else kind,
            heading=kind.capitalize(),
        )
        for kind, number, text in found
    ]


def _kind_label(attribute: str) -> str:
    kind = "header" if attribute.endswith("header") else "footer"
    prefix = attribute.removesuffix("_header").removesuffix("_footer")
    return _VARIANT_NAMES.get(prefix, "") + kind


# ---- footnotes, endnotes, comments ------------------------------------------------------------


def _related_xml(document: DocxDocument, reltype: str) -> Iterator[Any]:
    for rel in document.part.rels.values():
        if rel.is_external or rel.reltype != reltype:
            continue
        yield parse_xml(rel.target_part.blob)


def _note_sections(document: DocxDocument, reltype: str, noun: str) -> list[Section]:
    lines: list[str] = []
    for root in _related_xml(document, reltype):
        number = 0
        for note in root.iter(f"{_W}{noun}"):
            # The separator lines Word keeps as notes of their own carry no text of the document.
            if note.get(f"{_W}type") in _SEPARATOR_TYPES:
                continue
            number += 1
            text = " ".join(_element_text(note).split())
            if text:
                lines.append(f"{noun.capitalize()} {number}: {text}")
    if not lines:
        return []
    plural = noun + "s"
    return [Section(text="\n".join(lines), label=plural, heading=plural.capitalize())]


def _comment_sections(document: DocxDocument) -> list[Section]:
    anchors = _comment_anchors(document)
    lines: list[str] = []
    for root in _related_xml(document, RT.COMMENTS):
        for comment in root.iter(f"{_W}comment"):
            text = " ".join(_element_text(comment).split())
            if not text:
                continue
            author = (comment.get(f"{_W}author") or "").strip()
            anchor = anchors.get(comment.get(f"{_W}id") or "", "")
            who = f"Comment by {author}" if author else "Comment"
            on = f' on "{anchor}"' if anchor else ""
            lines.append(f"{who}{on}: {text}")
    if not lines:
        return []
    return [Section(text="\n".join(lines), label="comments", heading="Comments")]


def _comment_anchors(document: DocxDocument) -> dict[str, str]:
    """Comment id -> the start of the body paragraph it is attached to."""
    anchors: dict[str, str] = {}
    body = document.element.body
    for paragraph in body.iter(f"{_W}p"):
        ids = [
            node.get(f"{_W}id")
            for node in paragraph.iter(f"{_W}commentRangeStart", f"{_W}commentReference")
        ]
        if not ids:
            continue
        text = " ".join(paragraph_text(paragraph).split())
        if len(text) > _ANCHOR_CHARS:
            text = text[: _ANCHOR_CHARS - 1].rstrip() + "…"
        for comment_id in ids:
            if comment_id is not None:
                anchors.setdefault(comment_id, text)
    return anchors
