"""Which device a training run uses, decided from what the runtime sees (torch-free here: the
availability checks are passed in, so the choice is testable on any machine).

"Automatic" prefers an NVIDIA GPU (CUDA), then an Apple GPU (MPS), then the CPU. A device the
user names explicitly must be there: falling back silently would turn a minutes-long GPU run
into hours on the CPU without saying so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from app.training.errors import TrainingError

DEVICE_LABELS: Final = {
    "cuda": "NVIDIA GPU (CUDA)",
    "mps": "Apple GPU (MPS)",
    "cpu": "CPU",
}


def device_label(device: str) -> str:
    """ "cuda" -> "NVIDIA GPU (CUDA)"; a name it does not know (e.g. "cuda:1") is shown as is."""
    return DEVICE_LABELS.get(device, device)


def choose_device(
    wanted: str, *, cuda_available: Callable[[], bool], mps_available: Callable[[], bool]
) -> str:
    """The torch device for `wanted` ("auto", "cpu", "cuda" or "mps")."""
    if wanted == "auto":
        if cuda_available():
            return "cuda"
        return "mps" if mps_available() else "cpu"
    if wanted == "cuda" and not cuda_available():
        raise TrainingError(
            "CUDA was chosen but torch sees no CUDA GPU (is a CUDA build of torch installed?)"
        )
    if wanted == "mps" and not mps_available():
        raise TrainingError("Apple MPS was chosen but it is not available on this machine")
    if wanted not in DEVICE_LABELS:
        raise TrainingError(f"unknown training device {wanted!r} (use auto, cpu, cuda or mps)")
    return wanted
