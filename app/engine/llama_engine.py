"""The one owner of a llama.cpp model: load, prompt building, streaming decode, cancel.

Not thread-safe by design (neither is llama-cpp-python): the InferenceWorker thread calls it, or
the CLI calls it directly from its only thread.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import llama_cpp
from llama_cpp.llama_chat_format import Jinja2ChatFormatter

from app.engine import llama_log
from app.engine.adapters import AdapterOpener, LoraAdapters, plain_path, reset_kv_cache
from app.engine.backends import backend_label, gpu_memory
from app.engine.batched_replies import BatchedReplies
from app.engine.chat_prompt import chat_formatter
from app.engine.context_budget import fit_turns
from app.engine.cpu_threads import CpuThreadPool, set_thread_count
from app.engine.decode_abort import DecodeAbort
from app.engine.detokenizer import IncrementalDetokenizer
from app.engine.errors import EngineError, ModelLoadError, NoModelLoadedError
from app.engine.gpu_offload import (
    OffloadPlan,
    llama_cpp_warnings,
    looks_out_of_memory,
    offload_note,
)
from app.engine.memory import check_fits_in_memory
from app.engine.model_file import validated_header
from app.engine.parallel_context import (
    batched_replies_for,
    parallel_sequences,
    streams_that_fit,
)
from app.engine.repetition import ReplyLoopGuard
from app.engine.reply_grammar import checked_grammar
from app.engine.template_messages import template_arguments
from app.engine.thread_choice import ThreadChooser, physical_cores
from app.engine.token_logprob import LogprobReader
from app.engine.token_pieces import token_piece
from app.engine.types import (
    ActiveAdapter,
    ChatTurn,
    FinishReason,
    GenerationResult,
    GenerationStats,
    LoadedModel,
    LoadOptions,
    SamplingParams,
    TokenLogprob,
)
from app.library.model_names import builtin_catalog, readable_model_name

_log = logging.getLogger(__name__)

TextSink = Callable[[str], None]


class LlamaEngine:
    def __init__(self, *, adapter_opener: AdapterOpener = plain_path) -> None:
        llama_log.install()
        self._adapter_opener = adapter_opener
        self._llama: llama_cpp.Llama | None = None
        self._loaded: LoadedModel | None = None
        self._formatter: Jinja2ChatFormatter | None = None
        self._threadpool: CpuThreadPool | None = None
        self._threads = ThreadChooser(max_threads=1, fixed=True)
        self._adapters: LoraAdapters | None = None
        self._pieces: dict[int, bytes] = {}
        self._n_parallel = 1
        self._batched: BatchedReplies | None = None
        self._abort = DecodeAbort()  # Stop during a prompt evaluation

    # ---- loading -----------------------------------------------------------------------------

    @property
    def loaded(self) -> LoadedModel | None:
        return self._loaded

    def load(
        self, path: str, *, sha256: str = "", options: LoadOptions | None = None
    ) -> LoadedModel:
        """Validate the file, then load it. Any failure is a ModelLoadError with a clear message.

        GPU layers "auto" become the most that fit in free video memory; a load that fails with
        layers on the GPU is retried with fewer (LoadedModel.offload_note says so)."""
        options = options or LoadOptions()
        header = validated_header(path)
        n_ctx = options.n_ctx
        if header.context_length:
            n_ctx = min(n_ctx, header.context_length)
        n_batch = min(options.n_batch, n_ctx)
        if self._loaded is not None and self._loaded.n_gpu_layers > 0:
            self.unload()  # the video memory it holds must count as free for the new plan
        streams, plan = streams_that_fit(
            header, options, gpu_memory(), n_ctx=n_ctx, n_batch=n_batch
        )
        kv_ctx = n_ctx * streams  # every sequence has n_ctx cells of its own (parallel_context)
        check_fits_in_memory(
            header,
            n_gpu_layers=plan.layers,
            n_ctx=kv_ctx,
            n_batch=n_batch,
            unified_memory=plan.unified_memory,
        )
        self.unload()
        started = time.perf_counter()
        # 0 (Automatic): at most every physical core; each reply takes those free then.
        n_threads = options.n_threads or physical_cores()
        with parallel_sequences(streams):
            llama, n_gpu_layers, note = self._construct_with_fallback(
                path, plan, n_ctx=kv_ctx, n_batch=n_batch, n_threads=n_threads
            )
        self._n_parallel = streams
        llama.verbose = False  # silence per-call prints from here on
        self._llama = llama
        self._adapters = LoraAdapters(llama, header, self._adapter_opener)
        self._pieces = {}
        if n_gpu_layers == 0:
            self._threadpool = CpuThreadPool.attach(llama._ctx.ctx, n_threads)
        self._formatter = chat_formatter(llama, header)
        self._threads = ThreadChooser(
            max_threads=n_threads,
            fixed=options.n_threads > 0,
            apply=lambda threads: set_thread_count(llama._ctx.ctx, threads),
        )
        self._loaded = LoadedModel(
            path=str(path),
            # The catalog's name, else the tidied file name; never the GGUF's general.name.
            name=readable_model_name(
                Path(path).name, sha256=sha256 or None, catalog=builtin_catalog()
            ),
            sha256=sha256,
            n_ctx=llama_cpp.llama_n_ctx_seq(llama._ctx.ctx),  # one sequence's
            n_ctx_train=header.context_length or 0,
            backend=backend_label(n_gpu_layers),
            n_gpu_layers=n_gpu_layers,
            n_threads=n_threads,
            load_s=time.perf_counter() - started,
            gpu_layers_total=plan.total_layers,
            offload_note=note,
            parameter_count=header.parameter_count or None,
        )
        _log.info("loaded %s (%s, ctx %d)", header.name, self._loaded.backend, self._loaded.n_ctx)
        if note:
            _log.warning("%s", note)
        return self._loaded

    def _construct_with_fallback(
        self, path: str, plan: OffloadPlan, *, n_ctx: int, n_batch: int, n_threads: int
    ) -> tuple[llama_cpp.Llama, int, str | None]:
        """Build the Llama with the planned GPU layers, retrying with fewer when that fails.

        llama-cpp-python reports every load failure as the same ValueError ("Failed to load
        model from file", "Failed to create llama_context"); the reason (out of video memory)
        is only in llama.cpp's log, which is collected for the note.
        """
        failures: list[tuple[int, str]] = []
        for layers in plan.attempts():
            try:
                with llama_cpp_warnings() as warnings:
                    llama = self._construct(
                        path, n_ctx=n_ctx, n_batch=n_batch, n_threads=n_threads, layers=layers
                    )
            except (ValueError, RuntimeError, OSError) as exc:
                if layers == 0:
                    raise ModelLoadError(
                        f"llama.cpp could not load {Path(path).name}: {exc}. The file may be "
                        f"damaged, or the context size ({n_ctx}) may need more memory than is "
                        "free."
                    ) from exc
                reason = "out of video memory" if looks_out_of_memory(warnings) else str(exc)
                _log.warning("loading with %d GPU layers failed (%s); retrying", layers, reason)
                failures.append((layers, reason))
                gc.collect()  # free what the failed attempt allocated before the next one
                continue
            return llama, layers, offload_note(plan, layers, failures)
        raise AssertionError("unreachable: the last attempt uses 0 GPU layers")

    @staticmethod
    def _construct(
        path: str, *, n_ctx: int, n_batch: int, n_threads: int, layers: int
    ) -> llama_cpp.Llama:
        # verbose=True keeps llama-cpp-python from redirecting fds 1 and 2 (other threads
        # lose output); its Python prints go to our log, llama.cpp's via llama_log.
        # Flash attention stays off (llama-cpp-python's default) although llama-server picks
        # "auto": on the CPU it was ~3% faster per token, but a reply then depended on how its
        # prompt was split between cached and new batches, so a warm cache changed the text.
        with contextlib.redirect_stderr(llama_log.StderrToLog()):
            return llama_cpp.Llama(
                model_path=path,
                n_ctx=n_ctx,
                n_batch=n_batch,
                n_threads=n_threads,
                n_threads_batch=n_threads,
                n_gpu_layers=layers,
                seed=0,
                verbose=True,
            )

    def reset_cache(self) -> None:
        """Forget the KV cache: the next prompt is evaluated from position 0.

        For exact replays (a document's recipe): llama.cpp's logits depend slightly on how a
        prompt is split between cached and newly evaluated batches, so a warm cache can change
        a sampled token even with the same seed.
        """
        llama, _, _ = self._require()
        reset_kv_cache(llama)
        if self._batched is not None:
            self._batched.forget_cache()

    def unload(self) -> None:
        """Free the model now rather than whenever the garbage collector gets to it."""
        llama, self._llama = self._llama, None
        self._loaded = None
        self._formatter = None
        adapters, self._adapters = self._adapters, None
        batched, self._batched = self._batched, None
        if batched is not None:
            batched.close()  # before the context it decodes in
        if adapters is not None:
            adapters.free()  # before the model they belong to
        if llama is not None:
            llama.close()
        if self._threadpool is not None:
            self._threadpool.free()
            self._threadpool = None

    # ---- adapters ----------------------------------------------------------------------------

    @property
    def active_adapters(self) -> tuple[ActiveAdapter, ...]:
        return self._adapters.active if self._adapters is not None else ()

    def set_adapters(self, adapters: Sequence[tuple[str, float]]) -> tuple[ActiveAdapter, ...]:
        """Apply LoRA adapters (path, scale 0..2) in place of the current ones; empty clears.

        The model stays loaded; the KV cache is reset when the set changes. A refused adapter
        (AdapterLoadError, IncompatibleAdapterError) leaves the previous set applied.
        """
        self._require()
        assert self._adapters is not None  # created with the model
        if self._batched is not None:
            self._batched.forget_cache()  # its cached prefixes were computed with the old set
        return self._adapters.apply(adapters)

    def batched_replies(self) -> BatchedReplies | None:
        """The road that decodes several replies together (None: one at a time, or no model)."""
        if self._batched is None and self._llama is not None and self._n_parallel > 1:
            llama = self._llama
            self._batched = batched_replies_for(
                llama,
                self._n_parallel,
                self.tokenize_turns,
                lambda t: self._piece(llama, t),
                lambda: self.active_adapters,
                lambda: self._threads,
            )
        return self._batched

    # ---- prompts -----------------------------------------------------------------------------

    def _require(self) -> tuple[llama_cpp.Llama, Jinja2ChatFormatter, LoadedModel]:
        if self._llama is None or self._formatter is None or self._loaded is None:
            raise NoModelLoadedError()
        return self._llama, self._formatter, self._loaded

    def render_prompt(self, turns: Sequence[ChatTurn]) -> str:
        """The prompt text for `turns`, up to where the assistant's reply starts."""
        _, formatter, _ = self._require()
        try:
            result = formatter(**template_arguments(turns))
        except Exception as exc:  # a broken template in a GGUF is the file's fault, say so
            raise EngineError(f"The model's chat template failed to render: {exc}") from exc
        return result.prompt

    def tokenize_turns(self, turns: Sequence[ChatTurn]) -> list[int]:
        llama, _, _ = self._require()
        raw = len(turns) == 1 and turns[0].raw  # /v1/completions: the text as is, with a BOS
        prompt = turns[0].content if raw else self.render_prompt(turns)  # templates write BOS
        return llama.tokenize(prompt.encode("utf-8"), add_bos=raw, special=not raw)

    def reusable_prefix(self, tokens: Sequence[int]) -> int:
        """How many leading prompt tokens are already in the KV cache (mirrors Llama.generate)."""
        llama, _, _ = self._require()
        cached = llama.input_ids[: llama.n_tokens]
        common = 0
        for a, b in zip(cached, tokens, strict=False):
            if a != b:
                break
            common += 1
        if common == len(tokens) and common == llama.n_tokens:
            return common
        return common - 1 if common == len(tokens) else common

    # ---- generation --------------------------------------------------------------------------

    def _piece(self, llama: llama_cpp.Llama, token: int) -> bytes:
        piece = self._pieces.get(token)
        if piece is None:
            piece = self._pieces[token] = token_piece(llama._model.vocab, token)
        return piece

    def generate(
        self,
        turns: Sequence[ChatTurn],
        sampling: SamplingParams,
        *,
        on_text: TextSink,
        stop: threading.Event,
        on_prompt: Callable[[int, int], None] | None = None,
        continue_from: str = "",
    ) -> GenerationResult:
        """Stream a reply to `turns`, or go on with `continue_from`, the reply so far (then the
        text streamed and returned is only what is added). Stop (the event) ends it at the next
        token, or aborts the prompt evaluation in progress; the text so far is returned with
        finish_reason "cancelled". A reply that starts repeating itself ends with "repetition",
        its text cut back to before the repeats."""
        llama, _, loaded = self._require()
        grammar = checked_grammar(llama, sampling.grammar)
        if self._batched is not None and self._batched.hand_over():
            llama.n_tokens = 0  # sequence 0 was a batch slot: Llama's record of it is stale
        started = time.perf_counter()
        # The reply so far follows the prompt as the start of the assistant's turn; as plain
        # text, so a reply can never smuggle in a control token.
        reply_so_far = (
            llama.tokenize(continue_from.encode("utf-8"), add_bos=False, special=False)
            if continue_from
            else []
        )
        fitted = fit_turns(
            turns,
            n_ctx=loaded.n_ctx,
            max_tokens=sampling.max_tokens,
            tokenize_turns=lambda fitting: self.tokenize_turns(fitting) + reply_so_far,
        )
        prompt = fitted.tokens
        evaluated = len(prompt) - max(0, self.reusable_prefix(prompt))
        if on_prompt is not None:
            on_prompt(len(prompt), fitted.trimmed_turns)

        vocab = llama._model.vocab
        logprobs = LogprobReader(llama)
        scored: list[TokenLogprob] = []
        detok = IncrementalDetokenizer()
        guard = ReplyLoopGuard(enabled=sampling.repetition_guard, continue_from=continue_from)
        completion = 0
        first_token_at: float | None = None
        last_token_at = started
        finish: FinishReason = "length"
        self._abort.event = stop
        threads = self._threads.start_reply()
        self._abort.attach(llama, True)
        llama.set_seed(sampling.seed)
        tokens = llama.generate(
            prompt,
            top_k=sampling.top_k,
            top_p=sampling.top_p,
            min_p=sampling.min_p,
            temp=sampling.temperature,
            repeat_penalty=sampling.repeat_penalty,
            **sampling.penalties(),
            reset=True,
            grammar=grammar,
        )
        try:
            if stop.is_set():
                raise _Stopped
            for token in tokens:
                now = time.perf_counter()
                if first_token_at is None:
                    first_token_at = now
                    # The prompt is evaluated; from here on each decode is a single token.
                    self._abort.attach(llama, False)
                last_token_at = now
                threads.on_token(now)
                if llama_cpp.llama_vocab_is_eog(vocab, token):
                    finish = "stop"
                    break
                completion += 1
                logprob = logprobs.logprob(token)
                text = detok.feed(self._piece(llama, token))
                scored.append(TokenLogprob(text, logprob))
                if text:
                    on_text(text)
                    if guard.feed(text):
                        finish = "repetition"
                        break
                if stop.is_set():
                    finish = "cancelled"
                    break
                if completion >= sampling.max_tokens or llama.n_tokens + 1 >= loaded.n_ctx:
                    finish = "length"
                    break
        except _Stopped:
            finish = "cancelled"
        except RuntimeError as exc:
            # llama_decode returns 2 when the abort callback fired during prompt evaluation.
            if not stop.is_set():
                raise EngineError(f"llama.cpp failed while generating: {exc}") from exc
            finish = "cancelled"
        finally:
            tokens.close()
            self._abort.attach(llama, False)
            self._abort.event = threading.Event()
            self._threads.reply_ended()
        tail = detok.flush()
        if tail:
            on_text(tail)
            if scored:
                scored[-1] = TokenLogprob(scored[-1].text + tail, scored[-1].logprob)
        ended = time.perf_counter()
        ttft = (first_token_at - started) if first_token_at is not None else ended - started
        decode_window = last_token_at - first_token_at if first_token_at is not None else 0.0
        # The first token's time belongs to prompt evaluation; the rest is decoding.
        decode_speed = (completion - 1) / decode_window if completion > 1 and decode_window else 0.0
        stats = GenerationStats(
            prompt_tokens=len(prompt),
            prompt_tokens_evaluated=evaluated,
            completion_tokens=completion,
            ttft_s=ttft,
            decode_tokens_per_s=decode_speed,
            total_s=ended - started,
            finish_reason=finish,
            seed=sampling.seed,
            trimmed_turns=fitted.trimmed_turns,
            context_used=llama.n_tokens,
            n_ctx=loaded.n_ctx,
            adapters=self.active_adapters,
            token_logprobs=tuple(scored),
            n_threads=threads.started,
            n_threads_end=threads.threads,
        )
        return GenerationResult(text=guard.reply_text(detok.text), stats=stats)

    def close(self) -> None:
        self.unload()


class _Stopped(Exception):
    """Stop was already requested before the first token."""
