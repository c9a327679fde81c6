"""How sure the model was of a reply, from its tokens' log-probabilities.

`reply_confidence` lines the engine's tokens up with the stored text (also for a reply that
Continue extended); `low_confidence_spans` finds what "Show uncertainty" shades and `chat --json`
lists; `confidence_json` is that summary.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from app.engine.types import TokenLogprob
from app.storage.records import GenerationRecord, TokenConfidence

# A token the model gave less than this probability counts as uncertain. Chosen by looking at
# replies of the starter model: names, figures and invented details fall under it, while the
# function words around them sit well above.
LOW_PROBABILITY = 0.35


@dataclass(frozen=True)
class UncertainSpan:
    start: int  # character offsets into the reply
    end: int
    probability: float  # the lowest token probability inside the span


def reply_confidence(
    tokens: Sequence[TokenLogprob], text: str, earlier: GenerationRecord | None = None
) -> TokenConfidence | None:
    """The values for the whole stored `text`, whose end the `tokens` just generated.

    `earlier`: the record of the part before, when this generation continued a reply; its
    values come first (without them the reply has none, as a partial map would mislead).
    None when the tokens do not spell the text (so nothing is shaded at the wrong place).
    """
    if not tokens:
        return None
    offset = 0
    ends: list[int] = []
    logprobs: list[float] = []
    if earlier is not None:
        if earlier.confidence is None:
            return None
        offset = earlier.confidence.ends[-1] if earlier.confidence.ends else 0
        ends.extend(earlier.confidence.ends)
        logprobs.extend(earlier.confidence.logprobs)
    generated = text[offset:]
    spelled = "".join(token.text for token in tokens)
    # The repetition guard may cut the text back: the tokens then spell more than was kept.
    if offset > len(text) or not spelled.startswith(generated):
        return None
    position = offset
    for token in tokens:
        if position >= len(text) and token.text:
            break
        position = min(len(text), position + len(token.text))
        ends.append(position)
        logprobs.append(min(0.0, token.logprob))
    return TokenConfidence(tuple(ends), tuple(logprobs)) if ends else None


def moved_to(confidence: TokenConfidence | None, old: str, new: str) -> TokenConfidence | None:
    """The same values for `new`, a version of `old` with a few characters inserted or taken
    out (Hearth placing its own [n] markers), so the shading stays on the words it was for.
    None when the values were not `old`'s to begin with."""
    if confidence is None or old == new:
        return confidence
    if not confidence.covers(old):
        return None
    blocks = SequenceMatcher(None, old, new, autojunk=False).get_matching_blocks()
    ends: list[int] = []
    for end in confidence.ends:
        # A token ending inside (or right after) a matching block ends at the same place in new.
        moved = next(
            (b + end - a for a, b, size in blocks if size and a < end <= a + size),
            None,
        )
        if moved is None:
            moved = ends[-1] if ends else 0
        ends.append(max(moved, ends[-1] if ends else 0))
    ends[-1] = len(new)
    return TokenConfidence(tuple(ends), confidence.logprobs)


def low_confidence_spans(
    confidence: TokenConfidence, text: str, *, threshold: float = LOW_PROBABILITY
) -> list[UncertainSpan]:
    """Runs of adjacent uncertain tokens, widened to whole words and with the whitespace
    around them left out. Empty when the values are not this text's (an edited reply)."""
    if not confidence.covers(text):
        return []
    limit = math.log(threshold)
    spans: list[UncertainSpan] = []
    start = 0
    for end, logprob in zip(confidence.ends, confidence.logprobs, strict=True):
        if logprob < limit and end > start:
            span = _word_span(text, start, end)
            probability = math.exp(logprob)
            if spans and span[0] <= spans[-1].end:
                last = spans[-1]
                spans[-1] = UncertainSpan(
                    last.start, max(last.end, span[1]), min(last.probability, probability)
                )
            elif span[1] > span[0]:
                spans.append(UncertainSpan(span[0], span[1], probability))
        start = end
    return spans


def _word_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return start, end
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


def mean_probability(confidence: TokenConfidence) -> float:
    if not confidence.logprobs:
        return 0.0
    return sum(math.exp(v) for v in confidence.logprobs) / len(confidence.logprobs)


def confidence_json(confidence: TokenConfidence | None, text: str) -> dict[str, Any] | None:
    """`chat --json`'s `confidence`: None when the reply has no values."""
    if confidence is None or not confidence.covers(text):
        return None
    return {
        "tokens": len(confidence.logprobs),
        "mean_probability": round(mean_probability(confidence), 4),
        "threshold": LOW_PROBABILITY,
        "low_spans": [
            {
                "start": span.start,
                "end": span.end,
                "text": text[span.start : span.end],
                "probability": round(span.probability, 4),
            }
            for span in low_confidence_spans(confidence, text)
        ],
    }
