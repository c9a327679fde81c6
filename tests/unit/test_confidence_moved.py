"""Token confidence follows the reply's words when Hearth places its own [n] markers."""

from __future__ import annotations

import math

from app.chats.confidence import low_confidence_spans, moved_to
from app.storage.records import TokenConfidence


def _confidence(tokens: list[str], probabilities: list[float]) -> TokenConfidence:
    ends: list[int] = []
    position = 0
    for token in tokens:
        position += len(token)
        ends.append(position)
    return TokenConfidence(tuple(ends), tuple(math.log(p) for p in probabilities))


def test_shaded_words_stay_on_the_same_words_after_markers_move() -> None:
    old = "Revenue was 48.2 million [2]. Costs rose."
    tokens = ["Revenue", " was", " 48", ".2", " million", " [", "2", "].", " Costs", " rose", "."]
    probabilities = [0.9, 0.9, 0.1, 0.2, 0.9, 0.9, 0.9, 0.9, 0.9, 0.05, 0.9]
    new = "Revenue was 48.2 million [1]. Costs rose [1]."

    moved = moved_to(_confidence(tokens, probabilities), old, new)

    assert moved is not None and moved.covers(new)
    shaded = [
        (new[s.start : s.end], round(s.probability, 2)) for s in low_confidence_spans(moved, new)
    ]
    assert shaded == [("48.2", 0.1), ("rose", 0.05)]


def test_values_for_another_text_are_not_moved() -> None:
    values = _confidence(["Hello", " there"], [0.5, 0.5])
    assert moved_to(values, "Something else entirely", "Something else [1]") is None
    assert moved_to(None, "a", "b") is None
    assert moved_to(values, "Hello there", "Hello there") is values
