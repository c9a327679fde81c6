"""Light, dark or the system's colour scheme, on the platform's own style.

The platform style (Windows 11 / Vista, macOS; Fusion on Linux and wherever the native one is
missing) draws the controls; Hearth's palette (palette.py) and its one style sheet
(stylesheet.py) colour them, so both themes look the same on every OS. Qt's
QStyleHints.setColorScheme asks the platform for a scheme but plain X11 and the offscreen
platform ignore it, so every theme sets an explicit palette. "system" follows the OS's scheme
live: when it changes, palette, style sheet and icon tints are applied again.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from app.resources import resource_path
from app.ui.common.palette import DARK, LIGHT, Tokens
from app.ui.common.stylesheet import build_stylesheet

THEMES = ("system", "light", "dark")

_Role = QPalette.ColorRole
_Group = QPalette.ColorGroup


def native_style_name(platform: str = sys.platform) -> str:
    """The style that looks at home on `platform`, among those this Qt has."""
    available = {key.lower(): key for key in QStyleFactory.keys()}  # noqa: SIM118 (a list)
    wanted: tuple[str, ...] = ("fusion",)
    if platform.startswith("win"):
        wanted = ("windows11", "windowsvista", "fusion")
    elif platform == "darwin":
        wanted = ("macos", "fusion")
    return next((available[name] for name in wanted if name in available), "Fusion")


def build_palette(theme: str) -> QPalette:
    """The QPalette of "light" or "dark" (anything else: light), from the colour tokens."""
    t = DARK if theme == "dark" else LIGHT
    roles = {
        _Role.Window: t.window,
        _Role.WindowText: t.text,
        _Role.Base: t.surface,
        _Role.AlternateBase: t.raised,
        _Role.ToolTipBase: t.tooltip,
        _Role.ToolTipText: t.text,
        _Role.Text: t.text,
        _Role.PlaceholderText: t.muted,
        _Role.Button: t.raised,
        _Role.ButtonText: t.text,
        _Role.BrightText: "#ffffff",
        _Role.Light: t.hover if theme == "dark" else "#ffffff",
        _Role.Midlight: t.divider,
        _Role.Mid: t.border,
        _Role.Dark: t.border,
        _Role.Shadow: "#000000" if theme == "dark" else "#767676",
        _Role.Highlight: t.accent,
        _Role.HighlightedText: t.accent_text,
        _Role.Link: t.link,
        _Role.LinkVisited: t.link,
        _Role.Accent: t.accent,
    }
    palette = QPalette()
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    for role in (_Role.WindowText, _Role.Text, _Role.ButtonText, _Role.HighlightedText):
        palette.setColor(_Group.Disabled, role, QColor(t.disabled))
    palette.setColor(_Group.Disabled, _Role.Highlight, QColor(t.divider))
    return palette


class ThemeState(QObject):
    """The theme in force; `changed` tells widgets that draw with tokens (icons) to redraw."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setting = "system"
        self.resolved = "light"
        self.applying = False
        self.style = ""  # the platform style set under the style sheet


_state: ThemeState | None = None


def theme_state() -> ThemeState:
    global _state
    if _state is None:
        _state = ThemeState()
    return _state


def _system_scheme(app: QApplication) -> str:
    return "dark" if app.styleHints().colorScheme() == Qt.ColorScheme.Dark else "light"


def apply_theme(app: QApplication, theme: str) -> None:
    """Switch the whole application to "system", "light" or "dark" (unknown names: system)."""
    if theme not in THEMES:
        theme = "system"
    state = theme_state()
    style = native_style_name()
    if state.style != style:  # with a style sheet, app.style() is Qt's wrapper: no name
        app.setStyle(style)
        state.style = style
    state.applying = True
    try:
        scheme = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}
        app.styleHints().setColorScheme(scheme.get(theme, Qt.ColorScheme.Unknown))
        resolved = _system_scheme(app) if theme == "system" else theme
    finally:
        state.applying = False
    if not getattr(app, "_hearth_follows_scheme", False):
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: _on_scheme_changed(app))
        app._hearth_follows_scheme = True  # type: ignore[attr-defined]
    state.setting, state.resolved = theme, resolved
    app.setPalette(build_palette(resolved))
    tokens = DARK if resolved == "dark" else LIGHT
    app.setStyleSheet(build_stylesheet(tokens, _arrow_files(resolved, tokens)))
    state.changed.emit()


_arrow_dir: Path | None = None


def _arrow_files(theme: str, tokens: Tokens) -> tuple[str, str, str]:
    """Lucide's chevrons in the text colour and its check mark on the accent, written once
    per run: a style sheet's image must be a file."""
    global _arrow_dir
    if _arrow_dir is None:
        _arrow_dir = Path(tempfile.mkdtemp(prefix="hearth-arrows-"))
    files = []
    for name, colour in (
        ("chevron-down", tokens.text),
        ("chevron-up", tokens.text),
        ("check", tokens.accent_text),
    ):
        target = _arrow_dir / f"{name}-{theme}.svg"
        if not target.is_file():
            source = resource_path("icons", "lucide", f"{name}.svg")
            try:
                target.write_text(source.read_text("utf-8").replace("currentColor", colour))
            except OSError:
                return ("", "", "")  # no arrows then, nothing worse
        files.append(target.as_posix())
    return files[0], files[1], files[2]


def _on_scheme_changed(app: QApplication) -> None:
    """The OS switched light/dark: a "system" theme follows (our own request is no switch)."""
    state = theme_state()
    if state.applying or state.setting != "system":
        return
    if _system_scheme(app) != state.resolved:
        apply_theme(app, "system")


def tokens_for(palette: QPalette) -> Tokens:
    """The colour tokens of the theme in force; before any theme is applied, of the theme
    `palette` looks like. (Once the style sheet is on, a widget's own palette is no guide: a
    style-sheet background, even a transparent one, replaces its Window colour.)"""
    if theme_state().style:
        return current_tokens()
    return DARK if is_dark(palette) else LIGHT


def current_tokens() -> Tokens:
    return DARK if theme_state().resolved == "dark" else LIGHT


def is_dark(palette: QPalette) -> bool:
    return palette.color(_Role.Window).lightnessF() < 0.5


def error_color(palette: QPalette) -> QColor:
    """The colour of error text on `palette`'s background (light or dark)."""
    return QColor(tokens_for(palette).error)


def repolish(widget: object) -> None:
    """Re-read the style sheet after a dynamic property (tone, role) changed."""
    from PySide6.QtWidgets import QWidget

    if isinstance(widget, QWidget):
        widget.style().unpolish(widget)
        widget.style().polish(widget)
        widget.update()


def set_tone(widget: object, tone: str) -> None:
    """Mark `widget` "error", "warning", "success", "muted" or "" (none), and restyle it."""
    from PySide6.QtWidgets import QWidget

    if isinstance(widget, QWidget) and widget.property("tone") != tone:
        widget.setProperty("tone", tone)
        repolish(widget)
