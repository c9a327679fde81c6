"""The log-probability of the token llama.cpp just sampled, read from its logits.

Cheap on purpose (it runs once per generated token, inside the decode loop): a zero-copy view
of llama.cpp's logits buffer, one pass for the maximum, one in-place exponential into a
scratch array allocated once per reply, and its sum. `bench/bench_token_logprobs.py` measures
what it costs against the decode.
"""

from __future__ import annotations

import math

import llama_cpp
import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]


def chosen_logprob(logits: FloatArray, token: int, scratch: FloatArray | None = None) -> float:
    """log softmax(logits)[token], computed stably (the maximum subtracted first); `scratch`
    (same shape as `logits`) saves allocating a temporary array on every call."""
    work = np.empty_like(logits) if scratch is None else scratch
    top = logits.max()
    np.subtract(logits, top, out=work)
    np.exp(work, out=work)
    return min(0.0, float(logits[token]) - float(top) - math.log(float(work.sum())))


class LogprobReader:
    """Reads, for one reply, the log-probability of each token `Llama.generate` yields."""

    def __init__(self, llama: llama_cpp.Llama) -> None:
        self._llama = llama
        self._n_vocab = llama.n_vocab()
        self._scratch: FloatArray = np.empty(self._n_vocab, dtype=np.float32)

    def logprob(self, token: int) -> float:
        """The token just yielded was sampled from the logits of the last evaluated position;
        they stay valid until the next decode, which runs only when the generator resumes."""
        pointer = llama_cpp.llama_get_logits_ith(self._llama._ctx.ctx, -1)
        logits: FloatArray = np.ctypeslib.as_array(pointer, shape=(self._n_vocab,))
        return chosen_logprob(logits, token, self._scratch)
