"""ORM mapping of the v3 adapter tables (see migration_steps/v3_adapters.py)."""

from __future__ import annotations
