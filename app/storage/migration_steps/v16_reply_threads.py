"""v16: the CPU threads each reply was decoded with (Settings → Threads, Automatic by default)."""

from __future__ import annotations

STEP: tuple[str, ...] = (
    # The count the reply started with, and the count it ended with (fewer when it slowed down
    # mid-way and gave a thread up); NULL for older replies and replies from a remote server.
    "ALTER TABLE generations ADD COLUMN n_threads INTEGER",
    "ALTER TABLE generations ADD COLUMN n_threads_end INTEGER",
)
