"""The first-run screen's look: cards, headings and buttons in the colours of the current theme.

Built from the palette (light, dark or the system's), and built again when the palette
changes, so the screen follows a theme switch. Keyboard focus stays visible on every button.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from app.ui.common.theme import error_color, tokens_for

_Role = QPalette.ColorRole


def is_dark(palette: QPalette) -> bool:
    return palette.color(_Role.Window).lightness() < 128


def first_run_style_sheet(palette: QPalette) -> str:
    dark = is_dark(palette)
    window = palette.color(_Role.Window)
    text = palette.color(_Role.WindowText).name()
    accent = palette.color(_Role.Highlight)
    accent_text = palette.color(_Role.HighlightedText).name()
    card = (window.lighter(125) if dark else palette.color(_Role.Base)).name()
    tokens = tokens_for(palette)  # the app's palette (app/ui/common/palette.py)
    border = tokens.border
    muted = tokens.muted
    hover = accent.lighter(115).name() if dark else accent.darker(110).name()
    error = error_color(palette).name()
    warning = tokens.warning
    banner_bg, banner_border = tokens.surface, tokens.error
    button = (window.lighter(140) if dark else QColor("#ffffff")).name()
    return f"""
QDialog#firstRun, QWidget#firstRunPage {{ background: {window.name()}; }}
QLabel {{ color: {text}; }}
QLabel#title {{ font-size: 26px; font-weight: 600; }}
QLabel#subtitle {{ font-size: 14px; color: {muted}; }}
QLabel#section {{ font-size: 12px; font-weight: 700; color: {muted}; letter-spacing: 1px; }}
QLabel#muted {{ color: {muted}; }}
QLabel#status {{ color: {muted}; }}
QLabel#errorText {{ color: {error}; font-weight: 700; font-size: 14px; }}
QLabel#errorDetail {{ color: {error}; }}
QFrame#card {{ background: {card}; border: 2px solid {accent.name()}; border-radius: 12px; }}
QFrame#fact, QFrame#option {{
    background: {card}; border: 1px solid {border}; border-radius: 10px;
}}
QFrame#card QLabel, QFrame#fact QLabel, QFrame#option QLabel {{ background: transparent; }}
QLabel#cardTitle {{ font-size: 22px; font-weight: 600; }}
QLabel#cardUses {{ font-size: 14px; font-weight: 600; }}
QFrame#card QLabel#badge {{
    background: {accent.name()}; color: {accent_text}; border-radius: 8px;
    padding: 2px 10px; font-size: 12px; font-weight: 700;
}}
QLabel#factCaption {{ font-size: 12px; color: {muted}; }}
QLabel#factValue {{ font-size: 16px; font-weight: 600; }}
QLabel#statValue {{ font-size: 15px; font-weight: 600; }}
QLabel#reason {{ color: {text}; }}
QLabel#warning {{ color: {warning}; font-weight: 600; }}
QLabel#optionTitle {{ font-size: 14px; font-weight: 600; }}
QFrame#problem {{
    background: {banner_bg}; border: 1px solid {banner_border}; border-radius: 10px;
}}
QFrame#problem QLabel {{ background: transparent; }}
QLabel#problemTitle {{ color: {error}; font-size: 14px; font-weight: 700; }}
QPushButton {{
    background: {button}; color: {text}; border: 1px solid {border}; border-radius: 6px;
    padding: 7px 16px;
}}
QPushButton:hover {{ border-color: {accent.name()}; }}
QPushButton:focus {{ border: 2px solid {accent.name()}; padding: 6px 15px; }}
QPushButton:disabled {{ color: {muted}; }}
QPushButton#primary {{
    background: {accent.name()}; color: {accent_text}; border: 1px solid {accent.name()};
    font-weight: 600; padding: 8px 22px;
}}
QPushButton#primary:hover {{ background: {hover}; }}
QPushButton#primary:focus {{ border: 2px solid {text}; padding: 7px 21px; }}
QPushButton#primary:disabled {{ background: {border}; border-color: {border}; color: {muted}; }}
QProgressBar {{
    border: none; border-radius: 4px; background: {border}; max-height: 8px;
}}
QProgressBar::chunk {{ background: {accent.name()}; border-radius: 4px; }}
QScrollArea {{ background: transparent; border: none; }}
QScrollBar:vertical {{ background: transparent; width: 10px; margin: 4px 2px; }}
QScrollBar::handle:vertical {{ background: {border}; border-radius: 3px; min-height: 40px; }}
QScrollBar::handle:vertical:hover {{ background: {muted}; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
"""
