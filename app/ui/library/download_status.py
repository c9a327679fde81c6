"""The words a catalog download shows as it goes, shared by "Get models" and the first-run screen.

One place for them, so both say the same thing about the same download.
"""

from __future__ import annotations

from typing import Final

from app.library.download import DownloadResult
from app.library.transfer_rate import TransferRate, human_bytes, human_duration

_PHASE_TEXT: Final = {
    "checking": "Contacting {host}…",
    "verifying": "Verifying the download (sha256)…",
    "registering": "Adding it to your models…",
}
_VERIFIED_TEXT: Final = {
    "sha256": "its sha256 matches the catalog's pin",
    "hub-lfs-sha256": "its sha256 matches the one the hub published",
}


def phase_text(phase: str, name: str, endpoint: str) -> str:
    """What a download is doing now ("downloading" names the model)."""
    if phase == "downloading":
        return f"Downloading {name}…"
    host = endpoint.split("://", 1)[-1]
    return _PHASE_TEXT.get(phase, phase).format(host=host)


def progress_text(name: str, done: int, total: int, rate: TransferRate) -> str:
    """ "Downloading X: 1.2 GB of 4.7 GB · 21 MB/s · 2 min 46 s left"."""
    parts = [f"Downloading {name}: {human_bytes(done)} of {human_bytes(total)}"]
    speed = rate.bytes_per_s
    if speed:
        parts.append(f"{human_bytes(speed)}/s")
        left = rate.seconds_left(done, total)
        if left is not None and done < total:
            parts.append(f"{human_duration(left)} left")
    return "  ·  ".join(parts)


def verified_text(result: DownloadResult) -> str:
    """How the finished file was checked."""
    return _VERIFIED_TEXT[result.verified_by]


def paused_text(name: str, kept: int) -> str:
    return (
        f"Paused {name} with {human_bytes(kept)} downloaded. Resume continues from there, "
        "also after Hearth restarts."
    )


def percent(done: int, total: int) -> int:
    """Whole percent, never 100 before the end."""
    total = max(total, 1)
    return min(99, 100 * min(done, total) // total) if done < total else 100
