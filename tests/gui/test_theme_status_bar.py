"""Theme switching, the status bar's labels, and resource paths."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.resources import resource_path
from app.ui.common.theme import apply_theme, native_style_name, theme_state
from app.ui.shell.status_bar import HearthStatusBar


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    apply_theme(qapp, "system")  # the application is shared by every test


def base_lightness(app: QApplication) -> float:
    return app.palette().color(QPalette.ColorRole.Base).lightnessF()


def test_dark_light_and_system_themes(app: QApplication) -> None:
    apply_theme(app, "system")
    system = app.palette().color(QPalette.ColorRole.Base)
    apply_theme(app, "dark")
    # Under the style sheet Qt wraps the platform's style: on Linux that is Fusion.
    assert theme_state().style == native_style_name() == "Fusion"
    assert base_lightness(app) < 0.3
    text = app.palette().color(QPalette.ColorRole.Text)
    assert text.lightnessF() > 0.7  # readable on the dark base
    apply_theme(app, "light")
    assert base_lightness(app) > 0.9
    apply_theme(app, "system")
    assert app.palette().color(QPalette.ColorRole.Base) == system
    apply_theme(app, "no-such-theme")  # hand-edited settings: treated as system
    assert app.palette().color(QPalette.ColorRole.Base) == system


def test_the_native_style_per_platform() -> None:
    """Windows and macOS get their own style where this Qt has it; Fusion stands in."""
    from PySide6.QtWidgets import QStyleFactory

    keys = {key.lower() for key in QStyleFactory.keys()}  # noqa: SIM118 (a list)
    assert native_style_name("linux") == "Fusion"
    windows = native_style_name("win32").lower()
    assert windows == next((k for k in ("windows11", "windowsvista") if k in keys), "fusion")
    assert native_style_name("darwin").lower() == ("macos" if "macos" in keys else "fusion")


def test_the_style_sheet_follows_the_theme(app: QApplication) -> None:
    from app.ui.common.palette import DARK, LIGHT

    apply_theme(app, "dark")
    assert DARK.focus in app.styleSheet() and DARK.surface in app.styleSheet()
    apply_theme(app, "light")
    assert LIGHT.focus in app.styleSheet() and DARK.surface not in app.styleSheet()


def test_status_bar_labels(qtbot: QtBot) -> None:
    bar = HearthStatusBar()
    qtbot.addWidget(bar)
    bar.show()
    assert bar.model_label.text() == "No model loaded"
    assert not bar.context_label.isVisible() and not bar.speed_label.isVisible()
    bar.set_model("SmolLM2-135M-Instruct", "CUDA")
    bar.set_context(1234, 4096)
    bar.set_speed(31.24)
    assert bar.model_label.text() == "SmolLM2-135M-Instruct"
    assert bar.backend_label.text() == "CUDA" and bar.backend_label.isVisible()
    assert bar.context_label.text() == "1,234 / 4,096 ctx"
    assert bar.speed_label.text() == "31.2 tok/s"
    bar.show_state("Loading model…")
    assert bar.currentMessage() == "Loading model…"
    bar.set_model(None, None)
    bar.set_speed(None)
    assert not bar.backend_label.isVisible() and not bar.speed_label.isVisible()


def test_resource_path_in_a_checkout_and_when_frozen(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    repo_root = Path(__file__).resolve().parents[2]
    assert resource_path() == repo_root / "resources"
    assert resource_path().is_dir()
    assert resource_path("styles", "app.qss") == repo_root / "resources" / "styles" / "app.qss"
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_path("icons", "hearth.png") == tmp_path / "resources" / "icons" / "hearth.png"
