"""Structure-aware chunking with overlap.

Chunks never cross a section (page, slide, sheet block, heading), so every chunk has one
position. Inside a section the text is cut at the best boundary before the target size
(paragraph, then line, then sentence, then word). Each chunk repeats the tail of the previous
one (`overlap_chars`) so a sentence cut in two is still found whole; the bodies after the overlap
partition the section exactly, so the section's text can be rebuilt from its chunks. A chunk of
OCR'd text keeps the box on the page its characters were read from.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.knowledge.page_box import PageBox, box_of_span
from app.knowledge.sections import Section


@dataclass(frozen=True)
class ChunkingOptions:
    target_chars: int = 1000
    overlap_chars: int = 150
    min_chars: int = 300  # never cut before this many characters of body


@dataclass(frozen=True)
class Chunk:
    section_index: int
    position: str
    page: int | None
    heading: str
    text: str  # overlap + body
    overlap_chars: int  # text[:overlap_chars] repeats the end of the previous chunk
    # Where on its page the chunk's text was read (OCR'd text only): the union of its lines.
    box: PageBox | None = None

    @property
    def body(self) -> str:
        return self.text[self.overlap_chars :]


# Boundaries in order of preference; a cut goes right after the separator.
_SEPARATORS = ("\n\n", "\n", ". ", "? ", "! ", "; ", ", ", " ")


def chunk_sections(
    sections: tuple[Section, ...] | list[Section], options: ChunkingOptions | None = None
) -> list[Chunk]:
    options = options or ChunkingOptions()
    chunks: list[Chunk] = []
    for index, section in enumerate(sections):
        for start, end in _spans(section.text, options):
            overlap_start = _overlap_start(section.text, start, options.overlap_chars)
            chunks.append(
                Chunk(
                    section_index=index,
                    position=section.label,
                    page=section.page,
                    heading=section.heading,
                    text=section.text[overlap_start:end],
                    overlap_chars=start - overlap_start,
                    box=box_of_span(section.regions, overlap_start, end),
                )
            )
    return chunks


def _spans(text: str, options: ChunkingOptions) -> list[tuple[int, int]]:
    """Consecutive [start, end) spans covering `text` exactly."""
    spans: list[tuple[int, int]] = []
    start = 0
    length = len(text)
    while start < length:
        if length - start <= options.target_chars:
            spans.append((start, length))
            break
        end = _cut(text, start + options.min_chars, start + options.target_chars)
        spans.append((start, end))
        start = end
    return spans


def _cut(text: str, earliest: int, latest: int) -> int:
    for separator in _SEPARATORS:
        found = text.rfind(separator, earliest, latest)
        if found != -1:
            return found + len(separator)
    return latest  # one very long word: cut it


def _overlap_start(text: str, start: int, overlap: int) -> int:
    """Where the repeated tail begins: about `overlap` characters back, at a word start."""
    if start == 0 or overlap <= 0:
        return start
    begin = max(0, start - overlap)
    if begin == 0:
        return 0
    space = text.find(" ", begin, start)
    newline = text.find("\n", begin, start)
    candidates = [p for p in (space, newline) if p != -1]
    return min(candidates) + 1 if candidates else begin


def rebuild_section_texts(chunks: list[Chunk]) -> dict[int, str]:
    """Each section's full text from its chunks (the inverse of chunking)."""
    texts: dict[int, list[str]] = {}
    for chunk in chunks:
        texts.setdefault(chunk.section_index, []).append(chunk.body)
    return {index: "".join(parts) for index, parts in texts.items()}
