"""One sequence's sampler: a llama.cpp sampler chain built from SamplingParams.

The chain is the one llama-cpp-python's `Llama.generate` builds (repeat penalty over the last
64 tokens, then greedy at temperature 0, else top-k, typical 1.0, top-p, min-p, temperature and
a seeded draw), so a reply decoded in a batch samples as it would on the single-sequence road.
Each sequence owns its chain: its seed and penalty history never mix with another's.
"""

from __future__ import annotations

import llama_cpp

from app.engine.types import SamplingParams

PENALTY_LAST_N = 64  # llama-cpp-python's default last_n_tokens_size


class SequenceSampler:
    def __init__(self, sampling: SamplingParams, n_vocab: int) -> None:
        chain = llama_cpp.llama_sampler_chain_init(llama_cpp.llama_sampler_chain_default_params())
        if chain is None:
            raise MemoryError("llama.cpp could not create a sampler")
        self._chain: llama_cpp.llama_sampler_p | None = chain
        add = llama_cpp.llama_sampler_chain_add
        add(
            chain,
            llama_cpp.llama_sampler_init_penalties(
                n_vocab,
                PENALTY_LAST_N,
                sampling.repeat_penalty,
                sampling.frequency_penalty,
                sampling.presence_penalty,
            ),
        )
        if sampling.temperature < 0.0:
            add(chain, llama_cpp.llama_sampler_init_dist(sampling.seed))
        elif sampling.temperature == 0.0:
            add(chain, llama_cpp.llama_sampler_init_greedy())
        else:
            add(chain, llama_cpp.llama_sampler_init_top_k(sampling.top_k))
            add(chain, llama_cpp.llama_sampler_init_typical(1.0, 1))
            add(chain, llama_cpp.llama_sampler_init_top_p(sampling.top_p, 1))
            add(chain, llama_cpp.llama_sampler_init_min_p(sampling.min_p, 1))
            add(chain, llama_cpp.llama_sampler_init_temp(sampling.temperature))
            add(chain, llama_cpp.llama_sampler_init_dist(sampling.seed))

    def sample(self, ctx: llama_cpp.llama_context_p, output_index: int) -> int:
        """Sample from the logits of the batch's `output_index`-th token, and remember it (for
        the repeat penalty)."""
        assert self._chain is not None, "sampler used after free()"
        return int(llama_cpp.llama_sampler_sample(self._chain, ctx, output_index))

    def free(self) -> None:
        chain, self._chain = self._chain, None
        if chain is not None:
            llama_cpp.llama_sampler_free(chain)
