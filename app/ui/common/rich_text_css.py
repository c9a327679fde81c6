"""Colours for rendered messages, derived from the current palette.

QTextDocument applies its default style sheet when HTML is parsed, not when it is painted, so
message widgets rebuild it (and re-render) when the palette changes, e.g. on a theme switch.
Every colour is a blend of two palette colours, so light and dark themes both stay readable.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from app.ui.common.theme import tokens_for


def blend(base: QColor, over: QColor, amount: float) -> QColor:
    """`over` laid on `base` with the given opacity (0..1)."""
    keep = 1.0 - amount
    return QColor.fromRgbF(
        base.redF() * keep + over.redF() * amount,
        base.greenF() * keep + over.greenF() * amount,
        base.blueF() * keep + over.blueF() * amount,
    )


def bubble_color(palette: QPalette, *, user: bool) -> QColor:
    """Background of a message: the user's tinted with the accent, the assistant's neutral
    (palette.py's bubble tokens, for the theme `palette` belongs to)."""
    tokens = tokens_for(palette)
    return QColor(tokens.bubble_user if user else tokens.bubble_assistant)


def document_css(palette: QPalette, *, user: bool = False) -> str:
    """The default style sheet for one message's QTextDocument."""
    background = bubble_color(palette, user=user)
    text = palette.color(QPalette.ColorRole.Text)
    tokens = tokens_for(palette)
    code_bg = tokens.code
    head_bg = blend(QColor(tokens.code), text, 0.08).name()
    head_fg = tokens.muted
    rule = blend(background, text, 0.3).name()
    link = QColor(tokens.link)
    return f"""
p, ul, ol, blockquote {{ margin-top: 2px; margin-bottom: 6px; }}
li {{ margin-bottom: 2px; }}
h1 {{ font-size: x-large; margin-top: 8px; margin-bottom: 6px; }}
h2 {{ font-size: large; margin-top: 8px; margin-bottom: 4px; }}
h3, h4, h5, h6 {{ font-size: medium; margin-top: 6px; margin-bottom: 4px; }}
a {{ color: {link.name()}; }}
code {{ background-color: {code_bg}; font-family: monospace; }}
blockquote {{ color: {head_fg}; }}
table.code {{ margin-top: 4px; margin-bottom: 8px; }}
td.code-head {{ background-color: {head_bg}; color: {head_fg}; font-size: small; }}
td.code-body {{ background-color: {code_bg}; }}
table.copy {{ border-color: {tokens.border}; border-style: solid; }}
td.copy-button {{ background-color: {tokens.raised}; }}
td.copy-button a {{ color: {text.name()}; text-decoration: none; font-weight: bold; }}
pre {{ font-family: monospace; white-space: pre-wrap; margin: 0px; }}
table.grid {{ border-collapse: collapse; border-color: {rule}; border-style: solid;
             margin-top: 4px; margin-bottom: 8px; }}
th {{ background-color: {head_bg}; font-weight: bold; }}
"""
