"""The bundle check for translations: Hearth's German catalogue (built by packaging/i18n.py
build) must be in resources/i18n and translate; any other Qt .qm is a pruning failure."""

from __future__ import annotations

import shutil
from pathlib import Path

import i18n
from bundle_translations import translation_problems


def test_a_bundle_with_the_built_catalogues_passes_and_strays_fail(tmp_path: Path) -> None:
    internal = tmp_path / "_internal"
    assert translation_problems(internal) == [
        f"{internal / 'resources' / 'i18n' / 'hearth_de.qm'} is missing: "
        "packaging/i18n.py build did not run"
    ]
    built = i18n.build(internal / "resources" / "i18n")
    assert {p.name for p in built} == {"hearth_de.qm", "qtbase_de.qm"}
    assert translation_problems(internal) == []

    stray = internal / "PySide6" / "Qt" / "translations" / "qt_de.qm"
    stray.parent.mkdir(parents=True)
    shutil.copyfile(built[0], stray)
    assert translation_problems(internal)[0].startswith("1 Qt translation files were not pruned")


def test_a_catalogue_that_does_not_translate_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "resources" / "i18n"
    i18n.build(folder)
    (folder / "hearth_de.qm").write_bytes(b"not a catalogue")
    assert any("does not translate" in p for p in translation_problems(tmp_path))
