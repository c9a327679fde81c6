"""Putting documents into a prompt: the numbered context block, its citations, the instructions.

A question about attached documents gets either the documents whole (when all of them fit the
token budget; one numbered entry per page/slide/section, so citations stay precise) or the best
passages retrieved for the question, as many as fit. Entries are numbered [1], [2] ... and each
number has a Citation the UI can open (file, position, excerpt).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from app.knowledge.chunking import Chunk, rebuild_section_texts
from app.knowledge.document_store import DocumentStore
from app.knowledge.embedding import Embedder
from app.knowledge.excerpts import centred_excerpt
from app.knowledge.page_box import PageBox, union
from app.knowledge.records import DocumentRecord, Passage
from app.knowledge.retrieval import retrieve
from app.knowledge.tokens import CountTokens, approximate_tokens
from app.storage.errors import NotFoundError

GroundingMode = Literal["whole", "retrieved", "none"]

NOT_IN_DOCUMENTS = "The documents do not contain the answer to this question."

GROUNDED_ONLY_INSTRUCTION = (
    "Answer only from the numbered document passages given with the question; do not use any "
    "other knowledge. Cite the passage behind each statement by its number in square brackets, "
    "like [1] or [2]. If the passages do not contain the answer, reply exactly: "
    f'"{NOT_IN_DOCUMENTS}"'
)
CITE_INSTRUCTION = (
    "Numbered document passages are given with the question. Use them when they are relevant "
    "and cite each one you use by its number in square brackets, like [1] or [2]."
)
CONTEXT_HEADING = "Document passages:"
NO_MATCH_NOTE = "No passage of the attached documents matches this question."
EXCERPT_CHARS = 300


@dataclass(frozen=True)
class Citation:
    number: int
    document_id: int
    file_name: str
    path: str
    position: str  # "page 3", "slide 2", "Budget > Travel", "sheet Sales, rows 1-50"
    page: int | None
    excerpt: str  # the passage's sentence that best matches the question, for lists and tooltips
    text: str  # the whole passage, for the side panel
    score: float | None  # retrieval score; None when the document went in whole
    chunk_id: int | None  # None for a whole section
    # The question's words in `excerpt`, as [start, end) character offsets.
    highlights: tuple[tuple[int, int], ...] = ()
    # Where on the page the passage was read (OCR'd text); None for a text layer.
    box: PageBox | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Citation:
        """A citation as a reply stored it (`to_json` plus its "text"); tolerant of gaps."""
        score = data.get("score")
        page = data.get("page")
        return cls(
            number=int(data.get("number") or 0),
            document_id=int(data.get("document_id") or 0),
            file_name=str(data.get("file") or ""),
            path=str(data.get("path") or ""),
            position=str(data.get("position") or ""),
            page=int(page) if isinstance(page, int) else None,
            excerpt=str(data.get("excerpt") or ""),
            text=str(data.get("text") or data.get("excerpt") or ""),
            score=float(score) if isinstance(score, int | float) else None,
            chunk_id=None,
            highlights=_highlights(data.get("highlights")),
            box=PageBox.from_value(data.get("box")),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "document_id": self.document_id,
            "file": self.file_name,
            "path": self.path,
            "position": self.position,
            "page": self.page,
            "excerpt": self.excerpt,
            "highlights": [list(span) for span in self.highlights],
            "score": self.score,
            # [x0, y0, x1, y1] in fractions of the page (top-left origin); null: no box.
            "box": self.box.to_list() if self.box is not None else None,
        }


@dataclass(frozen=True)
class Grounding:
    context: str  # the block to put in the prompt; "" when no document is in scope
    citations: tuple[Citation, ...]
    mode: GroundingMode
    tokens: int  # count_tokens(context)


def grounding_instruction(*, grounded_only: bool) -> str:
    """The system-prompt sentence that goes with a context block."""
    return GROUNDED_ONLY_INSTRUCTION if grounded_only else CITE_INSTRUCTION


def compose_user_message(question: str, grounding: Grounding) -> str:
    """The user turn with its context block in front of the question."""
    if not grounding.context:
        return question
    return f"{grounding.context}\n\nQuestion: {question}"


def build_grounding(
    store: DocumentStore,
    question: str,
    *,
    document_ids: Iterable[int] = (),
    collection_ids: Iterable[int] = (),
    token_budget: int,
    count_tokens: CountTokens = approximate_tokens,
    embedder: Embedder | None = None,
    max_passages: int = 12,
) -> Grounding:
    """The context block for `question` over these documents and collections, within
    `token_budget` tokens as `count_tokens` counts them (pass the engine's tokenizer)."""
    scope = set(document_ids) | store.document_ids_in(collection_ids)
    documents = [d for d in (_get(store, i) for i in sorted(scope)) if d is not None]
    indexed = [d for d in documents if d.status == "indexed" and d.chunk_count > 0]
    if not indexed:
        return Grounding(context="", citations=(), mode="none", tokens=0)
    whole = _whole_documents(store, indexed, token_budget, count_tokens, question)
    if whole is not None:
        return whole
    passages = retrieve(
        store.database,
        question,
        document_ids={d.id for d in indexed},
        limit=max(3 * max_passages, 30),
        embedder=embedder,
    )
    if not passages:
        # Nothing matched the words of the question ("summarise this"): the documents'
        # opening passages are the best guess, and grounded-only still lets the model say no.
        passages = _opening_passages(store, indexed, per_document=max_passages)
    entries = [_passage_entry(p) for p in passages]
    return _fit(
        entries, token_budget, count_tokens, mode="retrieved", limit=max_passages, question=question
    )


def cited_numbers(reply: str) -> list[int]:
    """The distinct [n] numbers a reply uses, in order of first use ([1, 3] and [2-4] count)."""
    found: list[int] = []
    for group in _CITATION.findall(reply):
        for part in re.split(r"\s*[,;]\s*", group):
            bounds = re.split(r"\s*[-\u2013]\s*", part)
            if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
                low, high = int(bounds[0]), int(bounds[1])
                numbers = range(low, high + 1) if 0 < high - low < 50 else [low, high]
            else:
                numbers = [int(part)] if part.isdigit() else []
            for number in numbers:
                if number not in found:
                    found.append(number)
    return found


def used_citations(reply: str, citations: Collection[Citation]) -> list[Citation]:
    """The citations a reply actually refers to, in order of first use (unknown numbers ignored)."""
    by_number = {c.number: c for c in citations}
    return [by_number[n] for n in cited_numbers(reply) if n in by_number]


_CITATION = re.compile(r"\[(\d+(?:\s*(?:[,;]|[-\u2013])\s*\d+)*)\]")


# ---- building entries ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    document_id: int
    file_name: str
    path: str
    position: str
    page: int | None
    text: str
    score: float | None
    chunk_id: int | None
    box: PageBox | None = None

    def render(self, number: int) -> str:
        return f"[{number}] {self.file_name}, {self.position}\n{self.text}"


def _get(store: DocumentStore, document_id: int) -> DocumentRecord | None:
    try:
        return store.get(document_id)
    except NotFoundError:
        return None


def _whole_documents(
    store: DocumentStore,
    documents: list[DocumentRecord],
    budget: int,
    count_tokens: CountTokens,
    question: str,
) -> Grounding | None:
    # Cheap bound first: even at 8 characters a token the text would not fit.
    if sum(d.char_count for d in documents) > budget * 8:
        return None
    entries: list[_Entry] = []
    for document in documents:
        stored = store.chunks(document.id)
        chunks = [
            Chunk(c.section_index, c.position, c.page, c.heading, c.text, c.overlap_chars, c.box)
            for c in stored
        ]
        texts = rebuild_section_texts(chunks)
        first_of_section: dict[int, Chunk] = {}
        for chunk in chunks:
            first_of_section.setdefault(chunk.section_index, chunk)
        for index in sorted(texts):
            chunk = first_of_section[index]
            entries.append(
                _Entry(
                    document_id=document.id,
                    file_name=document.file_name,
                    path=document.path,
                    position=chunk.position,
                    page=chunk.page,
                    text=texts[index].strip(),
                    score=None,
                    chunk_id=None,
                    box=union(c.box for c in chunks if c.section_index == index and c.box),
                )
            )
    grounding = _fit(
        entries, budget, count_tokens, mode="whole", limit=len(entries), question=question
    )
    return grounding if len(grounding.citations) == len(entries) else None


def _opening_passages(
    store: DocumentStore, documents: list[DocumentRecord], *, per_document: int
) -> list[Passage]:
    """The first chunks of each document, interleaved so every document gets its start in."""
    columns: list[list[Passage]] = []
    for document in documents:
        chunks = store.chunks(document.id)[:per_document]
        columns.append(
            [
                Passage(
                    chunk_id=c.id,
                    document_id=document.id,
                    file_name=document.file_name,
                    path=document.path,
                    position=c.position,
                    page=c.page,
                    heading=c.heading,
                    text=c.text,
                    score=0.0,
                    box=c.box,
                )
                for c in chunks
            ]
        )
    interleaved: list[Passage] = []
    for row in range(per_document):
        interleaved.extend(column[row] for column in columns if row < len(column))
    return interleaved


def _passage_entry(passage: Passage) -> _Entry:
    body = passage.text.strip()
    # Context a passage loses when cut out of its section: its heading path, or a table's
    # column names (the section heading) when the passage does not already start with them.
    last_heading = passage.heading.split(" > ")[-1].split(": ", 1)[-1] if passage.heading else ""
    if last_heading and not body.startswith(last_heading):
        body = f"({passage.heading})\n{body}"
    return _Entry(
        document_id=passage.document_id,
        file_name=passage.file_name,
        path=passage.path,
        position=passage.position,
        page=passage.page,
        text=body,
        score=passage.score,
        chunk_id=passage.chunk_id,
        box=passage.box,
    )


def _fit(
    entries: list[_Entry],
    budget: int,
    count_tokens: CountTokens,
    *,
    mode: GroundingMode,
    limit: int,
    question: str = "",
) -> Grounding:
    """Number and add entries in order while they fit; the final block is re-counted whole
    (tokenizers are not additive across joins) and trimmed from the end if it overflows."""
    chosen: list[_Entry] = []
    used = count_tokens(CONTEXT_HEADING)
    for entry in entries:
        if len(chosen) >= limit:
            break
        cost = count_tokens("\n\n" + entry.render(len(chosen) + 1))
        if used + cost <= budget:
            chosen.append(entry)
            used += cost
    while chosen:
        context = _render(chosen)
        tokens = count_tokens(context)
        if tokens <= budget:
            citations = tuple(_citation(n, e, question) for n, e in enumerate(chosen, start=1))
            return Grounding(context=context, citations=citations, mode=mode, tokens=tokens)
        chosen.pop()
    note = f"{CONTEXT_HEADING}\n{NO_MATCH_NOTE}"
    if count_tokens(note) > budget:
        return Grounding(context="", citations=(), mode="none", tokens=0)
    return Grounding(context=note, citations=(), mode="none", tokens=count_tokens(note))


def _render(entries: list[_Entry]) -> str:
    return "\n\n".join([CONTEXT_HEADING, *(e.render(n) for n, e in enumerate(entries, start=1))])


def _citation(number: int, entry: _Entry, question: str) -> Citation:
    excerpt = centred_excerpt(entry.text, question, max_chars=EXCERPT_CHARS)
    return Citation(
        number=number,
        document_id=entry.document_id,
        file_name=entry.file_name,
        path=entry.path,
        position=entry.position,
        page=entry.page,
        excerpt=excerpt.text,
        text=entry.text,
        score=entry.score,
        chunk_id=entry.chunk_id,
        highlights=excerpt.highlights,
        box=entry.box,
    )


def _highlights(raw: object) -> tuple[tuple[int, int], ...]:
    """Stored highlights, skipping anything malformed (older replies have none)."""
    spans: list[tuple[int, int]] = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, list) and len(item) == 2 and all(isinstance(v, int) for v in item):
            spans.append((item[0], item[1]))
    return tuple(spans)
