"""A GBNF grammar for a reply, checked before llama.cpp gets it."""

from __future__ import annotations

import llama_cpp
from llama_cpp.llama_grammar import LlamaGrammar

from app.engine.errors import EngineError


def checked_grammar(llama: llama_cpp.Llama, text: str | None) -> LlamaGrammar | None:
    """The grammar for Llama.generate, parsed once here first: llama-cpp-python hands an
    unparsable grammar's NULL sampler on to llama.cpp, which then crashes the process."""
    if text is None:
        return None
    sampler = llama_cpp.llama_sampler_init_grammar(
        llama._model.vocab, text.encode("utf-8"), b"root"
    )
    if not sampler:
        raise EngineError("the reply grammar is not valid GBNF (llama.cpp's log says where)")
    llama_cpp.llama_sampler_free(sampler)
    return LlamaGrammar.from_string(text, verbose=False)
