"""What the "Get models" catalog shows in its columns: headers, tiers, fit and licence texts."""

from __future__ import annotations

from enum import IntEnum
from typing import Final

from app.library.catalog import CatalogEntry
from app.ui.common.i18n import tr


def tier_text(tier: str) -> str:
    texts = {
        "ram-8": tr("8 GB of memory"),
        "ram-16": tr("16 GB of memory"),
        "ram-32": tr("32 GB of memory or more"),
        "gpu": tr("a GPU"),
    }
    return texts.get(tier, tier)


def fit_text(verdict: str) -> str:
    """The fit verdict ("fits", "tight", "won't fit") as the user reads it."""
    texts = {"fits": tr("fits"), "tight": tr("tight"), "won't fit": tr("won't fit")}
    return texts.get(verdict, verdict)


class Column(IntEnum):
    NAME = 0
    SIZE = 1
    LICENSE = 2
    CONTEXT = 3
    FIT = 4
    STATUS = 5
    GOOD_FOR = 6


# Long licence names are elided (the tooltip and the details line have them whole), so that
# "Good for" keeps its room.
MAX_WIDTH: Final = {Column.NAME: 300, Column.LICENSE: 180}


def headers() -> dict[Column, str]:
    return {
        Column.NAME: tr("Model"),
        Column.SIZE: tr("Download"),
        Column.LICENSE: tr("Licence"),
        Column.CONTEXT: tr("Context"),
        Column.FIT: tr("This computer"),
        Column.STATUS: tr("Status"),
        Column.GOOD_FOR: tr("Good for"),
    }


def licence_text(entry: CatalogEntry) -> str:
    """ "Licence: Apache-2.0", with what it asks of a business user where that matters."""
    allowed = entry.commercial_use == "allowed"
    use = tr("business use allowed") if allowed else tr("no business use")
    text = tr("Licence: {licence} ({use})").format(licence=entry.license, use=use)
    return f"{text}. {entry.license_note}" if entry.license_note else text
