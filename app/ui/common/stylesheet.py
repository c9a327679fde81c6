"""The one app-wide style sheet, built from a theme's colour tokens (palette.py).

Widgets do not carry colours or fonts of their own: they say what they are with a dynamic
property and this sheet decides how that looks:
- `tone`: "error" | "warning" | "success" | "muted" (text colour of a label or a message);
- `role`: "heading" | "primary" (the main button of a view) | "empty-state" (what to do next)
  | "banner" (the error banner) | "badge" (a message's small label) | "sidebar" (the modes).
Hover, focus, disabled and checked states are styled here for every control, and every
focusable control shows its keyboard focus with the `focus` colour (2 px), both themes.
"""

from __future__ import annotations

from app.ui.common.palette import Tokens

RADIUS = 6
BASE_PT = 10  # body text; headings and empty states scale from it


def build_stylesheet(t: Tokens, arrows: tuple[str, str, str] = ("", "", "")) -> str:
    """The sheet for `t`; `arrows` are image files (down, up, check) for combo and spin boxes
    and check boxes, in the theme's colours (a styled box no longer gets the platform's)."""
    parts = (_controls(t), _inputs(t), _arrows(t, *arrows), _roles(t), _sidebar(t), _scrolling(t))
    return "\n".join(parts)


def _arrows(t: Tokens, down: str, up: str, check: str) -> str:
    if not down or not up or not check:
        return ""
    return f"""
QCheckBox::indicator, QGroupBox::indicator {{ width: 14px; height: 14px; border-radius: 3px;
    border: 1px solid {t.border}; background: {t.surface}; }}
QCheckBox::indicator:hover {{ border-color: {t.text}; }}
QCheckBox::indicator:checked, QGroupBox::indicator:checked {{ background: {t.accent};
    border-color: {t.accent}; image: url("{check}"); }}
QCheckBox::indicator:disabled {{ background: {t.window}; border-color: {t.divider}; }}
QCheckBox::indicator:checked:disabled {{ background: {t.divider}; }}
QComboBox::down-arrow {{ image: url("{down}"); width: 14px; height: 14px; }}
QComboBox::down-arrow:disabled {{ image: none; }}
QSpinBox::up-button, QDoubleSpinBox::up-button, QDateEdit::up-button {{
    subcontrol-origin: border; subcontrol-position: top right; width: 18px; border: none; }}
QSpinBox::down-button, QDoubleSpinBox::down-button, QDateEdit::down-button {{
    subcontrol-origin: border; subcontrol-position: bottom right; width: 18px; border: none; }}
QSpinBox::up-arrow, QDoubleSpinBox::up-arrow, QDateEdit::up-arrow {{
    image: url("{up}"); width: 10px; height: 10px; }}
QSpinBox::down-arrow, QDoubleSpinBox::down-arrow, QDateEdit::down-arrow {{
    image: url("{down}"); width: 10px; height: 10px; }}
"""


def _controls(t: Tokens) -> str:
    return f"""
QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
QToolTip {{ background: {t.tooltip}; color: {t.text}; border: 1px solid {t.border};
    padding: 4px 6px; }}
QPushButton {{
    background: {t.raised}; color: {t.text}; border: 1px solid {t.border};
    border-radius: {RADIUS}px; padding: 4px 6px; min-height: 18px;
}}
QPushButton:hover {{ background: {t.hover}; }}
QPushButton:pressed, QPushButton:checked {{ background: {t.hover}; border-color: {t.accent}; }}
QPushButton:focus {{ border: 2px solid {t.focus}; padding: 3px 5px; }}
QPushButton:disabled {{ color: {t.disabled}; border-color: {t.divider}; background: {t.window}; }}
QPushButton[role="primary"] {{
    background: {t.accent}; color: {t.accent_text}; border: 1px solid {t.accent};
    font-weight: 600;
}}
QPushButton[role="primary"]:hover {{ border-color: {t.focus}; }}
QPushButton[role="primary"]:focus {{ border: 2px solid {t.focus}; }}
QPushButton[role="primary"]:disabled {{
    background: {t.divider}; color: {t.disabled}; border-color: {t.divider};
}}
QToolButton {{
    color: {t.text}; border: 1px solid transparent;
    border-radius: {RADIUS}px; padding: 3px 6px;
}}
QToolButton:hover {{ background: {t.hover}; border-color: {t.divider}; }}
QToolButton:checked, QToolButton:pressed {{ background: {t.hover}; border-color: {t.accent}; }}
QToolButton:focus {{ border: 2px solid {t.focus}; padding: 2px 5px; }}
QToolButton:disabled {{ color: {t.disabled}; }}
QToolButton[popupMode="1"] {{ padding-right: 16px; }}
QToolBar {{ background: {t.window}; border: none; border-bottom: 1px solid {t.divider};
    spacing: 6px; padding: 4px 8px; }}
QToolBar::separator {{ background: {t.divider}; width: 1px; margin: 4px 6px; }}
QStatusBar {{ background: {t.window}; color: {t.muted}; border-top: 1px solid {t.divider}; }}
QStatusBar QLabel {{ color: {t.muted}; }}
QMenuBar {{ background: {t.window}; color: {t.text}; }}
QMenuBar::item:selected {{ background: {t.hover}; border-radius: 4px; }}
QMenu {{ background: {t.surface}; color: {t.text}; border: 1px solid {t.divider}; padding: 4px; }}
QMenu::item {{ padding: 5px 24px 5px 24px; border-radius: 4px; }}
QMenu::item:selected {{ background: {t.accent}; color: {t.accent_text}; }}
QMenu::item:disabled {{ color: {t.disabled}; }}
QMenu::separator {{ height: 1px; background: {t.divider}; margin: 4px 8px; }}
QTabWidget::pane {{ border: 1px solid {t.divider}; border-radius: {RADIUS}px; top: -1px; }}
QTabBar::tab {{ color: {t.muted}; padding: 6px 12px; border: none;
    border-bottom: 2px solid transparent; }}
QTabBar::tab:selected {{ color: {t.text}; border-bottom: 2px solid {t.accent}; }}
QTabBar::tab:hover {{ color: {t.text}; background: {t.hover}; }}
QTabBar::tab:focus {{ border: 2px solid {t.focus}; border-radius: 4px; padding: 4px 10px; }}
QSplitter::handle {{ background: transparent; }}
QSplitter::handle:horizontal {{ width: 5px; background: qlineargradient(x1:0, y1:0, x2:1, y2:0,
    stop:0 transparent, stop:0.4 transparent, stop:0.41 {t.divider}, stop:0.59 {t.divider},
    stop:0.6 transparent, stop:1 transparent); }}
QSplitter::handle:vertical {{ height: 5px; }}
QSplitter::handle:hover {{ background: {t.accent}; }}
QProgressBar {{ border: 1px solid {t.border}; border-radius: 4px; background: {t.surface};
    color: {t.text}; text-align: center; min-height: 14px; }}
QProgressBar::chunk {{ background: {t.accent}; border-radius: 3px; }}
QGroupBox {{ border: 1px solid {t.divider}; border-radius: {RADIUS}px; margin-top: 14px;
    padding-top: 6px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; color: {t.text};
    font-weight: 600; }}
"""


def _inputs(t: Tokens) -> str:
    # Every input has a visible outline in both themes (the dark theme's were near invisible).
    return f"""
QLineEdit, QPlainTextEdit, QTextEdit, QSpinBox, QDoubleSpinBox, QDateEdit, QComboBox {{
    background: {t.surface}; color: {t.text}; border: 1px solid {t.border};
    border-radius: {RADIUS}px; padding: 4px 6px;
    selection-background-color: {t.accent}; selection-color: {t.accent_text};
}}
QPlainTextEdit, QTextEdit {{ padding: 1px; }}
QLineEdit:hover, QPlainTextEdit:hover, QTextEdit:hover, QSpinBox:hover,
QDoubleSpinBox:hover, QDateEdit:hover, QComboBox:hover {{ border-color: {t.text}; }}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QSpinBox:focus,
QDoubleSpinBox:focus, QDateEdit:focus, QComboBox:focus {{
    border: 2px solid {t.focus}; padding: 3px 5px;
}}
QPlainTextEdit:focus, QTextEdit:focus {{ padding: 0px; }}
QTextBrowser[role="message"], QTextBrowser[role="message"]:focus {{
    border: none; background: transparent; padding: 0px; }}
QLineEdit:disabled, QPlainTextEdit:disabled, QTextEdit:disabled, QSpinBox:disabled,
QComboBox:disabled {{ color: {t.disabled}; border-color: {t.divider}; background: {t.window}; }}
QLineEdit[tone="error"], QPlainTextEdit[tone="error"], QComboBox[tone="error"] {{
    border: 2px solid {t.error};
}}
QComboBox::drop-down {{ border: none; width: 20px; }}
QComboBox QAbstractItemView {{ background: {t.surface}; color: {t.text};
    border: 1px solid {t.border}; selection-background-color: {t.accent};
    selection-color: {t.accent_text}; }}
QListView, QTreeView, QTableView, QListWidget, QTreeWidget, QTableWidget {{
    background: {t.surface}; color: {t.text}; border: 1px solid {t.divider};
    border-radius: {RADIUS}px; alternate-background-color: {t.raised};
    selection-background-color: {t.accent}; selection-color: {t.accent_text};
}}
QListView:focus, QTreeView:focus, QTableView:focus {{ border: 2px solid {t.focus}; }}
QHeaderView::section {{ background: {t.raised}; color: {t.muted}; border: none;
    border-bottom: 1px solid {t.divider}; padding: 3px 3px; }}
QCheckBox, QRadioButton {{ color: {t.text}; spacing: 6px; }}
QCheckBox:focus, QRadioButton:focus {{ outline: none; border: 2px solid {t.focus};
    border-radius: 4px; }}
QCheckBox:disabled, QRadioButton:disabled {{ color: {t.disabled}; }}
QSlider:focus {{ border: 2px solid {t.focus}; border-radius: 4px; }}
"""


def _roles(t: Tokens) -> str:
    return f"""
QLabel[tone="error"] {{ color: {t.error}; }}
QLabel[tone="warning"] {{ color: {t.warning}; }}
QLabel[tone="success"] {{ color: {t.success}; }}
QLabel[tone="muted"] {{ color: {t.muted}; }}
QLabel[role="heading"] {{ font-size: {BASE_PT + 2}pt; font-weight: 600; }}
QLabel[role="empty-state"], QWidget[role="empty-state"] QLabel {{
    color: {t.muted}; font-size: {BASE_PT + 1}pt; padding: 12px;
}}
QLabel[role="badge"] {{ color: {t.accent_text}; border-radius: 4px; padding: 0px 6px;
    font-size: {BASE_PT - 1}pt; background: {t.badge}; }}
QLabel[role="badge"][tone="warning"] {{ background: {t.badge_warning}; }}
QLabel[role="check"] {{ color: {t.error}; font-weight: bold; }}
QWidget[role="banner"] {{ background: {t.error_banner}; border-radius: {RADIUS}px; }}
QWidget[role="banner"] QLabel {{ color: {t.accent_text}; }}
QWidget[role="banner"] QPushButton {{ background: transparent; color: {t.accent_text};
    border: 1px solid {t.accent_text}; }}
QWidget[role="banner"] QPushButton:focus {{ border: 2px solid {t.accent_text}; }}
QWidget[role="notice"], QLabel[role="notice"] {{ background: {t.notice};
    color: {t.notice_text}; border: 1px solid {t.warning}; border-radius: {RADIUS}px; }}
QLabel[role="notice"] {{ padding: 6px 8px; font-weight: 600; }}
QWidget[role="notice"] QLabel {{ color: {t.notice_text}; background: transparent; border: none; }}
QWidget[role="notice"] QLabel[role="badge"] {{ color: {t.notice}; background: {t.notice_text};
    font-weight: bold; border-radius: 3px; padding: 1px 6px; }}
QToolButton[role="code-copy"] {{ border: 1px solid {t.border}; background: {t.raised};
    padding: 1px 8px; }}
"""


def _sidebar(t: Tokens) -> str:
    """The mode switcher down the left edge: icon above label, the current mode lit."""
    return f"""
QToolBar[role="sidebar"] {{ background: {t.raised}; border: none;
    border-right: 1px solid {t.divider}; padding: 6px 3px; spacing: 4px; }}
QToolBar[role="sidebar"] QToolButton {{ min-width: 56px; padding: 6px 2px;
    font-size: {BASE_PT - 1}pt; color: {t.muted}; }}
QToolBar[role="sidebar"] QToolButton:hover {{ color: {t.text}; }}
QToolBar[role="sidebar"] QToolButton:checked {{ background: {t.hover}; color: {t.text};
    border: 1px solid {t.accent}; font-weight: 600; }}
QToolBar[role="sidebar"] QToolButton:focus {{ border: 2px solid {t.focus}; padding: 5px 1px; }}
QToolBar[role="sidebar"]::separator {{ height: 1px; background: {t.divider}; margin: 6px 8px; }}
"""


def _scrolling(t: Tokens) -> str:
    return f"""
QScrollBar:vertical {{ background: transparent; width: 12px; margin: 2px; }}
QScrollBar:horizontal {{ background: transparent; height: 12px; margin: 2px; }}
QScrollBar::handle {{ background: {t.divider}; border-radius: 4px; }}
QScrollBar::handle:hover {{ background: {t.border}; }}
QScrollBar::handle:vertical {{ min-height: 32px; }}
QScrollBar::handle:horizontal {{ min-width: 32px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
"""
