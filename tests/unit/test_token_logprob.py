"""The chosen token's log-probability against a float64 log-softmax."""

from __future__ import annotations

import math

import numpy as np

from app.engine.token_logprob import chosen_logprob


def test_matches_a_float64_log_softmax_and_is_stable_for_large_logits() -> None:
    rng = np.random.default_rng(7)
    logits = (rng.standard_normal(5000) * 8 + 300).astype(np.float32)  # exp(300) overflows
    wide = logits.astype(np.float64)
    reference = wide - wide.max() - math.log(float(np.exp(wide - wide.max()).sum()))
    scratch = np.empty_like(logits)
    for token in (0, int(logits.argmax()), int(logits.argmin()), 4999):
        value = chosen_logprob(logits, token, scratch)
        assert value <= 0.0
        assert abs(value - reference[token]) < 1e-3
    assert chosen_logprob(logits, 3) == chosen_logprob(logits, 3, scratch)
