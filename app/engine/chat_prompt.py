"""The chat template that turns a conversation into the model's prompt text."""

from __future__ import annotations

import llama_cpp
from llama_cpp.llama_chat_format import Jinja2ChatFormatter

from app.library.gguf_header import GgufHeader

# ChatML: the fallback when a GGUF carries no chat template of its own.
CHATML = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n"
    "{{ message['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


def chat_formatter(llama: llama_cpp.Llama, header: GgufHeader) -> Jinja2ChatFormatter:
    """The GGUF's own chat template (else ChatML), with the model's BOS and EOS texts."""
    template = header.chat_template or CHATML
    eos = llama.token_eos()
    bos = llama.token_bos()

    def text_of(token: int) -> str:
        if token < 0:
            return ""
        return llama.detokenize([token], special=True).decode("utf-8", errors="replace")

    return Jinja2ChatFormatter(template=template, eos_token=text_of(eos), bos_token=text_of(bos))
