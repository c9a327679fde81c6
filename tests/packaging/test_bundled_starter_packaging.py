"""Every installer carries the starter model where the app looks for it, verified byte for byte."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import build_bundle
import bundle_config as config
import pytest

from app.library.bundled_starter import BUNDLED_MODELS_DIR
from app.library.starter import STARTER_FILE_NAME


def test_the_spec_puts_the_model_where_the_frozen_app_looks() -> None:
    assert config.STARTER_MODEL_FILE == STARTER_FILE_NAME
    assert config.STARTER_MODEL_DEST == BUNDLED_MODELS_DIR
    spec = (Path(config.ROOT) / "packaging" / "hearth.spec").read_text(encoding="utf-8")
    assert "config.starter_model_datas()" in spec


def test_a_build_without_the_model_stops_and_says_how_to_get_it(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"build_bundle\.py"):
        config.starter_model_datas(tmp_path / STARTER_FILE_NAME)


def fake_bundle(root: Path, model: Path | None) -> Path:
    bundle = root / "hearth"
    folder = build_bundle.bundled_starter(bundle)
    folder.parent.mkdir(parents=True)
    if model is not None:
        shutil.copyfile(model, folder)
    return bundle


@pytest.mark.skipif(sys.platform == "darwin", reason="Linux/Windows onedir layout")
def test_verify_accepts_the_real_model_and_names_a_missing_or_damaged_one(
    tmp_path: Path, starter_model: Path
) -> None:
    assert build_bundle.starter_model_problems(fake_bundle(tmp_path / "good", starter_model)) == []
    missing = build_bundle.starter_model_problems(fake_bundle(tmp_path / "none", None))
    assert len(missing) == 1 and "not in the bundle" in missing[0]
    bundle = fake_bundle(tmp_path / "bad", starter_model)
    with build_bundle.bundled_starter(bundle).open("r+b") as handle:
        handle.seek(1_000_000)
        flipped = bytes(b ^ 0xFF for b in handle.read(16))
        handle.seek(1_000_000)
        handle.write(flipped)
    damaged = build_bundle.starter_model_problems(bundle)
    assert len(damaged) == 1 and "does not match its sha256" in damaged[0]
