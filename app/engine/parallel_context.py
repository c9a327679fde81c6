"""A llama context that holds several sequences, each in a KV stream of its own.

llama-cpp-python's `Llama` builds its context from `llama_context_default_params()` and has no
argument for `n_seq_max`; this module lets the one thread that constructs a model ask for more
sequences while it does so (other threads keep getting the defaults untouched).

Why split streams (`kv_unified` off) and `n_ctx` cells per sequence, at the cost of N times the
context cache: every sequence keeps the whole context size (a long document in the GUI chat
loses nothing while an API client is served), and a reply decoded together with others is
bit-identical to the same reply decoded alone. A unified cache interleaves the sequences'
cells, which changes the order of attention's float sums and so, now and then, a greedy token
(measured on the starter model: 2 of 3 replies differed within 40 tokens). Where memory does not
allow N caches, fewer sequences are used (`streams_that_fit`).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator, Sequence

import llama_cpp
import llama_cpp.llama_cpp as llama_cpp_lib

from app.engine.batched_decoder import BatchedDecoder
from app.engine.batched_replies import BatchedReplies, EngineParts
from app.engine.errors import ModelLoadError
from app.engine.gpu_offload import OffloadPlan, plan_offload
from app.engine.memory import check_fits_in_memory
from app.engine.thread_choice import ThreadChooser
from app.engine.types import ActiveAdapter, ChatTurn, LoadOptions
from app.library.fit import DeviceMemory, ModelShape
from app.library.gguf_header import GgufHeader

_patch_lock = threading.Lock()


@contextlib.contextmanager
def parallel_sequences(n_seq_max: int) -> Iterator[None]:
    """While active, contexts created on this thread hold `n_seq_max` sequences (unified KV)."""
    if n_seq_max <= 1:
        yield
        return
    owner = threading.get_ident()
    with _patch_lock:
        original = llama_cpp_lib.llama_context_default_params

        def with_sequences() -> llama_cpp.llama_context_params:
            params: llama_cpp.llama_context_params = original()
            if threading.get_ident() == owner:
                params.n_seq_max = n_seq_max
                params.kv_unified = False
            return params

        llama_cpp_lib.llama_context_default_params = with_sequences
        try:
            yield
        finally:
            llama_cpp_lib.llama_context_default_params = original


def context_sequences(ctx: llama_cpp.llama_context_p) -> int:
    """How many sequences the context was built for."""
    return int(llama_cpp.llama_n_seq_max(ctx))


def batched_replies_for(
    llama: llama_cpp.Llama,
    n_parallel: int,
    tokenize_turns: Callable[[Sequence[ChatTurn]], list[int]],
    piece: Callable[[int], bytes],
    adapters: Callable[[], tuple[ActiveAdapter, ...]],
    threads: Callable[[], ThreadChooser] | None = None,
) -> BatchedReplies:
    """The batched road on `llama`'s context: sequence ids 0..n-1 (0 is also Llama.generate's:
    the engine runs one road at a time and clears the batch slots before the single road)."""
    ctx = llama._ctx.ctx
    slots = min(n_parallel, context_sequences(ctx))
    n_ctx = int(llama_cpp.llama_n_ctx_seq(ctx))
    parts = EngineParts(
        ctx=ctx,
        vocab=llama._model.vocab,
        n_ctx=n_ctx,
        n_vocab=llama.n_vocab(),
        tokenize_turns=tokenize_turns,
        tokenize_text=lambda text: llama.tokenize(
            text.encode("utf-8"), add_bos=False, special=False
        ),
        piece=piece,
        adapters=adapters,
        threads=threads,
    )
    decoder = BatchedDecoder(
        ctx,
        n_slots=slots,
        n_ctx=n_ctx,
        n_batch=llama.n_batch,
        n_vocab=llama.n_vocab(),
    )
    return BatchedReplies(parts, decoder)


def streams_that_fit(
    header: GgufHeader,
    options: LoadOptions,
    devices: Sequence[DeviceMemory],
    *,
    n_ctx: int,
    n_batch: int,
) -> tuple[int, OffloadPlan]:
    """The most sequences, up to `options.n_parallel`, whose context caches (n_ctx cells each)
    fit in memory next to the weights, and the GPU offload plan for them. Parallel replies
    never cost a GPU layer: the layers that fit with one cache matter more."""
    shape = ModelShape.from_header(header)

    def plan_for(cells: int) -> OffloadPlan:
        return plan_offload(
            shape, setting=options.n_gpu_layers, n_ctx=cells, n_batch=n_batch, devices=devices
        )

    single = plan_for(n_ctx)
    for streams in range(max(1, options.n_parallel), 1, -1):
        plan = plan_for(n_ctx * streams)
        if plan.layers < single.layers:
            continue
        try:
            check_fits_in_memory(
                header,
                n_gpu_layers=plan.layers,
                n_ctx=n_ctx * streams,
                n_batch=n_batch,
                unified_memory=plan.unified_memory,
            )
        except ModelLoadError:
            continue
        return streams, plan
    return 1, single
