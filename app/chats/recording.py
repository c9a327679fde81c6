"""What gets stored with an assistant message, and the one-line summary shown under it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from app.engine.types import ActiveAdapter, GenerationStats, LoadedModel, SamplingParams
from app.storage.records import AdapterRecord, AdapterUse, FinishReason, GenerationRecord

AdapterLookup = Callable[[str], AdapterRecord | None]


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
    if record.adapters:
        parts.insert(1, f"adapters: {adapters_label(record.adapters)}")
    if record.finish_reason == "length":
        parts.append("stopped at the token limit")
    elif record.finish_reason == "cancelled":
        parts.append("stopped")
    return " · ".join(parts)
