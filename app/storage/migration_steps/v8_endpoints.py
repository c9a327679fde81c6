"""v8: remote inference endpoints, and which endpoint and remote model produced a reply."""

from __future__ import annotations

STEP: tuple[str, ...] = ()
