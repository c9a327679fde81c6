"""Light, dark or the system's colour scheme, on the Fusion style everywhere.

Qt 6.8's QStyleHints.setColorScheme asks the platform for a scheme, but not every platform
theme honours the request (plain X11 and the offscreen platform ignore it), so "light" and
"dark" also set an explicit palette; "system" drops it and lets the platform decide.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")

_Role = QPalette.ColorRole
_Group = QPalette.ColorGroup

_LIGHT = {
    _Role.Window: "#efefef",
    _Role.WindowText: "#1b1b1b",
    _Role.Base: "#ffffff",
    _Role.AlternateBase: "#f5f5f5",
    _Role.ToolTipBase: "#ffffdc",
    _Role.ToolTipText: "#1b1b1b",
    _Role.Text: "#1b1b1b",
    _Role.PlaceholderText: "#6b6b6b",
    _Role.Button: "#efefef",
    _Role.ButtonText: "#1b1b1b",
    _Role.BrightText: "#ffffff",
    _Role.Light: "#ffffff",
    _Role.Midlight: "#e3e3e3",
    _Role.Mid: "#b8b8b8",
    _Role.Dark: "#9f9f9f",
    _Role.Shadow: "#767676",
    _Role.Highlight: "#2f6fca",
    _Role.HighlightedText: "#ffffff",
    _Role.Link: "#1a5fb4",
    _Role.LinkVisited: "#6a3fb4",
}

_DARK = {
    _Role.Window: "#2a2a2c",
    _Role.WindowText: "#e8e8e8",
    _Role.Base: "#1e1e20",
    _Role.AlternateBase: "#262628",
    _Role.ToolTipBase: "#3a3a3c",
    _Role.ToolTipText: "#e8e8e8",
    _Role.Text: "#e8e8e8",
    _Role.PlaceholderText: "#9a9a9e",
    _Role.Button: "#353537",
    _Role.ButtonText: "#e8e8e8",
    _Role.BrightText: "#ffffff",
    _Role.Light: "#4a4a4c",
    _Role.Midlight: "#3e3e40",
    _Role.Mid: "#2f2f31",
    _Role.Dark: "#18181a",
    _Role.Shadow: "#000000",
    _Role.Highlight: "#3d7fd9",
    _Role.HighlightedText: "#ffffff",
    _Role.Link: "#7ab4ff",
    _Role.LinkVisited: "#b99cff",
}

# Disabled text must stay visibly greyed in both schemes.
_DISABLED_LIGHT = "#9a9a9a"
_DISABLED_DARK = "#6f6f72"


def build_palette(theme: str) -> QPalette:
    """The explicit palette for "light" or "dark"."""
    dark = theme == "dark"
    palette = QPalette()
    for role, color in (_DARK if dark else _LIGHT).items():
        palette.setColor(role, QColor(color))
    disabled = QColor(_DISABLED_DARK if dark else _DISABLED_LIGHT)
    for role in (_Role.WindowText, _Role.Text, _Role.ButtonText, _Role.HighlightedText):
        palette.setColor(_Group.Disabled, role, disabled)
    palette.setColor(_Group.Disabled, _Role.Highlight, QColor("#4a4a4c" if dark else "#c8c8c8"))
    return palette


def apply_theme(app: QApplication, theme: str) -> None:
    """Switch the whole application to "system", "light" or "dark" (unknown names: system)."""
    if theme not in THEMES:
        theme = "system"
    if app.style().name().lower() != "fusion":
        # The native Windows and GTK-ish styles ignore palettes in places; Fusion follows them.
        app.setStyle("Fusion")
    scheme = {
        "light": Qt.ColorScheme.Light,
        "dark": Qt.ColorScheme.Dark,
    }.get(theme, Qt.ColorScheme.Unknown)
    app.styleHints().setColorScheme(scheme)
    if theme == "system":
        # An empty palette resolves nothing, so the platform's (scheme-aware) one applies again.
        app.setPalette(QPalette())
    else:
        app.setPalette(build_palette(theme))


# The one error red, per scheme: the light theme's red is too dark to read on a dark background.
_ERROR_ON_LIGHT = "#b3261e"
_ERROR_ON_DARK = "#ff8a80"


def is_dark(palette: QPalette) -> bool:
    return palette.color(_Role.Window).lightnessF() < 0.5


def error_color(palette: QPalette) -> QColor:
    """The colour of error text on `palette`'s background (light or dark)."""
    return QColor(_ERROR_ON_DARK if is_dark(palette) else _ERROR_ON_LIGHT)


def error_style(palette: QPalette) -> str:
    """A style sheet that paints a label's text in the error colour."""
    return f"color: {error_color(palette).name()};"


def error_banner_style(name: str) -> str:
    """A style sheet for the QWidget `name`: white text on the strong error red, which reads in
    both schemes (the dark scheme's light red would not carry white text)."""
    return f"#{name} {{ background: {_ERROR_ON_LIGHT}; }} QLabel {{ color: white; }}"
