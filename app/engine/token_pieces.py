"""The bytes a token stands for, as llama.cpp writes them (a piece may be part of a character)."""

from __future__ import annotations

import ctypes

import llama_cpp


def token_piece(vocab: llama_cpp.llama_vocab_p, token: int) -> bytes:
    buffer = ctypes.create_string_buffer(64)
    size = llama_cpp.llama_token_to_piece(vocab, token, buffer, 64, 0, False)
    if size < 0:  # the piece is longer than the buffer: retry with the size it needs
        buffer = ctypes.create_string_buffer(-size)
        size = llama_cpp.llama_token_to_piece(vocab, token, buffer, -size, 0, False)
    return buffer.raw[: max(size, 0)]
