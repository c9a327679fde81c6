"""ORM rows <-> domain records, and small helpers shared by the repositories."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from typing import Any, cast

from app.storage.adapter_schema import AdapterRow
from app.storage.records import (
    AdapterRecord,
    AdapterUse,
    Conversation,
    FinishReason,
    GenerationRecord,
    Message,
    ModelRecord,
    Role,
    TokenConfidence,
)
from app.storage.schema import ConversationRow, GenerationRow, MessageRow, ModelRow

ROLES: frozenset[str] = frozenset({"system", "user", "assistant"})
LIKE_ESCAPE = "\\"


def storable_text(text: str) -> str:
    """`text` with lone surrogates replaced: SQLite stores only valid UTF-8, and such text
    arrives from undecodable command-line bytes or pasted binary. Valid text is unchanged."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    return text


def utc_now() -> datetime:
    return datetime.now(UTC)


def like_substring(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with `%`, `_` and the escape taken literally."""
    escaped = (
        text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )
    return f"%{escaped}%"


def model_record(row: ModelRow) -> ModelRecord:
    return ModelRecord(
        id=row.id,
        name=row.name,
        path=row.path,
        sha256=row.sha256,
        size_bytes=row.size_bytes,
        architecture=row.architecture,
        parameter_count=row.parameter_count,
        quantization=row.quantization,
        context_length=row.context_length,
        has_chat_template=bool(row.has_chat_template),
        license=row.license,
        added_at=row.added_at,
        catalog_id=row.catalog_id,
        verified_by=row.verified_by,
    )


def conversation_record(row: ConversationRow) -> Conversation:
    return Conversation(
        id=row.id,
        title=row.title,
        created_at=row.created_at,
        updated_at=row.updated_at,
        model_id=row.model_id,
        system_prompt=row.system_prompt,
        grounded_only=bool(row.grounded_only),
        assistant_id=row.assistant_id,
    )


def generation_record(row: GenerationRow) -> GenerationRecord:
    sampling: Any = json.loads(row.sampling)
    return GenerationRecord(
        model_sha256=row.model_sha256,
        model_name=row.model_name,
        sampling=sampling if isinstance(sampling, dict) else {},
        seed=row.seed,
        prompt_tokens=row.prompt_tokens,
        prompt_tokens_evaluated=row.prompt_tokens_evaluated,
        completion_tokens=row.completion_tokens,
        ttft_s=row.ttft_s,
        decode_tokens_per_s=row.decode_tokens_per_s,
        total_s=row.total_s,
        finish_reason=cast(FinishReason, row.finish_reason),
        backend=row.backend,
        n_ctx=row.n_ctx,
        trimmed_turns=row.trimmed_turns,
        adapters=_adapter_uses(row.adapters),
        endpoint=row.endpoint,
        remote_model=row.remote_model,
        confidence=token_confidence_from_json(row.token_confidence),
        n_threads=row.n_threads,
        n_threads_end=row.n_threads_end,
    )


def token_confidence_json(confidence: TokenConfidence | None) -> str | None:
    """Compact: token lengths in characters and log-probabilities in hundredths (a reply of
    500 tokens takes about 4 KB)."""
    if confidence is None:
        return None
    starts = (0, *confidence.ends[:-1])
    lengths = [end - start for start, end in zip(starts, confidence.ends, strict=True)]
    scaled = [round(max(value, -99.0) * 100) for value in confidence.logprobs]
    return json.dumps({"lengths": lengths, "logprobs_x100": scaled}, separators=(",", ":"))


def token_confidence_from_json(raw: str | None) -> TokenConfidence | None:
    """Tolerant of a damaged column: anything unreadable is no values, never an error."""
    if not raw:
        return None
    try:
        data: Any = json.loads(raw)
        lengths = [int(n) for n in data["lengths"]]
        logprobs = [float(v) / 100 for v in data["logprobs_x100"]]
    except (KeyError, TypeError, ValueError):
        return None
    if len(lengths) != len(logprobs) or any(n < 0 for n in lengths):
        return None
    ends: list[int] = []
    total = 0
    for n in lengths:
        total += n
        ends.append(total)
    return TokenConfidence(tuple(ends), tuple(logprobs))


def _adapter_uses(raw: str) -> tuple[AdapterUse, ...]:
    """Tolerant of a hand-edited or damaged column: a bad entry is skipped, not fatal."""
    try:
        items: Any = json.loads(raw)
    except ValueError:
        return ()
    uses: list[AdapterUse] = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            try:
                uses.append(
                    AdapterUse(str(item["name"]), str(item["sha256"]), float(item["scale"]))
                )
            except (KeyError, TypeError, ValueError):
                continue
    return tuple(uses)


def adapter_record(row: AdapterRow) -> AdapterRecord:
    return AdapterRecord(
        id=row.id,
        name=row.name,
        path=row.path,
        sha256=row.sha256,
        size_bytes=row.size_bytes,
        architecture=row.architecture,
        rank=row.rank,
        alpha=row.alpha,
        tensor_count=row.tensor_count,
        added_at=row.added_at,
    )


def _number(value: float) -> float:
    value = float(value)
    return 0.0 if math.isnan(value) else value


def fill_generation(row: GenerationRow, record: GenerationRecord) -> None:
    """Copy `record` into `row`. Raises TypeError if the sampling values are not JSON."""
    # SQLite stores a NaN REAL as NULL, which the NOT NULL columns refuse: keep the reply.
    row.model_sha256 = record.model_sha256
    row.model_name = record.model_name
    row.sampling = json.dumps(record.sampling, sort_keys=True)
    row.seed = int(record.seed)
    row.prompt_tokens = int(record.prompt_tokens)
    row.prompt_tokens_evaluated = int(record.prompt_tokens_evaluated)
    row.completion_tokens = int(record.completion_tokens)
    row.ttft_s = _number(record.ttft_s)
    row.decode_tokens_per_s = _number(record.decode_tokens_per_s)
    row.total_s = _number(record.total_s)
    row.finish_reason = record.finish_reason
    row.backend = record.backend
    row.n_ctx = int(record.n_ctx)
    row.trimmed_turns = int(record.trimmed_turns)
    row.adapters = json.dumps(
        [{"name": a.name, "sha256": a.sha256, "scale": a.scale} for a in record.adapters]
    )
    row.endpoint = record.endpoint
    row.remote_model = record.remote_model
    row.token_confidence = token_confidence_json(record.confidence)
    row.n_threads = record.n_threads
    row.n_threads_end = record.n_threads_end


def message_record(row: MessageRow) -> Message:
    return Message(
        id=row.id,
        conversation_id=row.conversation_id,
        position=row.position,
        role=cast(Role, row.role),
        content=row.content,
        created_at=row.created_at,
        complete=bool(row.complete),
        generation=generation_record(row.generation) if row.generation is not None else None,
        citations=_citations(row.citations),
        issues=_citations(row.issues),
        issues_accepted=row.issues_accepted_at is not None,
    )


def _citations(raw: str | None) -> tuple[dict[str, Any], ...]:
    if not raw:
        return ()
    try:
        items: Any = json.loads(raw)
    except ValueError:
        return ()
    return tuple(i for i in items if isinstance(i, dict)) if isinstance(items, list) else ()
