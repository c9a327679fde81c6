"""Token log-probabilities from an OpenAI-compatible server, when it returns them.

Asked for with `logprobs: true` (and no alternatives) when `RemoteEngine(ask_logprobs=True)`;
each streamed choice may then carry `logprobs.content`, a list of {token, logprob}, which is
kept whenever a server sends it. Servers that ignore the request send none, and the reply simply
has no values; a server that refuses it is asked again without (`RemoteEngine` remembers that for
the endpoint while it stays loaded).
"""

from __future__ import annotations

import math
from typing import Any, Final

from app.engine.types import TokenLogprob

LOGPROBS_REQUEST: Final[dict[str, Any]] = {"logprobs": True, "top_logprobs": 0}


def choice_logprobs(choice: Any) -> list[TokenLogprob]:
    """The tokens of one streamed choice with their log-probabilities; [] when none came or
    they are malformed (nothing from a server is trusted to be well-formed)."""
    content = getattr(getattr(choice, "logprobs", None), "content", None)
    tokens: list[TokenLogprob] = []
    for entry in content if isinstance(content, list) else []:
        text = getattr(entry, "token", None)
        value = getattr(entry, "logprob", None)
        if not isinstance(text, str) or not isinstance(value, int | float):
            return []
        if math.isnan(value):
            return []
        tokens.append(TokenLogprob(text, min(0.0, float(value))))
    return tokens
