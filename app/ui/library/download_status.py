"""The words a catalog download shows as it goes, shared by "Get models" and the first-run screen.

One place for them, so both say the same thing about the same download.
"""

from __future__ import annotations

from app.library.download import DownloadResult
from app.library.transfer_rate import TransferRate, human_bytes, human_duration
from app.ui.common.i18n import tr


def phase_text(phase: str, name: str, endpoint: str) -> str:
    """What a download is doing now ("downloading" names the model)."""
    if phase == "downloading":
        return tr("Downloading {name}…").format(name=name)
    host = endpoint.split("://", 1)[-1]
    texts = {
        "checking": tr("Contacting {host}…"),
        "verifying": tr("Verifying the download (sha256)…"),
        "registering": tr("Adding it to your models…"),
    }
    return texts.get(phase, phase).format(host=host)


def progress_text(name: str, done: int, total: int, rate: TransferRate) -> str:
    """ "Downloading X: 1.2 GB of 4.7 GB · 21 MB/s · 2 min 46 s left"."""
    parts = [
        tr("Downloading {name}: {done} of {total}").format(
            name=name, done=human_bytes(done), total=human_bytes(total)
        )
    ]
    speed = rate.bytes_per_s
    if speed:
        parts.append(tr("{speed}/s").format(speed=human_bytes(speed)))
        left = rate.seconds_left(done, total)
        if left is not None and done < total:
            parts.append(tr("{duration} left").format(duration=human_duration(left)))
    return "  ·  ".join(parts)


def verified_text(result: DownloadResult) -> str:
    """How the finished file was checked."""
    texts = {
        "sha256": tr("its sha256 matches the catalog's pin"),
        "hub-lfs-sha256": tr("its sha256 matches the one the hub published"),
    }
    return texts[result.verified_by]


def paused_text(name: str, kept: int) -> str:
    return tr(
        "Paused {name} with {size} downloaded. Resume continues from there, also after Hearth "
        "restarts."
    ).format(name=name, size=human_bytes(kept))


def percent(done: int, total: int) -> int:
    """Whole percent, never 100 before the end."""
    total = max(total, 1)
    return min(99, 100 * min(done, total) // total) if done < total else 100
