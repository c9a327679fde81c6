"""The bundle's translations: Hearth's own .qm files (resources/i18n, built by
packaging/i18n.py) must be there and load; every other Qt .qm must have been pruned
(bundle_config.EXCLUDED_DATAS), since Qt's strings alone would mix languages in the window.

build_bundle.verify() calls `translation_problems` after PyInstaller.
"""

from __future__ import annotations

from pathlib import Path

# A phrase of the shell's catalogue and its German text: the compiled file really translates.
PROBE = ("About Hearth", "Über Hearth")
LANGUAGE = "de"


def translation_problems(internal: Path) -> list[str]:
    """User-facing problems with the bundle's .qm files under `internal` (PyInstaller's
    _internal folder, or Contents/Frameworks on macOS)."""
    folder = internal / "resources" / "i18n"
    problems = []
    strays = [p for p in internal.rglob("*.qm") if p.parent != folder]
    if strays:
        problems.append(f"{len(strays)} Qt translation files were not pruned (e.g. {strays[0]})")
    hearth = folder / f"hearth_{LANGUAGE}.qm"
    if not hearth.is_file():
        return [*problems, f"{hearth} is missing: packaging/i18n.py build did not run"]
    if not (folder / f"qtbase_{LANGUAGE}.qm").is_file():
        problems.append(f"qtbase_{LANGUAGE}.qm is missing beside {hearth.name}")
    loaded = translated(hearth, PROBE[0])
    if loaded != PROBE[1]:
        problems.append(f"{hearth} does not translate {PROBE[0]!r} (gave {loaded!r})")
    return problems


def translated(qm: Path, source: str) -> str:
    """`source` as the compiled catalogue `qm` translates it ("" when it does not load)."""
    from PySide6.QtCore import QTranslator  # the building Python's Qt reads the bundle's file

    translator = QTranslator()
    if not translator.load(str(qm)):
        return ""
    return translator.translate("hearth", source) or ""
