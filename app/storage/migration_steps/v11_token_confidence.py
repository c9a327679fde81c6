"""v11: how sure the model was of each token of a reply ("Show uncertainty", `chat --json`)."""

from __future__ import annotations

STEP: tuple[str, ...] = (
    # JSON {"lengths": [...], "logprobs_x100": [...]}; NULL for replies without values (older
    # ones, or a remote server that returned no logprobs).
    "ALTER TABLE generations ADD COLUMN token_confidence TEXT",
)
