"""Plain domain objects that repositories hand to the layers above (never ORM rows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

Role = Literal["system", "user", "assistant"]
FinishReason = Literal["stop", "length", "cancelled", "error", "interrupted", "repetition"]


@dataclass(frozen=True)
class ModelRecord:
    """A GGUF model file known to Hearth."""

    id: int
    name: str
    path: str
    sha256: str
    size_bytes: int
    architecture: str
    parameter_count: int | None
    quantization: str | None
    context_length: int | None
    has_chat_template: bool
    license: str | None
    added_at: datetime
    catalog_id: str | None = None  # the catalog entry it was downloaded as
    verified_by: str | None = None  # "sha256" / "hub-lfs-sha256": how that download was checked


@dataclass(frozen=True)
class NewModel:
    """What is needed to register a model (the id and timestamp come from the database)."""

    name: str
    path: str
    sha256: str
    size_bytes: int
    architecture: str
    parameter_count: int | None = None
    quantization: str | None = None
    context_length: int | None = None
    has_chat_template: bool = False
    license: str | None = None
    catalog_id: str | None = None
    verified_by: str | None = None


@dataclass(frozen=True)
class Conversation:
    id: int
    title: str
    created_at: datetime
    updated_at: datetime
    model_id: int | None
    system_prompt: str | None
    grounded_only: bool = False  # answer only from the attached documents
    assistant_id: int | None = None  # the assistant the chat was started from


@dataclass(frozen=True)
class AdapterRecord:
    """A LoRA adapter GGUF file known to Hearth."""

    id: int
    name: str
    path: str
    sha256: str
    size_bytes: int
    architecture: str | None
    rank: int
    alpha: float | None
    tensor_count: int
    added_at: datetime


@dataclass(frozen=True)
class NewAdapter:
    name: str
    path: str
    sha256: str
    size_bytes: int
    architecture: str | None
    rank: int
    alpha: float | None
    tensor_count: int


@dataclass(frozen=True)
class AdapterUse:
    """One adapter applied while a reply was generated, and its scale."""

    name: str
    sha256: str
    scale: float


@dataclass(frozen=True)
class TokenConfidence:
    """How sure the model was of each token of a reply: token i covers the reply's characters
    [ends[i-1], ends[i]) (from 0 for the first) and had log-probability logprobs[i] (<= 0)."""

    ends: tuple[int, ...]
    logprobs: tuple[float, ...]

    def covers(self, text: str) -> bool:
        """True when these values belong to exactly this text (not to an edited version)."""
        return (
            bool(self.ends) and self.ends[-1] == len(text) and len(self.ends) == len(self.logprobs)
        )


@dataclass(frozen=True)
class GenerationRecord:
    """What produced an assistant message, enough to reproduce it."""

    model_sha256: str
    model_name: str
    sampling: dict[str, Any]  # temperature, top_p, top_k, min_p, repeat_penalty, max_tokens
    seed: int
    prompt_tokens: int  # tokens in the prompt sent to the model
    prompt_tokens_evaluated: int  # of those, how many were not reused from the KV cache
    completion_tokens: int
    ttft_s: float
    decode_tokens_per_s: float
    total_s: float
    finish_reason: FinishReason
    backend: str = "CPU"
    n_ctx: int = 0
    trimmed_turns: int = 0  # oldest turns dropped so the history fit the context
    adapters: tuple[AdapterUse, ...] = ()
    # Set when a remote OpenAI-compatible server produced the reply (None: this computer).
    endpoint: str | None = None
    remote_model: str | None = None
    # Per-token log-probabilities of the stored text (None: not recorded, e.g. older replies).
    confidence: TokenConfidence | None = field(default=None, repr=False)
    # CPU threads the reply started and ended with (None: not recorded, or a remote server).
    n_threads: int | None = None
    n_threads_end: int | None = None


@dataclass(frozen=True)
class Message:
    id: int
    conversation_id: int
    position: int  # 0-based order inside the conversation
    role: Role
    content: str
    created_at: datetime
    complete: bool = True  # False: cut short by Stop, an error or a crash
    generation: GenerationRecord | None = field(default=None)
    # The document passages the reply was given, as JSON objects (number, file, position, page,
    # excerpt, text, score, used): what a citation [n] in the text opens.
    citations: tuple[dict[str, Any], ...] = ()
    # What the checker flagged in the reply ({kind, text, start, end, reason}, offsets into
    # `content`); empty when nothing was flagged or the reply had no sources to check against.
    issues: tuple[dict[str, Any], ...] = ()
    issues_accepted: bool = False  # the user chose "Accept as is": no badge
