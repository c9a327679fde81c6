"""A throw-away HEARTH_HOME for the GUI benches: the starter model registered and set as the
default, bench settings (threads, context, sampling, seed, reply length) saved, and a few stored
conversations, as a returning user's profile would have."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from _common import BenchConfig

from app.config import Paths, Settings
from app.core import Core

_FILLER_CHATS = 6
_FILLER_EXCHANGES = 4


def bench_settings(config: BenchConfig, *, max_tokens: int, default_model_id: int) -> Settings:
    return Settings(
        n_threads=config.n_threads,
        n_ctx=config.n_ctx,
        gpu_layers="none",
        temperature=config.temperature,
        top_p=config.top_p,
        top_k=config.top_k,
        min_p=config.min_p,
        repeat_penalty=config.repeat_penalty,
        max_tokens=max_tokens,
        seed=config.seed,
        system_prompt=config.system_prompt,
        default_model_id=default_model_id,
    )


def make_template_home(home: Path, config: BenchConfig) -> Path:
    """Build the profile once (hashing the model takes a moment); copy it per run."""
    core = Core.open(Paths.resolve(home))
    try:
        record = core.library.import_model(Path(config.model))
        core.save_settings(
            bench_settings(config, max_tokens=config.n_tokens, default_model_id=record.id)
        )
        for chat in range(_FILLER_CHATS):
            conversation = core.chats.new_conversation()
            core.chats.conversations.rename(conversation.id, f"Earlier chat {chat + 1}")
            for exchange in range(_FILLER_EXCHANGES):
                core.chats.messages.add(
                    conversation.id, "user", f"Question {exchange + 1} of chat {chat + 1}?"
                )
                core.chats.messages.add(
                    conversation.id,
                    "assistant",
                    f"Here is **an answer** with a list:\n\n- one\n- two\n\n`code {exchange}`",
                )
    finally:
        core.close()
    return home


def fresh_home(template: Path, target: Path, config: BenchConfig, *, max_tokens: int) -> Path:
    """A copy of the template, so no run sees another run's chats; `max_tokens` per bench."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(template, target)
    core = Core.open(Paths.resolve(target))
    try:
        core.save_settings(replace(core.settings, max_tokens=max_tokens))
    finally:
        core.close()
    return target
