"""ORM mapping of the endpoint tables."""

from __future__ import annotations
