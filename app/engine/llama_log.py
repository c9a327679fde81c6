"""Route llama.cpp's own log into Python logging.

`Llama(verbose=False)` silences llama.cpp by redirecting the process's file descriptors 1 and 2,
which in a GUI with other threads swallows their output too. Installing a log callback instead
keeps everything in one log, at the right levels.
"""

from __future__ import annotations

import ctypes
import io
import logging

import llama_cpp

_log = logging.getLogger("hearth.llama_cpp")

# ggml_log_level: NONE=0, DEBUG=1, INFO=2, WARN=3, ERROR=4, CONT=5 (continue previous line).
# (llama-cpp-python's own callback still maps the older numbering.)
_LEVELS = {
    0: logging.CRITICAL,
    1: logging.DEBUG,
    2: logging.INFO,
    3: logging.WARNING,
    4: logging.ERROR,
}
_state = {"last_level": logging.DEBUG}


@llama_cpp.llama_log_callback  # type: ignore[misc, untyped-decorator]
def _on_log(level: int, text: bytes | None, _user_data: ctypes.c_void_p) -> None:
    if not text:
        return
    py_level = _state["last_level"] if level == 5 else _LEVELS.get(level, logging.DEBUG)
    _state["last_level"] = py_level
    # llama.cpp's messages are not always valid UTF-8 (token pieces, file paths).
    message = text.decode("utf-8", errors="replace").rstrip("\n")
    if message:
        _log.log(py_level, "%s", message)


def install() -> None:
    """Idempotent: the callback object lives at module level, so ctypes never frees it."""
    llama_cpp.llama_log_set(_on_log, ctypes.c_void_p(0))


class StderrToLog(io.TextIOBase):
    """A file object for `contextlib.redirect_stderr` around llama-cpp-python's own prints."""

    def write(self, text: str) -> int:
        stripped = text.strip()
        if stripped:
            _log.debug("%s", stripped)
        return len(text)
