"""The log-probability of the token llama.cpp just sampled, read from its logits.

Cheap on purpose (it runs once per generated token, inside the decode loop): one pass for the
maximum and one for the sum of exponentials over the vocabulary, on a zero-copy view of
llama.cpp's logits buffer. `bench/bench_token_logprobs.py` measures what it costs.
"""

from __future__ import annotations

import math

import llama_cpp
import numpy as np
import numpy.typing as npt


def chosen_logprob(logits: npt.NDArray[np.float32], token: int) -> float:
    """log softmax(logits)[token], computed stably (subtract the maximum first)."""
    top = float(logits.max())
    total = float(np.exp(logits - top).sum())
    return min(0.0, float(logits[token]) - top - math.log(total))


def last_logits(llama: llama_cpp.Llama, n_vocab: int) -> npt.NDArray[np.float32]:
    """A view (no copy) of the logits of the last evaluated position: the distribution the
    token just yielded by `Llama.generate` was sampled from. Valid until the next decode."""
    pointer = llama_cpp.llama_get_logits_ith(llama._ctx.ctx, -1)
    return np.ctypeslib.as_array(pointer, shape=(n_vocab,))
