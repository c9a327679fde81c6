"""ORM mapping of the v4 document tables (see migration_steps/v4_documents.py)."""

from __future__ import annotations
