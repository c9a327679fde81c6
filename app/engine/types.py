"""Values that cross the inference thread's boundary: requests in, events out.

All are frozen dataclasses, so nothing mutable is shared between threads.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypedDict

# "repetition": stopped because the reply began repeating itself (see repetition.py).
FinishReason = Literal["stop", "length", "cancelled", "error", "repetition"]

_request_ids = itertools.count(1)


def next_request_id() -> int:
    return next(_request_ids)


@dataclass(frozen=True)
class ToolSpec:
    """A function the model may call: its name, what it does, and its arguments' JSON schema."""

    name: str
    description: str
    parameters: Mapping[str, Any]


@dataclass(frozen=True)
class ToolCall:
    """A call the model made: `arguments` is JSON text (an object), as OpenAI sends it."""

    id: str
    name: str
    arguments: str


@dataclass(frozen=True)
class ChatTurn:
    role: Literal["system", "user", "assistant", "tool"]
    content: str
    # An assistant turn's calls; a "tool" turn answers the call with this id (and name).
    tool_calls: tuple[ToolCall, ...] = ()
    tool_call_id: str | None = None
    name: str | None = None
    # The tools offered to the model, rendered by its chat template (set on the last turn,
    # which fitting the context never drops).
    tools: tuple[ToolSpec, ...] = ()
    # The whole prompt as is, without the chat template (/v1/completions): only as a lone turn.
    raw: bool = False


class Penalties(TypedDict):
    frequency_penalty: float
    presence_penalty: float


@dataclass(frozen=True)
class SamplingParams:
    temperature: float = 0.7
    top_p: float = 0.95
    top_k: int = 40
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    max_tokens: int = 512
    seed: int = 0
    # A GBNF grammar the reply must follow (llama.cpp only), for output a program parses.
    grammar: str | None = None
    # Stop a reply that starts repeating itself (finish reason "repetition"); off only to
    # measure what it changes.
    repetition_guard: bool = True
    # OpenAI's penalties on tokens already in the reply (0: off), as llama.cpp applies them.
    frequency_penalty: float = 0.0
    presence_penalty: float = 0.0

    def penalties(self) -> Penalties:
        """The OpenAI penalties, as Llama.generate takes them."""
        return {
            "frequency_penalty": self.frequency_penalty,
            "presence_penalty": self.presence_penalty,
        }

    def as_record(self) -> dict[str, float | int | str]:
        record: dict[str, float | int | str] = {
            "temperature": self.temperature,
            "top_p": self.top_p,
            "top_k": self.top_k,
            "min_p": self.min_p,
            "repeat_penalty": self.repeat_penalty,
            "max_tokens": self.max_tokens,
            "repetition_guard": self.repetition_guard,
        }
        if self.grammar is not None:
            record["grammar"] = self.grammar
        return record


@dataclass(frozen=True)
class LoadOptions:
    n_ctx: int = 4096
    n_threads: int = 0  # 0: Automatic, each reply uses the cores free when it starts
    # -1: all; "auto": the most layers that fit in free video memory (0 without a GPU)
    n_gpu_layers: int | Literal["auto"] = "auto"
    n_batch: int = 512
    # Replies decoded together in one context (continuous batching); 1: one at a time.
    n_parallel: int = 4


@dataclass(frozen=True)
class LoadedModel:
    path: str
    name: str
    sha256: str
    n_ctx: int
    n_ctx_train: int
    backend: str  # "CPU", "CUDA", "Metal", "Vulkan", ... as llama.cpp reports
    n_gpu_layers: int  # layers actually on the GPU (0 .. gpu_layers_total)
    n_threads: int
    load_s: float
    gpu_layers_total: int = 0  # offloadable layers: repeating blocks + output (0: unknown)
    # Why the model is not entirely on the GPU although there is one ("Loaded with 12 of 31
    # layers on CUDA0: not enough free video memory for all"); None when nothing to say.
    offload_note: str | None = None
    # Set when the model runs on a remote OpenAI-compatible server, not on this computer:
    # the endpoint's name and the model name that server knows it by.
    endpoint: str | None = None
    remote_model: str | None = None
    # The model's size from its GGUF header (None: unknown, e.g. remote), for defaults that
    # depend on it (see app/chats/reply_length.py).
    parameter_count: int | None = None

    @property
    def is_remote(self) -> bool:
        return self.endpoint is not None


@dataclass(frozen=True)
class ActiveAdapter:
    """A LoRA adapter applied to the context, and the scale it is applied with."""

    path: str
    name: str
    scale: float
    rank: int
    alpha: float | None


@dataclass(frozen=True)
class TokenLogprob:
    """One generated token as the reply shows it: the text it added (may be "" while a UTF-8
    character is incomplete) and its log-probability under the model (<= 0; the raw
    distribution, before temperature and truncation)."""

    text: str
    logprob: float


@dataclass(frozen=True)
class GenerationStats:
    prompt_tokens: int
    prompt_tokens_evaluated: int
    completion_tokens: int
    ttft_s: float
    decode_tokens_per_s: float
    total_s: float
    finish_reason: FinishReason
    seed: int
    trimmed_turns: int
    context_used: int
    n_ctx: int
    adapters: tuple[ActiveAdapter, ...] = ()  # what was applied while this reply was generated
    # Each generated token's text and log-probability, in order (empty: the engine gave none,
    # e.g. a remote server that returns no logprobs). Travels with Finished and the result.
    token_logprobs: tuple[TokenLogprob, ...] = field(default=(), repr=False)
    # CPU threads the reply started with, and ended with (fewer when it slowed down mid-way
    # and gave one up); 0: not decoded on this computer's CPU threads (a remote server).
    n_threads: int = 0
    n_threads_end: int = 0


@dataclass(frozen=True)
class GenerationResult:
    text: str
    stats: GenerationStats


# ---- requests -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RemoteTarget:
    """A model on an OpenAI-compatible server (llama-server, vLLM, Ollama, LM Studio...).

    Carries everything the engine needs, so the engine never reads the endpoint store; the API
    key is looked up by the caller (keyring or environment) and travels only in memory.
    """

    endpoint: str  # the user's name for the server, e.g. "team-gpu"
    base_url: str  # up to and including /v1, e.g. "http://10.0.0.5:8080/v1"
    model: str  # the model name the server knows
    verify_tls: bool = True
    api_key: str | None = field(default=None, repr=False)
    timeout_s: float = 60.0  # connect and between-chunks limit


@dataclass(frozen=True)
class LoadModel:
    path: str
    sha256: str = ""
    options: LoadOptions = field(default_factory=LoadOptions)
    request_id: int = field(default_factory=next_request_id)
    # Set: use this remote model instead of a local file (`path` is then only a label).
    remote: RemoteTarget | None = None


@dataclass(frozen=True)
class Generate:
    turns: tuple[ChatTurn, ...]
    sampling: SamplingParams = field(default_factory=SamplingParams)
    request_id: int = field(default_factory=next_request_id)
    # Evaluate the prompt from an empty KV cache (a document recipe's exact replay); chat
    # turns leave it False to reuse the cached prefix. On the request, not a separate one,
    # so no other request can fill the cache in between.
    fresh_context: bool = False
    # The reply so far, which the model continues after the prompt (Continue on a reply cut
    # off at the length limit); the streamed text and the result hold only what is added.
    continue_from: str = ""


@dataclass(frozen=True)
class Unload:
    request_id: int = field(default_factory=next_request_id)


@dataclass(frozen=True)
class SetAdapters:
    """Make these (path, scale) the loaded model's LoRA set; an empty tuple detaches all."""

    adapters: tuple[tuple[str, float], ...]
    request_id: int = field(default_factory=next_request_id)


EngineRequest = LoadModel | Generate | Unload | SetAdapters


# ---- events ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelLoaded:
    request_id: int
    model: LoadedModel


@dataclass(frozen=True)
class ModelUnloaded:
    request_id: int


@dataclass(frozen=True)
class PromptReady:
    """The prompt is built: how many tokens, and how many old turns had to be dropped."""

    request_id: int
    prompt_tokens: int
    trimmed_turns: int


@dataclass(frozen=True)
class TextChunk:
    """A batch of streamed text (about 40 ms worth), already valid UTF-8."""

    request_id: int
    text: str


@dataclass(frozen=True)
class Finished:
    request_id: int
    text: str
    stats: GenerationStats


@dataclass(frozen=True)
class AdaptersChanged:
    request_id: int
    active: tuple[ActiveAdapter, ...]


@dataclass(frozen=True)
class Failed:
    request_id: int
    message: str


EngineEvent = (
    ModelLoaded | ModelUnloaded | PromptReady | TextChunk | Finished | Failed | AdaptersChanged
)
