"""v3: LoRA adapters in the library and the adapters each reply was generated with."""

from __future__ import annotations

STEP: tuple[str, ...] = ()
