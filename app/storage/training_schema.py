"""ORM mapping of the training tables."""

from __future__ import annotations
