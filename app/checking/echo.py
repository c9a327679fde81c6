"""Text that copies the prompt's instructions ("Tone: professional. Length: 120 words")."""

from __future__ import annotations

from collections.abc import Sequence

from .model import Issue
from .words import Span, words

_MIN_RUN = 5  # words copied in a row before it counts as an echo
_LABEL_MAX_WORDS = 3


def _folded(spans: list[Span]) -> list[str]:
    return [s.text.casefold() for s in spans]


def _labels(instructions: Sequence[str]) -> set[str]:
    """Instruction labels written "Label: value" (Tone, Length, Audience, ...)."""
    labels: set[str] = set()
    for text in instructions:
        for line in text.replace(".", "\n").split("\n"):
            head, colon, _rest = line.partition(":")
            head_words = head.split()
            if colon and 0 < len(head_words) <= _LABEL_MAX_WORDS:
                labels.add(" ".join(head_words).casefold())
    return labels


def check_echo(text: str, instructions: Sequence[str]) -> list[Issue]:
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
    # "Tone: professional" is short but unmistakable: an instruction label and its colon.
    labels = _labels(instructions)
    for i, span in enumerate(spans):
        after = text[span.end : span.end + 2]
        if folded[i] in labels and after.startswith(":") and i + 1 < len(spans):
            copied[i] = copied[i + 1] = True
    issues: list[Issue] = []
    i = 0
    while i < len(spans):
        if not copied[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(spans) and copied[j + 1]:
            j += 1
        has_label = any(
            folded[k] in labels and text[spans[k].end : spans[k].end + 1] == ":"
            for k in range(i, j + 1)
        )
        if j - i + 1 >= _MIN_RUN or has_label:
            start, end = spans[i].start, spans[j].end
            issues.append(
                Issue(
                    "prompt_echo",
                    text[start:end],
                    start,
                    end,
                    "this repeats the instructions given to the model, not content for the reader",
                )
            )
        i = j + 1
    return issues
