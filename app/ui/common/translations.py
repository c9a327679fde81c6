"""The window's language: Hearth's compiled catalogue (resources/i18n/hearth_<lang>.qm, built by
packaging/i18n.py) and Qt's own for the standard buttons (qtbase_<lang>.qm), installed on the
application at start-up from the "language" setting.

"system" follows the OS's preferred UI languages; a language Hearth has no catalogue for falls
back to English, the language of the source strings, which needs no translator.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.resources import resource_path

ENGLISH = "en"
_log = logging.getLogger(__name__)


def catalogue_folder() -> Path:
    return resource_path("i18n")


def available_languages(folder: Path | None = None) -> list[str]:
    """Languages with a compiled Hearth catalogue, English (the source language) first."""
    folder = catalogue_folder() if folder is None else folder
    found = sorted(p.stem.removeprefix("hearth_") for p in folder.glob("hearth_*.qm"))
    return [ENGLISH, *found]


def chosen_language(setting: str, preferred: Sequence[str], available: Sequence[str]) -> str:
    """The language to show: the setting, or for "system" the first of the OS's `preferred`
    UI languages ("de-DE", "de_AT", "en-US"…) that Hearth has; English otherwise."""
    wanted = list(preferred) if setting == "system" else [setting]
    for name in wanted:
        base = name.replace("-", "_").split("_")[0].lower()
        if base in available:
            return base
    return ENGLISH


def install_translations(app: QCoreApplication, setting: str, folder: Path | None = None) -> str:
    """Install the translators for `setting` (system | en | de…) on `app`; returns the language
    shown. A missing or unreadable catalogue is logged and leaves the window in English."""
    folder = catalogue_folder() if folder is None else folder
    language = chosen_language(setting, QLocale.system().uiLanguages(), available_languages(folder))
    if language == ENGLISH:
        return ENGLISH
    hearth = QTranslator(app)  # parented: a translator must outlive its installation
    if not hearth.load(str(folder / f"hearth_{language}.qm")):
        _log.warning("cannot load the %s catalogue from %s; showing English", language, folder)
        return ENGLISH
    app.installTranslator(hearth)
    qt_base = QTranslator(app)
    qt_folders = (folder, Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)))
    if any(qt_base.load(f"qtbase_{language}", str(place)) for place in qt_folders):
        app.installTranslator(qt_base)
    else:
        _log.info(
            "Qt's own %s translations are not installed; standard buttons stay English", language
        )
    _log.info("window language: %s", language)
    return language
