"""Every text/background pair of Hearth's palette meets WCAG 2.1 AA, in both themes."""

from __future__ import annotations

import re

import pytest

from app.ui.common.palette import DARK, LIGHT, THEMES, Tokens, contrast_pairs


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.1's relative luminance of an sRGB colour "#rrggbb"."""
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", hex_colour), hex_colour
    channels = []
    for start in (1, 3, 5):
        c = int(hex_colour[start : start + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def failing_pairs(tokens: Tokens) -> list[str]:
    return [
        f"{fg_name} {fg} on {bg_name} {bg}: {contrast_ratio(fg, bg):.2f} < {minimum}"
        for fg_name, fg, bg_name, bg, minimum in contrast_pairs(tokens)
        if contrast_ratio(fg, bg) < minimum
    ]


def test_the_formula_matches_known_ratios() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    # WCAG's own examples: #777 on white just misses AA, #767676 just meets it.
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_every_pair_meets_aa(theme: str) -> None:
    tokens = THEMES[theme]
    assert len(contrast_pairs(tokens)) >= 40  # the list covers the palette, not a sample
    assert failing_pairs(tokens) == []


def test_a_weak_colour_is_caught() -> None:
    """The check fails a palette with one washed-out colour, in either theme."""
    from dataclasses import replace

    assert any("muted" in line for line in failing_pairs(replace(LIGHT, muted="#9a9aa2")))
    assert any("border" in line for line in failing_pairs(replace(DARK, border="#3a3a41")))


def test_tightest_pairs(capsys: pytest.CaptureFixture[str]) -> None:
    """Prints the three tightest pairs of each theme (for the closing note; -s shows them)."""
    for theme, tokens in sorted(THEMES.items()):
        ranked = sorted(contrast_pairs(tokens), key=lambda p: contrast_ratio(p[1], p[3]) / p[4])
        for fg_name, fg, bg_name, bg, minimum in ranked[:3]:
            ratio = contrast_ratio(fg, bg)
            print(f"{theme}: {fg_name} on {bg_name} {ratio:.2f} (needs {minimum})")
            assert ratio >= minimum
