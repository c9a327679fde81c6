"""How a generated section ended, as its mark and tooltip in the sections list."""

from __future__ import annotations

from app.ui.common.i18n import tr


def finish_mark(reason: str) -> str:
    marks = {"stop": "✓", "length": "⚠ " + tr("cut off"), "cancelled": "✗", "error": "✗"}
    return marks.get(reason, "")


def finish_tip(reason: str) -> str:
    tips = {
        "stop": tr("complete"),
        "length": tr("stopped at the token limit; Continue goes on from there"),
        "cancelled": tr("stopped before it was finished"),
        "error": tr("failed"),
    }
    return tips.get(reason, "")
