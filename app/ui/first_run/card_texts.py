"""What the first-run recommendation card says, in the user's language: its states' button
labels and the phrases that describe a catalog model."""

from __future__ import annotations

from enum import Enum

from app.library.catalog import CatalogEntry
from app.library.speed_estimate import SpeedEstimate
from app.ui.common.i18n import tr


class CardState(Enum):
    READY_TO_DOWNLOAD = "download"
    DOWNLOADING = "downloading"
    PAUSED = "paused"
    FAILED = "failed"
    DOWNLOADED = "downloaded"  # registered before the screen opened: "Use this model"
    FINISHED = "finished"  # downloaded just now, and in use


def primary_labels(state: CardState, name: str, size: str) -> tuple[str, str]:
    """The main button's text in `state`, and the fuller name a screen reader says."""
    text, spoken = {
        CardState.READY_TO_DOWNLOAD: (tr("Download ({size})"), tr("Download {name}")),
        CardState.DOWNLOADING: (tr("Downloading…"), tr("Downloading {name}")),
        CardState.PAUSED: (tr("Resume download"), tr("Resume downloading {name}")),
        CardState.FAILED: (tr("Try again"), tr("Try downloading {name} again")),
        CardState.DOWNLOADED: (tr("Use this model"), tr("Use {name}")),
        CardState.FINISHED: (tr("Start chatting"), tr("Start chatting")),
    }[state]
    return text.format(size=size), spoken.format(name=name)


def speed_caption(speed: SpeedEstimate) -> str:
    if speed.runs_on == "gpu":
        return tr("Speed on the graphics card (an estimate)")
    return tr("Speed here (an estimate)")


def checked_against(entry: CatalogEntry) -> str:
    if entry.sha256:
        return tr("checked against its published sha256")
    return tr("checked against the hub's sha256")


def license_note(restricted: bool) -> str:
    return tr("limits commercial use") if restricted else tr("commercial use allowed")


def card_name(entry: CatalogEntry, recommended: bool) -> str:
    kind = tr("Recommended model: {name}") if recommended else tr("Chosen model: {name}")
    return kind.format(name=entry.name)


def card_description(entry: CatalogEntry, uses: str, speed: SpeedEstimate) -> str:
    return tr("{uses}. {good_for} {speed}, an estimate.").format(
        uses=uses, good_for=entry.good_for, speed=speed.text()
    )
