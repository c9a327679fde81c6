"""Checked output: trace every figure, date, contact and name in generated text to its sources.

Qt-free and deterministic. The GUI, the CLI (`hearth check`, `chat --json`,
`templates generate --json`) and the document generator's retries all call check_text.
"""

from __future__ import annotations

from .attribution import attribute_sentences
from .checker import check_text
from .model import ISSUE_KINDS, CheckReport, CheckSources, Issue, SentenceSupport

__all__ = [
    "ISSUE_KINDS",
    "CheckReport",
    "CheckSources",
    "Issue",
    "SentenceSupport",
    "attribute_sentences",
    "check_text",
]
