"""How long a reply may get when the user has not chosen a length: by the model's size.

A small model that has not stopped after a few hundred tokens has usually stopped being useful:
it rambles, invents and repeats until the limit. A large one stops by itself and needs room for
a report or a plan. On the starter model (135M) bench/reply_length.py showed replies that end
by themselves at 28 to 354 tokens, and the ones that do not running on to any limit given; 384
keeps every reply that ends by itself whole and stops a runaway a quarter earlier than the old
512. Larger models get more room, since they use it for content (not measured here: no larger
model is available offline). A reply that reaches its limit says so and can be continued, so a
limit loses nothing for good; the repetition guard (app/engine/repetition.py) stops loops.
"""

from __future__ import annotations

from typing import Final

# (models below this many parameters, their reply limit in tokens), smallest first.
TIERS: Final = (
    (1_000_000_000, 384),
    (4_000_000_000, 768),
    (12_000_000_000, 1024),
)
LARGEST_MODELS: Final = 2048
UNKNOWN_SIZE: Final = 512  # a remote model, or a file whose header gives no size


def default_max_tokens(parameter_count: int | None) -> int:
    """The reply limit for a model of `parameter_count` parameters (None: not known)."""
    if not parameter_count or parameter_count <= 0:
        return UNKNOWN_SIZE
    for below, limit in TIERS:
        if parameter_count < below:
            return limit
    return LARGEST_MODELS


def reply_limit(chosen: int | None, parameter_count: int | None) -> int:
    """The user's (or an assistant's) limit when there is one, else the model's default."""
    return chosen if chosen is not None else default_max_tokens(parameter_count)
