"""Chat replies decoded together: Generate requests in, streamed text and results out.

The engine's side of continuous batching. `BatchedReplies` turns a request's turns into a
prompt (the same fitting and template as the single-sequence road), admits it to the
`BatchedDecoder`, and on every `step()` feeds each sequence's sampled token through that
reply's own detokenizer, repetition guard, stop conditions and cancellation, like
`LlamaEngine.generate` does for one reply. The inference thread drives it (app/engine/
batch_scheduler.py); nothing here is thread-safe.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import llama_cpp

from app.engine.batched_decoder import BatchedDecoder, BatchSequence
from app.engine.context_budget import fit_turns
from app.engine.detokenizer import IncrementalDetokenizer
from app.engine.repetition import ReplyLoopGuard
from app.engine.sequence_sampler import SequenceSampler
from app.engine.thread_choice import SlowdownWatch, ThreadChooser
from app.engine.types import (
    ActiveAdapter,
    ChatTurn,
    FinishReason,
    Generate,
    GenerationResult,
    GenerationStats,
    TokenLogprob,
)

TextSink = Callable[[str], None]
PromptSink = Callable[[int, int], None]


@dataclass(frozen=True)
class EngineParts:
    """What the batched road borrows from the LlamaEngine that owns the model."""

    ctx: llama_cpp.llama_context_p
    vocab: llama_cpp.llama_vocab_p
    n_ctx: int
    n_vocab: int
    tokenize_turns: Callable[[Sequence[ChatTurn]], list[int]]
    tokenize_text: Callable[[str], list[int]]
    piece: Callable[[int], bytes]
    adapters: Callable[[], tuple[ActiveAdapter, ...]]
    # The model's thread chooser (Automatic threads); None: the count set at load is kept.
    threads: Callable[[], ThreadChooser] | None = None


@dataclass
class _Reply:
    request: Generate
    sequence: BatchSequence
    on_text: TextSink
    stop: threading.Event
    trimmed_turns: int
    started: float
    guard: ReplyLoopGuard
    detok: IncrementalDetokenizer = field(default_factory=IncrementalDetokenizer)
    scored: list[TokenLogprob] = field(default_factory=list)
    completion: int = 0
    first_token_at: float | None = None
    last_token_at: float = 0.0
    threads_started: int = 0


class BatchedReplies:
    def __init__(self, parts: EngineParts, decoder: BatchedDecoder) -> None:
        self._parts = parts
        self._decoder = decoder
        self._replies: dict[int, _Reply] = {}
        self._used = False  # since the last hand_over()
        # Threads are chosen when a run starts (no reply active) and watched per step: the
        # replies decoding together share one thread count.
        self._watch: SlowdownWatch | None = None

    @property
    def active(self) -> int:
        return len(self._replies)

    @property
    def has_room(self) -> bool:
        return self._decoder.has_free_slot

    @staticmethod
    def accepts(request: Generate) -> bool:
        """Grammar-bound replies and exact replays (a fresh context) take the single road."""
        return request.sampling.grammar is None and not request.fresh_context

    def forget_cache(self) -> None:
        self._decoder.forget_cache()

    def hand_over(self) -> bool:
        """Before the single road (Llama.generate, which trims every sequence's cells): forget
        the slots' caches; True when this road ran since the last hand-over."""
        used, self._used = self._used, False
        if used:
            self._decoder.forget_cache()
        return used

    def start(
        self,
        request: Generate,
        *,
        on_text: TextSink,
        stop: threading.Event,
        on_prompt: PromptSink | None = None,
    ) -> None:
        """Build the prompt and admit it; its tokens come in the following steps."""
        started = time.perf_counter()
        self._used = True
        if self._watch is None and self._parts.threads is not None:
            self._watch = self._parts.threads().start_reply()
        sampling = request.sampling
        reply_so_far = (
            self._parts.tokenize_text(request.continue_from) if request.continue_from else []
        )
        fitted = fit_turns(
            request.turns,
            n_ctx=self._parts.n_ctx,
            max_tokens=sampling.max_tokens,
            tokenize_turns=lambda fitting: self._parts.tokenize_turns(fitting) + reply_so_far,
        )
        if on_prompt is not None:
            on_prompt(len(fitted.tokens), fitted.trimmed_turns)
        sampler = SequenceSampler(sampling, self._parts.n_vocab)
        try:
            sequence = self._decoder.admit(fitted.tokens, sampler)
        except BaseException:
            sampler.free()
            raise
        self._replies[request.request_id] = _Reply(
            request=request,
            sequence=sequence,
            on_text=on_text,
            stop=stop,
            trimmed_turns=fitted.trimmed_turns,
            started=started,
            guard=ReplyLoopGuard(
                enabled=sampling.repetition_guard, continue_from=request.continue_from
            ),
            last_token_at=started,
            threads_started=self._watch.threads if self._watch is not None else 0,
        )

    def step(self) -> list[tuple[int, GenerationResult]]:
        """Decode one batch; returns the replies that ended in it (request id, result)."""
        ended: list[tuple[int, GenerationResult]] = []
        for request_id, reply in list(self._replies.items()):
            if reply.stop.is_set():  # cancelled before its next token
                ended.append((request_id, self._finish(request_id, "cancelled")))
        sampled = self._decoder.step()
        now = time.perf_counter()
        if self._watch is not None and sampled:
            self._watch.on_token(now)
        owners = {id(r.sequence): rid for rid, r in self._replies.items()}
        for item in sampled:
            request_id = owners[id(item.sequence)]
            finish = self._accept(self._replies[request_id], item.token, item.logprob, now)
            if finish is not None:
                ended.append((request_id, self._finish(request_id, finish)))
        for request_id, reply in list(self._replies.items()):
            if reply.sequence.out_of_context:
                ended.append((request_id, self._finish(request_id, "length")))
        return ended

    def cancel_all(self) -> list[tuple[int, GenerationResult]]:
        return [(rid, self._finish(rid, "cancelled")) for rid in list(self._replies)]

    def _accept(self, reply: _Reply, token: int, logprob: float, now: float) -> FinishReason | None:
        if reply.first_token_at is None:
            reply.first_token_at = now
        reply.last_token_at = now
        if llama_cpp.llama_vocab_is_eog(self._parts.vocab, token):
            return "stop"
        reply.completion += 1
        text = reply.detok.feed(self._parts.piece(token))
        reply.scored.append(TokenLogprob(text, logprob))
        if text:
            reply.on_text(text)
            if reply.guard.feed(text):
                return "repetition"
        if reply.stop.is_set():
            return "cancelled"
        if reply.completion >= reply.request.sampling.max_tokens:
            return "length"
        return None

    def _finish(self, request_id: int, finish: FinishReason) -> GenerationResult:
        reply = self._replies.pop(request_id)
        sequence = reply.sequence
        context_used = sequence.context_used
        self._decoder.release(sequence)
        tail = reply.detok.flush()
        if tail:
            reply.on_text(tail)
            if reply.scored:
                last = reply.scored[-1]
                reply.scored[-1] = TokenLogprob(last.text + tail, last.logprob)
        ended = time.perf_counter()
        first = reply.first_token_at
        ttft = (first - reply.started) if first is not None else ended - reply.started
        window = reply.last_token_at - first if first is not None else 0.0
        speed = (reply.completion - 1) / window if reply.completion > 1 and window else 0.0
        stats = GenerationStats(
            prompt_tokens=sequence.prompt_tokens,
            prompt_tokens_evaluated=sequence.prompt_tokens - sequence.reused_tokens,
            completion_tokens=reply.completion,
            ttft_s=ttft,
            decode_tokens_per_s=speed,
            total_s=ended - reply.started,
            finish_reason=finish,
            seed=reply.request.sampling.seed,
            trimmed_turns=reply.trimmed_turns,
            context_used=context_used,
            n_ctx=self._parts.n_ctx,
            adapters=self._parts.adapters(),
            token_logprobs=tuple(reply.scored),
            n_threads=reply.threads_started,
            n_threads_end=self._watch.threads if self._watch is not None else 0,
        )
        if not self._replies:
            self._run_ended()
        return GenerationResult(text=reply.guard.reply_text(reply.detok.text), stats=stats)

    def _run_ended(self) -> None:
        if self._watch is not None and self._parts.threads is not None:
            self._parts.threads().reply_ended()
        self._watch = None

    def close(self) -> None:
        self._replies.clear()
        self._decoder.close()
