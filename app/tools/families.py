"""Which way a model writes tool calls, read from its chat template.

- "hermes": Qwen 2.5/3, Hermes and most ChatML tool models: `<tool_call>{json}</tool_call>`.
- "llama3": Llama 3.1-3.3: a bare JSON object `{"name": ..., "parameters": {...}}`, sometimes
  after `<|python_tag|>`.
- "mistral": `[TOOL_CALLS][{"name": ..., "arguments": {...}}, ...]`.
- "generic": a template that knows no tools; Hearth describes the tools in the system prompt and
  asks for the hermes form, which the grammar can enforce.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Final, Literal

from app.library.gguf_header import read_gguf_header

Family = Literal["hermes", "llama3", "mistral", "generic"]
FAMILIES: Final = ("hermes", "llama3", "mistral", "generic")
log = logging.getLogger(__name__)


def family_from_template(template: str | None) -> Family:
    if not template or "tool" not in template:
        return "generic"
    if "[TOOL_CALLS]" in template or "[AVAILABLE_TOOLS]" in template:
        return "mistral"
    if "<tool_call>" in template:
        return "hermes"
    if "<|start_header_id|>" in template and (
        "ipython" in template or "<|python_tag|>" in template
    ):
        return "llama3"
    return "generic"


def renders_tools(family: str) -> bool:
    """Whether the model's own template writes the tools into the prompt."""
    return family != "generic"


def parallel_calls(family: str) -> bool:
    """Whether the family writes several calls in one reply (Llama 3.1 writes one)."""
    return family != "llama3"


@functools.lru_cache(maxsize=32)
def family_of_model(path: str | None) -> Family:
    """The family of the GGUF at `path`, from its chat template ("generic" when unknown: a
    remote model, an unreadable file)."""
    if not path:
        return "generic"
    try:
        return family_from_template(read_gguf_header(Path(path)).chat_template)
    # An unreadable header only loses the native tool prompt: the generic one still works.
    except Exception as exc:
        log.info("no chat template read from %s: %s", path, exc)
        return "generic"
