"""Hearth's colours: one set of semantic tokens for the light theme and one for the dark.

Everything that paints a colour (the QPalette in theme.py, the app-wide style sheet in
stylesheet.py, the icon tints in icons.py, the message bubbles) reads it from here, so a colour
is chosen once. Plain data, no Qt: tests/unit/test_palette_contrast.py checks every text and
background pair against WCAG AA.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Final


@dataclass(frozen=True)
class Tokens:
    """The colours of one theme, as #rrggbb."""

    window: str  # the window's background, behind panes
    surface: str  # inputs, lists, the transcript
    raised: str  # buttons, cards, the sidebar
    hover: str  # a control under the pointer
    text: str
    muted: str  # secondary text, placeholders
    disabled: str  # text of a disabled control (exempt from contrast rules, still readable)
    border: str  # an input's or button's outline: must stand out (3:1) from its background
    divider: str  # decorative lines between panes (no contrast rule applies)
    accent: str  # primary buttons, the checked mode, selections
    accent_text: str  # text on `accent`
    focus: str  # the keyboard focus ring
    link: str
    error: str
    warning: str
    success: str
    error_banner: str  # the strong red behind `accent_text`-coloured banner text
    bubble_user: str  # the user's message
    bubble_assistant: str  # the assistant's reply
    code: str  # a code block's background
    tooltip: str
    badge: str  # a message's small label, under `accent_text`
    badge_warning: str  # a badge that warns (cut off, incomplete)
    notice: str  # the background of a "take note" box (not an error)
    notice_text: str
    mark_good: str  # a reply's thumbs-up once marked good
    mark_bad: str  # a reply's thumbs-down once marked bad
    uncertain: str  # blended into a reply's background under words the model was unsure of


LIGHT: Final = Tokens(
    window="#f1f1f4",
    surface="#ffffff",
    raised="#fbfbfc",
    hover="#e6e9f0",
    text="#1b1b1f",
    muted="#555566",
    disabled="#9a9aa2",
    border="#85858f",
    divider="#d6d6dc",
    accent="#1f5fbf",
    accent_text="#ffffff",
    focus="#1a5fb4",
    link="#1a5fb4",
    error="#b3261e",
    warning="#8a5300",
    success="#1e6e30",
    error_banner="#b3261e",
    bubble_user="#e3edfb",
    bubble_assistant="#f5f6f8",
    code="#f0f1f4",
    tooltip="#ffffff",
    badge="#4b5a78",
    badge_warning="#8a4a00",
    notice="#fff4d6",
    notice_text="#4d3800",
    mark_good="#2e7d32",
    mark_bad="#c62828",
    uncertain="#f5a623",
)

DARK: Final = Tokens(
    window="#1f1f23",
    surface="#17171a",
    raised="#2a2a2f",
    hover="#34343b",
    text="#ececf0",
    muted="#a9a9b3",
    disabled="#6f6f78",
    border="#7c7c88",
    divider="#3a3a41",
    accent="#2b68c4",
    accent_text="#ffffff",
    focus="#7ab4ff",
    link="#8fc0ff",
    error="#ff8a80",
    warning="#f0a848",
    success="#6cc070",
    error_banner="#b3261e",
    bubble_user="#1e3557",
    bubble_assistant="#2a2a2f",
    code="#111114",
    tooltip="#34343b",
    badge="#4b5a78",
    badge_warning="#8a4a00",
    notice="#3d3212",
    notice_text="#ffd479",
    mark_good="#6cc070",
    mark_bad="#ef7a7a",
    uncertain="#f5a623",
)

# The tiles behind an assistant's initial (picked by its name), under white text in both themes.
TILE_COLOURS: Final = ("#2f6fca", "#1e7b34", "#8a5a00", "#6a3fb4", "#b3261e", "#00796b")
TILE_TEXT: Final = "#ffffff"


THEMES: Final = {"light": LIGHT, "dark": DARK}

# Contrast minimums of WCAG 2.1 AA: 4.5:1 for body text, 3:1 for large text (headings) and for
# the outlines that show where a control is or which has the focus (1.4.11 Non-text Contrast).
TEXT: Final = 4.5
LARGE: Final = 3.0
NON_TEXT: Final = 3.0


def contrast_pairs(tokens: Tokens) -> list[tuple[str, str, str, str, float]]:
    """(foreground name, foreground, background name, background, minimum) for every pairing
    the window paints: the contrast test walks this list for both themes."""
    pairs: list[tuple[str, str, float]] = []
    for background in ("window", "surface", "raised", "hover", "bubble_user", "bubble_assistant"):
        pairs += [("text", background, TEXT), ("muted", background, TEXT)]
    for background in ("window", "surface", "raised", "bubble_assistant"):
        pairs += [("error", background, TEXT), ("warning", background, TEXT)]
        pairs += [("success", background, TEXT), ("link", background, TEXT)]
    pairs += [("link", "bubble_user", TEXT), ("text", "code", TEXT), ("text", "tooltip", TEXT)]
    pairs += [("accent_text", "accent", TEXT), ("accent_text", "error_banner", TEXT)]
    pairs += [("notice_text", "notice", TEXT), ("warning", "notice", NON_TEXT)]
    pairs += [("accent_text", "badge", TEXT), ("accent_text", "badge_warning", TEXT)]
    for background in ("window", "surface", "raised"):
        pairs += [("border", background, NON_TEXT), ("focus", background, NON_TEXT)]
    pairs += [("focus", "bubble_user", NON_TEXT), ("accent", "window", NON_TEXT)]
    pairs += [("mark_good", "bubble_assistant", NON_TEXT)]
    pairs += [("mark_bad", "bubble_assistant", NON_TEXT)]
    values = {field.name: getattr(tokens, field.name) for field in fields(tokens)}
    found = [(fg, values[fg], bg, values[bg], minimum) for fg, bg, minimum in pairs]
    tiles = [("tile text", TILE_TEXT, f"tile {tile}", tile, TEXT) for tile in TILE_COLOURS]
    return found + tiles
