"""Let llama.cpp decide on flash attention, as its own tools do (`-fa auto`).

llama-cpp-python's `Llama` has only a yes/no `flash_attn` argument and defaults to no, while
llama.cpp's server and CLI default to "auto": on wherever every layer's device supports it (the
CPU always does). On the CPU that fuses attention into one graph node per layer instead of
several: less work per token, and fewer points where ggml's threads wait for each other, which
matters most with two threads on two cores. The same `-fa` choice is what made llama-server
decode faster than Hearth on the same model and threads (issue 21).

While active, contexts created on this thread ask for "auto"; other threads are untouched.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import llama_cpp
import llama_cpp.llama_cpp as llama_cpp_lib

_patch_lock = threading.Lock()


@contextlib.contextmanager
def automatic_flash_attention() -> Iterator[None]:
    owner = threading.get_ident()
    with _patch_lock:
        original = llama_cpp_lib.llama_init_from_model

        def with_automatic_choice(
            model: llama_cpp.llama_model_p, params: llama_cpp.llama_context_params
        ) -> llama_cpp.llama_context_p | None:
            if threading.get_ident() == owner:
                params.flash_attn_type = llama_cpp.LLAMA_FLASH_ATTN_TYPE_AUTO
            context: llama_cpp.llama_context_p | None = original(model, params)
            return context

        llama_cpp_lib.llama_init_from_model = with_automatic_choice
        try:
            yield
        finally:
            llama_cpp_lib.llama_init_from_model = original
