"""Continuous batching: several sequences decoded together in one llama context.

Each admitted sequence lives in a slot (a KV-cache sequence id). Every `step()` builds one
`llama_batch` with, for each running sequence, either its next chunk of prompt or its last
sampled token, runs one `llama_decode`, and samples each sequence that produced logits with its
own sampler. A new sequence joins between steps; its prompt is evaluated alongside the others'
tokens (in chunks that keep the batch within `n_batch`), so nobody waits for a long prompt.

Prefix reuse is per slot: a finished sequence leaves its tokens in its slot's KV cells, and the
next sequence goes to the free slot whose cached tokens share the longest prefix with its
prompt (a chat's follow-up finds its conversation), evaluating only the rest.

Not thread-safe: the inference thread owns it, like the Llama object it shares a context with.
Sequence id 0 is also `Llama.generate`'s: the engine runs one road at a time and calls
`forget_cache()` before the single-sequence road.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import llama_cpp
import numpy as np

from app.engine.errors import EngineError
from app.engine.sequence_sampler import SequenceSampler
from app.engine.token_logprob import FloatArray, chosen_logprob

_KV_FULL = 1  # llama_decode: no room in the KV cache for this batch


@dataclass(eq=False)  # compared by identity
class _Slot:
    seq_id: int
    cached: list[int] = field(default_factory=list)  # tokens whose KV cells this slot holds
    last_used: int = 0


@dataclass(eq=False)  # compared by identity
class BatchSequence:
    """One admitted sequence: what is left of its prompt, and what it has sampled."""

    prompt_tokens: int
    reused_tokens: int  # prompt tokens found in the slot's cache (not evaluated again)
    _slot: _Slot
    _sampler: SequenceSampler
    _pending: list[int]  # tokens to evaluate next (prompt rest, then the last sampled token)
    generated: list[int] = field(default_factory=list)
    out_of_context: bool = False  # the KV cache had no room to go on

    @property
    def context_used(self) -> int:
        return len(self._slot.cached) + len(self._pending)


@dataclass(frozen=True)
class SampledToken:
    sequence: BatchSequence
    token: int
    logprob: float


class BatchedDecoder:
    def __init__(
        self,
        ctx: llama_cpp.llama_context_p,
        *,
        n_slots: int,
        n_ctx: int,
        n_batch: int,
        n_vocab: int,
        first_seq_id: int = 0,
    ) -> None:
        self._ctx = ctx
        self._memory = llama_cpp.llama_get_memory(ctx)
        self._n_ctx = n_ctx
        self._n_batch = n_batch
        self._n_vocab = n_vocab
        self._slots = [_Slot(first_seq_id + i) for i in range(n_slots)]
        self._running: list[BatchSequence] = []
        self._clock = 0
        self._batch = llama_cpp.llama_batch_init(n_batch, 0, 1)
        self._scratch: FloatArray = np.empty(n_vocab, dtype=np.float32)

    # ---- sequences -------------------------------------------------------------------------

    @property
    def n_slots(self) -> int:
        return len(self._slots)

    @property
    def running(self) -> tuple[BatchSequence, ...]:
        return tuple(self._running)

    @property
    def has_free_slot(self) -> bool:
        return len(self._running) < len(self._slots)

    def admit(self, prompt: Sequence[int], sampler: SequenceSampler) -> BatchSequence:
        """Start a sequence on `prompt` (at least one token) in the free slot that has the
        longest cached prefix of it. The sampler becomes the sequence's (freed on release)."""
        if not prompt:
            raise EngineError("An empty prompt cannot be decoded.")
        if len(prompt) >= self._n_ctx:
            raise EngineError(
                f"The prompt ({len(prompt)} tokens) does not fit the context ({self._n_ctx})."
            )
        busy = {id(s._slot) for s in self._running}
        free = [slot for slot in self._slots if id(slot) not in busy]
        if not free:
            raise EngineError("Every decoding slot is busy.")
        slot = max(free, key=lambda s: (_common_prefix(s.cached, prompt), -s.last_used))
        # At least the last prompt token is evaluated: its logits give the first sample.
        reused = min(_common_prefix(slot.cached, prompt), len(prompt) - 1)
        self._truncate(slot, reused)
        self._clock += 1
        slot.last_used = self._clock
        sequence = BatchSequence(
            prompt_tokens=len(prompt),
            reused_tokens=reused,
            _slot=slot,
            _sampler=sampler,
            _pending=list(prompt[reused:]),
        )
        self._running.append(sequence)
        return sequence

    def release(self, sequence: BatchSequence) -> None:
        """End a sequence; its slot keeps the evaluated tokens for the next prompt to reuse."""
        if sequence in self._running:
            self._running.remove(sequence)
            sequence._sampler.free()

    def forget_cache(self) -> None:
        """Drop every idle slot's cached tokens (the single-sequence road cleared the KV
        cells of all sequences, or the model or adapters changed)."""
        busy = {id(s._slot) for s in self._running}
        for slot in self._slots:
            if id(slot) not in busy:
                self._truncate(slot, 0)

    def close(self) -> None:
        for sequence in list(self._running):
            self.release(sequence)
        llama_cpp.llama_batch_free(self._batch)

    # ---- decoding --------------------------------------------------------------------------

    def step(self) -> list[SampledToken]:
        """Decode one batch; returns the tokens sampled in it (one per sequence whose prompt is
        done). A sequence that finds no room left in the context is marked `out_of_context`
        and takes no further part (its owner releases it)."""
        while True:
            scheduled = self._fill_batch()
            if not scheduled:
                return []
            status = llama_cpp.llama_decode(self._ctx, self._batch)
            if status == 0:
                return self._commit(scheduled)
            if status != _KV_FULL:
                raise EngineError(f"llama.cpp failed while decoding a batch (status {status}).")
            # Each sequence has n_ctx cells of its own, so this is one outgrowing them.
            victim = max(self._running, key=lambda s: s.context_used)
            victim.out_of_context = True

    def _fill_batch(self) -> list[tuple[BatchSequence, int, int]]:
        """Put each running sequence's next tokens in the batch; returns (sequence, tokens
        taken, output index or -1). Generating sequences go first (one token each), then
        prompts share what is left of n_batch."""
        batch = self._batch
        count = 0
        scheduled: list[tuple[BatchSequence, int, int]] = []
        order = sorted(
            (s for s in self._running if not s.out_of_context and s._pending),
            key=lambda s: len(s._pending) > 1 or not s.generated,
        )
        for sequence in order:
            room = self._n_batch - count
            if room <= 0:
                break
            take = min(room, len(sequence._pending))
            start = len(sequence._slot.cached)
            for i in range(take):
                batch.token[count + i] = sequence._pending[i]
                batch.pos[count + i] = start + i
                batch.n_seq_id[count + i] = 1
                batch.seq_id[count + i][0] = sequence._slot.seq_id
                batch.logits[count + i] = 0
            count += take
            output = -1
            if take == len(sequence._pending):  # the last pending token: sample after it
                output = count - 1
                batch.logits[output] = 1
            scheduled.append((sequence, take, output))
        batch.n_tokens = count
        return scheduled

    def _commit(self, scheduled: list[tuple[BatchSequence, int, int]]) -> list[SampledToken]:
        sampled: list[SampledToken] = []
        for sequence, take, output in scheduled:
            sequence._slot.cached.extend(sequence._pending[:take])
            del sequence._pending[:take]
            if output < 0:
                continue
            token = sequence._sampler.sample(self._ctx, output)
            pointer = llama_cpp.llama_get_logits_ith(self._ctx, output)
            logits: FloatArray = np.ctypeslib.as_array(pointer, shape=(self._n_vocab,))
            logprob = chosen_logprob(logits, token, self._scratch)
            sequence.generated.append(token)
            sequence._pending.append(token)
            if len(sequence._slot.cached) + 1 >= self._n_ctx:
                sequence.out_of_context = True
            sampled.append(SampledToken(sequence, token, logprob))
        return sampled

    def _truncate(self, slot: _Slot, keep: int) -> None:
        # keep 0 clears the sequence even when this slot cached nothing: sequence 0 may hold
        # cells of Llama.generate's.
        if keep == 0 or len(slot.cached) > keep:
            removed = llama_cpp.llama_memory_seq_rm(self._memory, slot.seq_id, keep, -1)
            if not removed:  # a cache that cannot drop a tail: drop the whole sequence
                llama_cpp.llama_memory_seq_rm(self._memory, slot.seq_id, -1, -1)
                keep = 0
            del slot.cached[keep:]


def _common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
