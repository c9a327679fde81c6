"""Reciprocal rank fusion: merging rankings whose scores are not comparable (BM25, cosine)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)

# The constant from Cormack, Clarke & Büttcher (2009): damps the weight of the very top ranks.
RRF_K = 60


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[Key]], *, k: int = RRF_K
) -> list[tuple[Key, float]]:
    """Items of every ranking (best first), scored sum(1 / (k + rank)), best first.

    Ties keep the order in which items were first seen (the first ranking wins).
    """
    scores: dict[Key, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda pair: -pair[1])
