"""The window in German: every area's catalogue complete, compiled with Qt's
lrelease by `packaging/i18n.py build`, and installed at start-up from the "language" setting
(Qt's own qtbase catalogue too, for the standard buttons)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.config import Settings
from app.ui.common.i18n import tr
from app.ui.common.translations import (
    ENGLISH,
    available_languages,
    chosen_language,
    install_translations,
)
from app.ui.shell.settings_dialog import SettingsDialog

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "packaging" / "i18n.py"


def checked_areas() -> list[str]:
    """Every area of the window: each has its own German catalogue file."""
    folders = (ROOT / "app" / "ui").iterdir()
    return sorted(p.name for p in folders if p.is_dir() and not p.name.startswith("__"))


@pytest.mark.parametrize("area", checked_areas())
def test_every_phrase_of_the_area_has_a_german_translation(area: str) -> None:
    checked = subprocess.run(
        [sys.executable, str(I18N), "check", "--area", area, "--language", "de"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.strip().endswith("0 phrase use(s) without a de translation")


def test_every_phrase_of_the_app_has_a_german_translation() -> None:
    # Beyond app/ui: the GUI entry's own messages (the database and passphrase prompts).
    checked = subprocess.run(
        [sys.executable, str(I18N), "check", "--language", "de"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("qm")
    subprocess.run([sys.executable, str(I18N), "build", "--out", str(out)], check=True)
    return out


@pytest.fixture
def german(compiled: Path, qapp: QApplication) -> Iterator[str]:
    before = set(qapp.findChildren(QTranslator))
    language = install_translations(qapp, "de", compiled)
    yield language
    for translator in set(qapp.findChildren(QTranslator)) - before:
        QCoreApplication.removeTranslator(translator)
        translator.deleteLater()


def test_build_writes_one_catalogue_per_language_with_qts_own(compiled: Path) -> None:
    assert "de" in available_languages(compiled)
    assert (compiled / "hearth_de.qm").stat().st_size > 1000
    assert (compiled / "qtbase_de.qm").is_file()


def test_the_german_setting_translates_the_window_and_qts_buttons(
    german: str, qtbot: QtBot
) -> None:
    assert german == "de"
    assert tr("About Hearth") == "Über Hearth"
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Einstellungen"
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.text().replace("&", "") == "Abbrechen"


def test_english_needs_no_translator(compiled: Path, qapp: QApplication) -> None:
    before = len(qapp.findChildren(QTranslator))
    assert install_translations(qapp, "en", compiled) == ENGLISH
    assert len(qapp.findChildren(QTranslator)) == before
    assert tr("About Hearth") == "About Hearth"


def test_system_follows_the_first_preferred_language_hearth_has() -> None:
    available = ["en", "de"]
    assert chosen_language("system", ["de-AT", "en-US"], available) == "de"
    assert chosen_language("system", ["fr-FR", "de-DE"], available) == "de"
    assert chosen_language("system", ["fr-FR", "ja-JP"], available) == ENGLISH
    assert chosen_language("en", ["de-DE"], available) == ENGLISH
    assert chosen_language("de", ["en-US"], available) == "de"
    assert chosen_language("de", ["en-US"], ["en"]) == ENGLISH  # not built: English
