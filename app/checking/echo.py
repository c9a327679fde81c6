"""Text that copies the prompt's instructions ("Tone: professional. Length: 120 words").

Two signals: a run of words copied from the instructions (field values do not count towards
the run: a text should repeat "Kallio Energia Oy" and "INV-1042"), or an instruction label
such as "Tone:" or "Length:" written with its colon, which no reader-facing text needs.
"""

from __future__ import annotations

from collections.abc import Sequence, Set

from .model import Issue
from .words import Span, sentences, words

MIN_RUN = 8  # words copied in a row (field values aside) before it counts as an echo
_MIN_SENTENCE_WORDS = 3  # a whole instruction sentence copied counts from this length
# Labels that only ever steer the writer. "Amount due:" is also an instruction label, but a
# text may rightly say it, so only these count on their own.
META_LABELS = frozenset(
    {
        "tone", "length", "style", "audience", "format", "words", "instructions", "brief",
        "language", "register", "voice", "sävy", "pituus", "tyyli", "kohdeyleisö", "ton",
        "länge", "stil", "zielgruppe",
    }
)  # fmt: skip
REASON = "This repeats the instructions given to the model; it is not meant for the reader"


def _folded(spans: list[Span]) -> list[str]:
    return [s.text.casefold() for s in spans]


def _labels(instructions: Sequence[str]) -> set[str]:
    """Meta labels the instructions use as "Label: value"."""
    labels: set[str] = set()
    for text in instructions:
        for line in text.replace(".", "\n").split("\n"):
            head, colon, _rest = line.partition(":")
            head_words = head.split()
            if colon and len(head_words) == 1 and head_words[0].casefold() in META_LABELS:
                labels.add(head_words[0].casefold())
    return labels


def check_echo(
    text: str, instructions: Sequence[str], neutral: Set[str] = frozenset()
) -> list[Issue]:
    """`neutral`: casefolded words (the field values) that do not count towards a copied run."""
    if not any(i.strip() for i in instructions):
        return []
    trigrams: set[tuple[str, str, str]] = set()
    for instruction in instructions:
        folded = _folded(list(words(instruction)))
        trigrams.update(zip(folded, folded[1:], folded[2:], strict=False))
    spans = list(words(text))
    folded = _folded(spans)
    copied = [False] * len(spans)
    for i in range(len(spans) - 2):
        if (folded[i], folded[i + 1], folded[i + 2]) in trigrams:
            copied[i] = copied[i + 1] = copied[i + 2] = True
    labels = _labels(instructions)
    labelled = [
        folded[i] in labels and text[span.end : span.end + 1] == ":" for i, span in enumerate(spans)
    ]
    for i, is_label in enumerate(labelled):
        if is_label and i + 1 < len(spans):
            copied[i] = copied[i + 1] = True
    issues = _copied_sentences(text, instructions, neutral)
    i = 0
    while i < len(spans):
        if not copied[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(spans) and copied[j + 1]:
            j += 1
        counted = sum(1 for k in range(i, j + 1) if folded[k] not in neutral)
        start, end = spans[i].start, spans[j].end
        already = any(e.start <= start and end <= e.end for e in issues)
        if (counted >= MIN_RUN or any(labelled[i : j + 1])) and not already:
            issues.append(Issue("prompt_echo", text[start:end], start, end, REASON))
        i = j + 1
    return sorted(issues, key=lambda issue: issue.start)


def _word_tuple(text: str) -> tuple[str, ...]:
    return tuple(w.text.casefold() for w in words(text))


def _copied_sentences(text: str, instructions: Sequence[str], neutral: Set[str]) -> list[Issue]:
    """Whole instruction sentences written out as they are ("Put the key facts first.");
    sentences that carry a field value or a figure are facts, which a text may repeat."""
    wanted: set[tuple[str, ...]] = set()
    for instruction in instructions:
        for sentence in sentences(instruction.replace(". ", ".\n")):
            folded = _word_tuple(sentence.text)
            if len(folded) >= _MIN_SENTENCE_WORDS and not any(
                w in neutral or w.isdigit() for w in folded
            ):
                wanted.add(folded)
    issues: list[Issue] = []
    if not wanted:
        return issues
    for sentence in sentences(text):
        if _word_tuple(sentence.text) in wanted:
            issues.append(Issue("prompt_echo", sentence.text, sentence.start, sentence.end, REASON))
    return issues
