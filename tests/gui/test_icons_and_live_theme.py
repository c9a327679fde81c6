"""The window's Lucide icons (tinted to the theme, crisp at 200 %) and the "system" theme
following the OS's light/dark switch live."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPalette
from PySide6.QtWidgets import QApplication

from app.resources import resource_path
from app.ui.common import icons, theme
from app.ui.common.palette import DARK, LIGHT
from app.ui.common.theme import apply_theme


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    apply_theme(qapp, "system")


def stroke_colours(image: QImage) -> set[str]:
    """The colours of the icon's solid pixels (anti-aliased edges left out)."""
    return {
        QColor(image.pixel(x, y)).name()
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() == 255
    }


def test_every_icon_ships_with_its_licence() -> None:
    folder = resource_path(*icons.ICON_DIR)
    assert {path.stem for path in folder.glob("*.svg")} == set(icons.NAMES)
    assert "ISC License" in (folder / "LICENSE.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["message-square", "settings", "send"])
def test_icons_are_drawn_at_the_device_pixel_size_in_the_theme_colour(
    app: QApplication, name: str
) -> None:
    apply_theme(app, "light")
    sharp = icons.icon(name).pixmap(QSize(24, 24), 2.0)
    assert (sharp.width(), sharp.height()) == (48, 48)  # drawn for 200 %, not scaled up
    assert sharp.devicePixelRatio() == 2.0
    assert stroke_colours(sharp.toImage()) == {LIGHT.text}
    apply_theme(app, "dark")
    assert stroke_colours(icons.icon(name).pixmap(QSize(24, 24), 2.0).toImage()) == {DARK.text}
    disabled = icons.icon(name).pixmap(QSize(24, 24), 1.0, QIcon.Mode.Disabled)
    assert stroke_colours(disabled.toImage()) == {DARK.disabled}


def test_an_unknown_icon_is_refused() -> None:
    with pytest.raises(ValueError, match="no such icon"):
        icons.icon("no-such-icon")


def test_the_system_theme_follows_the_os_switch_live(
    app: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    os_scheme = ["light"]
    monkeypatch.setattr(theme, "_system_scheme", lambda _app: os_scheme[0])
    apply_theme(app, "system")
    assert app.palette().color(QPalette.ColorRole.Window).name() == LIGHT.window
    os_scheme[0] = "dark"  # the user turns on the OS's dark mode
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert app.palette().color(QPalette.ColorRole.Window).name() == DARK.window
    assert DARK.focus in app.styleSheet()
    # A theme chosen in Settings stays put whatever the OS does.
    apply_theme(app, "light")
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert app.palette().color(QPalette.ColorRole.Window).name() == LIGHT.window
