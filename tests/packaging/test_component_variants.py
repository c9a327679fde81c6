"""The training component's torch build is a parameter: the CUDA variant pins the same torch
release built for CUDA (it cannot be built or run on this machine, so only the pin is checked)."""

from __future__ import annotations

import re
from pathlib import Path

import build_component
import pytest


def test_the_cpu_variant_uses_the_lock_as_it_is(tmp_path: Path) -> None:
    assert build_component.variant_lock("cpu", tmp_path) == build_component.TRAIN_LOCK


def test_a_cuda_variant_pins_the_same_torch_release_built_for_cuda(tmp_path: Path) -> None:
    original = build_component.TRAIN_LOCK.read_text("utf-8")
    release = re.search(r"^torch==([^+\s]+)\+cpu", original, re.MULTILINE)
    assert release is not None

    rewritten = build_component.variant_lock("cu128", tmp_path).read_text("utf-8")

    assert f"torch=={release.group(1)}+cu128" in rewritten
    assert "+cpu" not in rewritten
    # Every other pin is untouched.
    assert [line for line in original.splitlines() if not line.startswith("torch==")] == [
        line for line in rewritten.splitlines() if not line.startswith("torch==")
    ]


@pytest.mark.parametrize("variant", ["cuda", "cu12.8", "cpu; rm -rf /", ""])
def test_an_unknown_variant_is_refused(tmp_path: Path, variant: str) -> None:
    with pytest.raises(SystemExit, match="unknown torch variant"):
        build_component.variant_lock(variant, tmp_path)
