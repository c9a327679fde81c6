"""Help > About Hearth: version, llama.cpp backend, and every shipped licence, readable.

With HEARTH_SHOTS_DIR set, the dialog is saved there for a person to look at:
    HEARTH_SHOTS_DIR=shots python -m pytest tests/gui/test_about_dialog.py
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app import __version__, licenses
from app.config import Paths
from app.core import Core
from app.diagnostics import EngineFacts
from app.ui.shell.about_dialog import AboutDialog, package_version

from .test_main_window import Session


def save_shot(widget: QWidget, name: str) -> None:
    folder = os.environ.get("HEARTH_SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / name))


@pytest.fixture
def dialog(qtbot: QtBot) -> Iterator[AboutDialog]:
    about = AboutDialog(licenses.shipped_components(), EngineFacts(backend="CPU", devices=()))
    qtbot.addWidget(about)
    about.show()
    yield about


def labels(widget: QWidget) -> list[str]:
    from PySide6.QtWidgets import QLabel

    return [label.text() for label in widget.findChildren(QLabel)]


def test_shows_the_version_backend_and_engine(dialog: AboutDialog) -> None:
    texts = labels(dialog)
    assert f"Hearth {__version__}" in texts
    assert "CPU" in texts
    engine = metadata.version("llama_cpp_python")
    assert f"llama.cpp through llama-cpp-python {engine}" in texts
    assert package_version(dialog.components, "llama_cpp_python") == engine


def test_lists_hearth_first_and_every_required_notice(dialog: AboutDialog) -> None:
    tree = dialog.tree
    names = [tree.topLevelItem(row).text(0) for row in range(tree.topLevelItemCount())]
    assert names[0] == licenses.HEARTH
    for required in licenses.REQUIRED:
        assert required in names
    assert "PySide6_Essentials" in names or "PySide6-Essentials" in names
    # The first component's licence is shown without a click.
    assert "Apache License" in dialog.viewer.toPlainText()


@pytest.mark.parametrize(
    ("component", "file_index", "expected"),
    [
        (licenses.QT, 0, "download.qt.io"),
        (licenses.QT, 1, "GNU LESSER GENERAL PUBLIC LICENSE"),
        (licenses.LLAMA_CPP, None, "The ggml authors"),
        (licenses.SQLCIPHER, None, "ZETETIC LLC"),
        (licenses.OPENSSL, None, "Apache License"),
        (licenses.HEARTH, 1, "Third-party notices"),
    ],
)
def test_each_licence_opens_to_its_text(
    dialog: AboutDialog, component: str, file_index: int | None, expected: str
) -> None:
    dialog.select(component, file_index)
    assert expected in dialog.viewer.toPlainText()


def test_a_missing_text_is_said_not_crashed_on(qtbot: QtBot, tmp_path: Path) -> None:
    gone = licenses.LicenseFile(tmp_path / "gone.txt", "packages/gone-1.0/LICENSE")
    component = licenses.Component("gone", "1.0", "MIT", (gone,))
    about = AboutDialog([component], EngineFacts(backend="no model loaded"))
    qtbot.addWidget(about)
    about.select("gone", 0)
    assert "could not be read" in about.viewer.toPlainText()


def test_screenshot_with_the_qt_notice_open(dialog: AboutDialog) -> None:
    dialog.select(licenses.QT, 0)
    image = dialog.grab().toImage()
    assert image.width() >= 800 and image.height() >= 500
    save_shot(dialog, "about-qt-notice.png")


@pytest.fixture
def window_session(hearth_home: Path, starter_model: Path, qtbot: QtBot) -> Iterator[Session]:
    core = Core.open(Paths.resolve())
    core.library.import_model(starter_model)
    core.close()
    session = Session(qtbot)
    yield session
    session.close()


def test_help_about_shows_the_loaded_models_backend(window_session: Session) -> None:
    session = window_session
    session.load()
    seen: list[str] = []

    def inspect_and_close() -> None:
        about = QApplication.activeModalWidget()
        if not isinstance(about, AboutDialog):
            QTimer.singleShot(20, inspect_and_close)
            return
        seen.extend(labels(about))
        save_shot(about, "about-from-help-menu.png")
        about.reject()

    QTimer.singleShot(20, inspect_and_close)
    session.window.commands.about.trigger()
    backend = session.window.controller.loaded_model.backend
    assert backend in seen and f"Hearth {__version__}" in seen
