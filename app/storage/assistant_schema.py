"""ORM mapping of the assistant tables."""

from __future__ import annotations
