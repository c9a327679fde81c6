"""Which device "Automatic" picks, with the runtime's availability checks injected (no GPU is
under test here; CUDA cannot run on this machine)."""

from __future__ import annotations

import pytest

from app.training.devices import choose_device, device_label
from app.training.errors import TrainingError


def _seen(cuda: bool, mps: bool) -> dict[str, object]:
    return {"cuda_available": lambda: cuda, "mps_available": lambda: mps}


@pytest.mark.parametrize(
    ("cuda", "mps", "expected"),
    [(True, False, "cuda"), (True, True, "cuda"), (False, True, "mps"), (False, False, "cpu")],
)
def test_automatic_prefers_cuda_then_mps_then_cpu(cuda: bool, mps: bool, expected: str) -> None:
    assert choose_device("auto", **_seen(cuda, mps)) == expected  # type: ignore[arg-type]


def test_a_named_device_must_be_there() -> None:
    assert choose_device("cpu", **_seen(True, True)) == "cpu"  # type: ignore[arg-type]
    assert choose_device("mps", **_seen(False, True)) == "mps"  # type: ignore[arg-type]
    with pytest.raises(TrainingError, match="CUDA was chosen but torch sees no CUDA GPU"):
        choose_device("cuda", **_seen(False, True))  # type: ignore[arg-type]
    with pytest.raises(TrainingError, match="Apple MPS was chosen"):
        choose_device("mps", **_seen(True, False))  # type: ignore[arg-type]
    with pytest.raises(TrainingError, match="unknown training device 'tpu'"):
        choose_device("tpu", **_seen(True, True))  # type: ignore[arg-type]


def test_the_worker_asks_torch_what_it_sees(monkeypatch: pytest.MonkeyPatch) -> None:
    torch = pytest.importorskip("torch")
    from app.training.base_model import resolve_device

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert resolve_device("auto") == "cuda"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: True)
    assert resolve_device("auto") == "mps"
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    assert resolve_device("auto") == "cpu"


def test_labels_say_which_hardware() -> None:
    assert device_label("cuda") == "NVIDIA GPU (CUDA)"
    assert device_label("mps") == "Apple GPU (MPS)"
    assert device_label("cpu") == "CPU"
