"""What gets stored with an assistant message, and the one-line summary shown under it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Final

from app.engine.types import ActiveAdapter, GenerationStats, LoadedModel, SamplingParams
from app.storage.records import AdapterRecord, AdapterUse, FinishReason, GenerationRecord

AdapterLookup = Callable[[str], AdapterRecord | None]
# In a stored reply's sampling: how often Continue extended it (absent: never).
CONTINUATIONS_KEY: Final = "continuations"


def adapter_uses(
    active: Sequence[ActiveAdapter], adapter_at: AdapterLookup
) -> tuple[AdapterUse, ...]:
    """The adapters of a reply as stored: name, sha256 (empty if not in the library), scale."""
    uses: list[AdapterUse] = []
    for adapter in active:
        record = adapter_at(adapter.path)
        name = record.name if record is not None else adapter.name
        uses.append(AdapterUse(name, record.sha256 if record else "", adapter.scale))
    return tuple(uses)


def adapters_label(uses: Sequence[AdapterUse]) -> str:
    """e.g. "legal-lora at 0.8, tone at 1.2"."""
    return ", ".join(f"{use.name} at {use.scale:g}" for use in uses)


def generation_record(
    stats: GenerationStats,
    sampling: SamplingParams,
    model: LoadedModel,
    *,
    finish_reason: FinishReason | None = None,
    adapter_at: AdapterLookup | None = None,
) -> GenerationRecord:
    return GenerationRecord(
        model_sha256=model.sha256,
        model_name=model.name,
        sampling=sampling.as_record(),
        seed=sampling.seed,
        prompt_tokens=stats.prompt_tokens,
        prompt_tokens_evaluated=stats.prompt_tokens_evaluated,
        completion_tokens=stats.completion_tokens,
        ttft_s=round(stats.ttft_s, 4),
        decode_tokens_per_s=round(stats.decode_tokens_per_s, 2),
        total_s=round(stats.total_s, 4),
        finish_reason=finish_reason or stats.finish_reason,
        backend=model.backend,
        n_ctx=stats.n_ctx,
        trimmed_turns=stats.trimmed_turns,
        adapters=adapter_uses(stats.adapters, adapter_at or (lambda _path: None)),
        endpoint=model.endpoint,
        remote_model=model.remote_model,
        n_threads=stats.n_threads or None,
        n_threads_end=stats.n_threads_end or None,
    )


def summary_line(record: GenerationRecord | None) -> str:
    """e.g. "SmolLM2 · 42 tokens · 31.2 tok/s · first token 0.08 s · seed 123"."""
    if record is None:
        return ""
    parts = [
        record.model_name,
        f"{record.completion_tokens} tokens",
        f"{record.decode_tokens_per_s:.1f} tok/s",
        f"first token {record.ttft_s:.2f} s",
        f"seed {record.seed}",
    ]
    if record.n_threads:
        parts.append(threads_label(record.n_threads, record.n_threads_end))
    if record.adapters:
        parts.insert(1, f"adapters: {adapters_label(record.adapters)}")
    if record.finish_reason == "length":
        parts.append("cut off at the length limit")
    elif record.finish_reason == "repetition":
        parts.append("stopped: it began repeating itself")
    elif record.finish_reason == "cancelled":
        parts.append("stopped")
    continued = continuations(record)
    if continued:
        parts.append("continued" if continued == 1 else f"continued {continued} times")
    return " · ".join(parts)


def threads_label(start: int, end: int | None) -> str:
    """e.g. "2 threads", or "2 → 1 threads" for a reply that gave a thread up mid-way."""
    if end and end != start:
        return f"{start} → {end} threads"
    return "1 thread" if start == 1 else f"{start} threads"


def continuations(record: GenerationRecord) -> int:
    """How often Continue extended the reply (each time with the same sampling and seed)."""
    value = record.sampling.get(CONTINUATIONS_KEY, 0)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def sampling_of(record: GenerationRecord) -> SamplingParams:
    """The sampling a stored reply was generated with (what a continuation of it must use)."""
    stored = record.sampling
    defaults = SamplingParams()
    return SamplingParams(
        temperature=float(stored.get("temperature", defaults.temperature)),
        top_p=float(stored.get("top_p", defaults.top_p)),
        top_k=int(stored.get("top_k", defaults.top_k)),
        min_p=float(stored.get("min_p", defaults.min_p)),
        repeat_penalty=float(stored.get("repeat_penalty", defaults.repeat_penalty)),
        max_tokens=int(stored.get("max_tokens", defaults.max_tokens)),
        seed=record.seed,
        grammar=stored.get("grammar"),
        # Replies recorded before the guard existed were generated without it.
        repetition_guard=bool(stored.get("repetition_guard", False)),
    )


def continued_record(earlier: GenerationRecord, added: GenerationRecord) -> GenerationRecord:
    """One record for a reply and its continuation: what the stored text as a whole took.

    The continuation runs with the earlier part's sampling and seed, so the sampling stays
    true for the whole text; it counts one more continuation. Tokens and time add up; the
    time to the first token and the prompt are the first part's (the question's); the finish
    reason is how the last part ended.
    """
    decode_s = _decode_seconds(earlier) + _decode_seconds(added)
    decoded = max(0, earlier.completion_tokens - 1) + max(0, added.completion_tokens - 1)
    return replace(
        added,
        sampling={**earlier.sampling, CONTINUATIONS_KEY: continuations(earlier) + 1},
        seed=earlier.seed,
        prompt_tokens=earlier.prompt_tokens,
        prompt_tokens_evaluated=earlier.prompt_tokens_evaluated,
        completion_tokens=earlier.completion_tokens + added.completion_tokens,
        ttft_s=earlier.ttft_s,
        decode_tokens_per_s=round(decoded / decode_s, 2) if decode_s > 0 else 0.0,
        total_s=round(earlier.total_s + added.total_s, 4),
        trimmed_turns=max(earlier.trimmed_turns, added.trimmed_turns),
    )


def _decode_seconds(record: GenerationRecord) -> float:
    decoded = record.completion_tokens - 1
    if decoded <= 0 or record.decode_tokens_per_s <= 0:
        return 0.0
    return decoded / record.decode_tokens_per_s
