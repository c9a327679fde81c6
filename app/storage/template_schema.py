"""ORM mapping of the v5 template tables (see migration_steps/v5_templates.py)."""

from __future__ import annotations
