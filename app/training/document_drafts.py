"""Training examples drafted from the user's documents by the loaded model, for review.

Each passage (a knowledge chunk) is shown to the model with an instruction to write one question
the passage answers and the answer, from the passage alone. A GBNF grammar holds the reply to
"Question: ...?" / "Answer: ..." so even a small model's draft parses. Small models still
invent things, so every draft gets a support score (the share of the answer's words and
numbers found in the passage); drafts below MIN_SUPPORT, or whose question is about "the
passage" rather than its facts, are set aside with the reason. The user reviews and edits what
is kept before it is trained on.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Protocol

from app.engine.types import ChatTurn, GenerationResult, SamplingParams
from app.knowledge.records import DocumentRecord, StoredChunk
from app.training.examples import TrainingExample, make_example
from app.training.scoring import content_words

if TYPE_CHECKING:
    from app.engine.client import EngineClient

MIN_PASSAGE_CHARS: Final = 160  # shorter chunks (titles, table scraps) rarely hold a fact
MAX_PASSAGE_CHARS: Final = 2400  # keeps the prompt well inside a small model's context
MIN_SUPPORT: Final = 0.6
DRAFT_MAX_TOKENS: Final = 240

DRAFT_GRAMMAR: Final = r"""root ::= "Question: " question "\nAnswer: " answer
question ::= [^\n?]{8,300} "?"
answer ::= [^\n]{2,600}
"""

DRAFT_INSTRUCTIONS: Final = (
    "You write training data for an assistant. Read the passage and write one question that "
    "someone at work could ask and that the passage answers, then the answer. Use only facts "
    "stated in the passage; do not mention 'the passage'. Reply exactly as:\n"
    "Question: <question>?\nAnswer: <answer>"
)

_NUMBER = re.compile(r"\d[\d.,:/-]*\d|\d")
# A question about the source rather than its facts; "document" and "text" alone are too common
# in real questions ("Which document do claims need?") to count.
_META_QUESTION = re.compile(
    r"\b(passage|excerpt)\b|\b(this|the|that) (text|document|section)\b", re.IGNORECASE
)
_DRAFT = re.compile(r"\AQuestion:\s*(?P<q>[^\n]+?)\s*\nAnswer:\s*(?P<a>.+?)\s*\Z", re.DOTALL)


class ChunkSource(Protocol):
    """The part of app.knowledge.document_store.DocumentStore that passage choice reads."""

    def chunks(self, document_id: int) -> list[StoredChunk]: ...


class DraftingEngine(Protocol):
    """The part of app.engine.llama_engine.LlamaEngine drafting uses (model loaded)."""

    def generate(
        self,
        turns: Sequence[ChatTurn],
        sampling: SamplingParams,
        *,
        on_text: Callable[[str], None],
        stop: threading.Event,
    ) -> GenerationResult: ...


@dataclass(frozen=True)
class SourcePassage:
    document: str  # the file name the user knows
    location: str  # "page 3", "Pricing", ... ("" when the format has no positions)
    text: str

    @property
    def label(self) -> str:
        return f"{self.document}, {self.location}" if self.location else self.document


@dataclass(frozen=True)
class Draft:
    passage: SourcePassage
    example: TrainingExample | None  # None when the model's reply could not be used
    support: float  # share of the answer's facts found in the passage (see support_in)
    problem: str | None  # why the draft is set aside; None when it is kept for review
    check: str = "backed"  # the verdict in two or three words, for a table column

    @property
    def kept(self) -> bool:
        return self.example is not None and self.problem is None


def passages_from_chunks(
    document: str, chunks: Sequence[StoredChunk], *, limit: int
) -> list[SourcePassage]:
    """Up to `limit` substantial passages, spread over the whole document (not its first
    pages only), each with the position the Sources panel shows."""
    usable = [c for c in chunks if len(c.text.strip()) >= MIN_PASSAGE_CHARS]
    if limit <= 0 or not usable:
        return []
    step = max(1, len(usable) / limit)
    picked = [usable[int(i * step)] for i in range(min(limit, len(usable)))]
    return [
        SourcePassage(document, _location(chunk), chunk.text.strip()[:MAX_PASSAGE_CHARS])
        for chunk in picked
    ]


def passages_from_documents(
    documents: Sequence[tuple[str, Sequence[StoredChunk]]], *, limit: int
) -> list[SourcePassage]:
    """Up to `limit` passages shared fairly between the documents (each document's own picks
    spread over it), taken in turns so a cut at `limit` leaves no document out."""
    if not documents or limit <= 0:
        return []
    share = -(-limit // len(documents))
    per_document = [passages_from_chunks(name, chunks, limit=share) for name, chunks in documents]
    picked: list[SourcePassage] = []
    for turn in range(share):
        for passages in per_document:
            if turn < len(passages) and len(picked) < limit:
                picked.append(passages[turn])
    return picked


def passages_in(
    store: ChunkSource, documents: Sequence[DocumentRecord], *, limit: int
) -> list[SourcePassage]:
    """Passages from the indexed documents among `documents` (failed ones have no text)."""
    indexed = [d for d in documents if d.status == "indexed"]
    return passages_from_documents(
        [(d.file_name, store.chunks(d.id)) for d in indexed], limit=limit
    )


def _location(chunk: StoredChunk) -> str:
    if chunk.page is not None:
        return f"page {chunk.page}"
    return chunk.heading.strip() or chunk.position.strip()


def draft_turns(passage: SourcePassage) -> list[ChatTurn]:
    return [
        ChatTurn("system", DRAFT_INSTRUCTIONS),
        ChatTurn("user", f"Passage from {passage.label}:\n\n{passage.text}"),
    ]


def parse_draft(text: str) -> tuple[str, str] | None:
    """(question, answer) from a reply in the grammar's shape, or None."""
    match = _DRAFT.match(text.strip())
    if match is None:
        return None
    question, answer = match["q"].strip(), match["a"].strip()
    if len(question) < 8 or not answer:
        return None
    return question, answer


def judge_draft(
    passage: SourcePassage, text: str, *, system: str | None = None, finish_reason: str = "stop"
) -> Draft:
    """Parse one model reply and decide whether it is kept for the user's review. A reply cut
    at the length limit fits the grammar's start but is not whole: it is never kept."""
    if finish_reason == "length":
        return Draft(
            passage, None, 0.0, "the model's reply was cut off at the length limit", "cut off"
        )
    parsed = parse_draft(text)
    if parsed is None:
        return Draft(
            passage, None, 0.0, "the model's reply was not a question and an answer", "unreadable"
        )
    question, answer = parsed
    support = support_in(passage.text, answer)
    example = make_example(question, answer, system=system, source=f"drafted from {passage.label}")
    if _META_QUESTION.search(question):
        return Draft(
            passage,
            example,
            support,
            "the question asks about the passage itself",
            "about the passage",
        )
    if support < MIN_SUPPORT:
        return Draft(
            passage,
            example,
            support,
            f"only {support:.0%} of the answer's words are in the passage (it may be invented)",
            f"not in passage ({support:.0%})",
        )
    if " ".join(answer.split()) == " ".join(passage.text.split()):
        return Draft(
            passage,
            example,
            support,
            "the answer only repeats the whole passage",
            "copies the passage",
        )
    return Draft(passage, example, support, None)


def support_in(passage: str, answer: str) -> float:
    """The share of the answer's facts found in the passage: its content words and its numbers
    (a bare "27" is a fact too). 1.0 when the answer has neither but appears verbatim."""
    facts = set(content_words(answer)) | set(_NUMBER.findall(answer))
    if not facts:
        return (
            1.0
            if " ".join(answer.casefold().split()) in " ".join(passage.casefold().split())
            else 0.0
        )
    in_passage = set(content_words(passage)) | set(_NUMBER.findall(passage))
    return sum(1 for fact in facts if fact in in_passage) / len(facts)


def draft_examples(
    engine: DraftingEngine,
    passages: Sequence[SourcePassage],
    *,
    seed: int = 0,
    temperature: float = 0.0,
    system: str | None = None,
    stop: threading.Event | None = None,
    on_draft: Callable[[int, Draft], None] | None = None,
) -> list[Draft]:
    """One draft per passage, in order; `stop` ends the run after the current passage.

    `system` becomes the drafted examples' system prompt (the assistant's instructions), so the
    adapter learns the facts in the setting it will answer in. Seeds are `seed + index`, so a
    rerun on the same model and passages drafts the same text.
    """
    stop = stop or threading.Event()
    drafts: list[Draft] = []
    for index, passage in enumerate(passages):
        if stop.is_set():
            break
        sampling = SamplingParams(
            temperature=temperature,
            repeat_penalty=1.1,
            max_tokens=DRAFT_MAX_TOKENS,
            seed=seed + index,
            grammar=DRAFT_GRAMMAR,
        )
        result = engine.generate(draft_turns(passage), sampling, on_text=lambda _: None, stop=stop)
        if result.stats.finish_reason == "cancelled":
            break
        draft = judge_draft(
            passage, result.text, system=system, finish_reason=result.stats.finish_reason
        )
        drafts.append(draft)
        if on_draft is not None:
            on_draft(index, draft)
    return drafts


def draft_on_worker(
    client: EngineClient,
    model_path: str,
    passages: Sequence[SourcePassage],
    *,
    system: str | None = None,
    stop: threading.Event | None = None,
    on_draft: Callable[[int, Draft], None] | None = None,
) -> list[Draft]:
    """Draft on the app's one inference thread, lent to this (non-GUI) thread with `model_path`
    loaded and no adapters. Chat replies asked for meanwhile wait; then the chat's model and
    adapters come back (app.engine.client.EngineClient.lease)."""
    from app.engine.types import LoadModel, LoadOptions

    load = LoadModel(model_path, options=LoadOptions(n_ctx=2048, n_gpu_layers="auto"))
    with client.lease(load) as engine:
        engine.reset_cache()  # the first passage starts from an empty cache, like a fresh model
        return draft_examples(engine, passages, system=system, stop=stop, on_draft=on_draft)
