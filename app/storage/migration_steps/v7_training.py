"""v7: Adapter Studio datasets, their examples, training runs and adapter cards."""

from __future__ import annotations

STEP: tuple[str, ...] = ()
