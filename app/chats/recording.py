"""What gets stored with an assistant message, and the one-line summary shown under it."""

from __future__ import annotations

from app.engine.types import GenerationStats, LoadedModel, SamplingParams
from app.storage.records import FinishReason, GenerationRecord


def generation_record(
    stats: GenerationStats,
    sampling: SamplingParams,
    model: LoadedModel,
    *,
    finish_reason: FinishReason | None = None,
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
    if record.finish_reason == "length":
        parts.append("stopped at the token limit")
    elif record.finish_reason == "cancelled":
        parts.append("stopped")
    return " · ".join(parts)
