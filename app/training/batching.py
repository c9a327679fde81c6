"""Turn examples into token ids and loss masks, and batches of them (worker only: needs torch).

The loss is on the assistant reply only (the prompt's labels are -100), and padding is masked
by each example's length, never by comparing with the pad token: in SmolLM2 the pad token is the
end-of-turn token, which the reply must learn to produce.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.training.errors import TrainingError
from app.training.examples import TrainingExample

if TYPE_CHECKING:
    import torch

IGNORE_INDEX = -100


@dataclass(frozen=True)
class EncodedExample:
    input_ids: tuple[int, ...]
    labels: tuple[int, ...]  # IGNORE_INDEX where no loss is taken

    @property
    def length(self) -> int:
        return len(self.input_ids)


def _messages(turns: Sequence[Any]) -> list[dict[str, str]]:
    return [{"role": t.role, "content": t.content} for t in turns]


def render_parts(tokenizer: Any, example: TrainingExample) -> tuple[str, str]:
    """(prompt text up to the assistant's reply, the reply as the template writes it)."""
    prompt = tokenizer.apply_chat_template(
        _messages(example.prompt_turns), tokenize=False, add_generation_prompt=True
    )
    full = tokenizer.apply_chat_template(_messages(example.turns), tokenize=False)
    if isinstance(prompt, str) and isinstance(full, str) and full.startswith(prompt):
        return prompt, full[len(prompt) :]
    # A template that renders the last turn differently: the reply and the end-of-turn token.
    eos = tokenizer.eos_token or ""
    return str(prompt), example.reply + eos


def encode_example(tokenizer: Any, example: TrainingExample, max_length: int) -> EncodedExample:
    prompt_text, reply_text = render_parts(tokenizer, example)
    prompt = list(tokenizer(prompt_text, add_special_tokens=False)["input_ids"])
    reply = list(tokenizer(reply_text, add_special_tokens=False)["input_ids"])
    if not reply:
        raise TrainingError(f"the reply of {example.source} has no tokens")
    if len(reply) >= max_length:
        reply = reply[: max_length - 1]
    # Too long: drop the start of the context, keep the reply whole.
    keep = max_length - len(reply)
    prompt = prompt[-keep:] if keep > 0 else []
    return EncodedExample(
        input_ids=tuple(prompt + reply),
        labels=tuple([IGNORE_INDEX] * len(prompt) + reply),
    )


def collate(batch: Sequence[EncodedExample], pad_id: int) -> dict[str, torch.Tensor]:
    import torch

    longest = max(e.length for e in batch)
    ids = torch.full((len(batch), longest), pad_id, dtype=torch.long)
    labels = torch.full((len(batch), longest), IGNORE_INDEX, dtype=torch.long)
    mask = torch.zeros((len(batch), longest), dtype=torch.long)
    for row, example in enumerate(batch):
        n = example.length
        ids[row, :n] = torch.tensor(example.input_ids, dtype=torch.long)
        labels[row, :n] = torch.tensor(example.labels, dtype=torch.long)
        mask[row, :n] = 1
    return {"input_ids": ids, "labels": labels, "attention_mask": mask}
