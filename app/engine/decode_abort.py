"""Stop during a prompt evaluation: llama.cpp's abort callback, attached only when it pays.

ggml's CPU backend calls the callback after every graph node: about 600 times per token on the
starter model, each call entering Python and taking the GIL. While tokens are generated one by
one that cost 2-3% of decode time (and it couples the compute thread to whatever else holds the
GIL, e.g. the GUI thread), and it buys nothing: Stop is checked between tokens anyway. So the
callback is attached only for the prompt evaluation, where one llama_decode can run for seconds.
"""

from __future__ import annotations

import ctypes
import threading

import llama_cpp

# A null ggml_abort_callback: llama.cpp then never calls back during a decode.
_NO_ABORT_CALLBACK = llama_cpp.ggml_abort_callback()


class DecodeAbort:
    def __init__(self) -> None:
        # The callback reads this event; the engine swaps it per generation.
        self.event = threading.Event()
        self._callback = llama_cpp.ggml_abort_callback(self._should_abort)

    def _should_abort(self, _data: ctypes.c_void_p) -> bool:
        return self.event.is_set()

    def attach(self, llama: llama_cpp.Llama, attached: bool) -> None:
        """Let Stop interrupt llama_decode (attached) or not (detached)."""
        callback = self._callback if attached else _NO_ABORT_CALLBACK
        llama_cpp.llama_set_abort_callback(llama._ctx.ctx, callback, None)
