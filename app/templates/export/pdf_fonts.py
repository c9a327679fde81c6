"""Which TrueType font the PDF export embeds, so text beyond Latin-1 (€, “quotes”, ä, ł, Ж...)
prints. fpdf2 bundles no Unicode font; we look for DejaVu Sans (bundled in resources/fonts if
the installer ships it, or the Linux system copy), else Arial on Windows and macOS. Without
any, the PDF falls back to the core Helvetica font and characters it cannot show are replaced.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from app.resources import resource_path

_WINDOWS_FONTS: Final = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"

_DEJAVU: Final = (
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique.ttf",
)
_LINUX_FOLDERS: Final = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/share/fonts/dejavu-sans-fonts",
    "/usr/local/share/fonts",
)
_MAC_ARIAL: Final = Path("/System/Library/Fonts/Supplemental")

Family = tuple[Path, Path, Path, Path]  # regular, bold, italic, bold italic


def _family(folder: Path, names: tuple[str, str, str, str]) -> Family:
    return (folder / names[0], folder / names[1], folder / names[2], folder / names[3])


def _candidates() -> list[Family]:
    """Font families to try, best first."""
    return [
        _family(resource_path("fonts"), _DEJAVU),
        *(_family(Path(folder), _DEJAVU) for folder in _LINUX_FOLDERS),
        _family(_WINDOWS_FONTS, ("arial.ttf", "arialbd.ttf", "ariali.ttf", "arialbi.ttf")),
        _family(
            _MAC_ARIAL,
            ("Arial.ttf", "Arial Bold.ttf", "Arial Italic.ttf", "Arial Bold Italic.ttf"),
        ),
    ]


@dataclass(frozen=True)
class FontFiles:
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path


def find_unicode_font() -> FontFiles | None:
    """The first complete-enough family found (a missing style reuses the regular file)."""
    for regular, bold, italic, bold_italic in _candidates():
        if regular.is_file():
            return FontFiles(
                regular,
                bold if bold.is_file() else regular,
                italic if italic.is_file() else regular,
                bold_italic if bold_italic.is_file() else regular,
            )
    return None


_ASCII_FOR: Final = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u2022": "-",
        "\u20ac": "EUR ",
        "\u00a0": " ",
        "\u2212": "-",
    }
)


def latin1_safe(text: str) -> str:
    """Text the core fonts can print: common typography mapped, the rest replaced by '?'."""
    return text.translate(_ASCII_FOR).encode("latin-1", errors="replace").decode("latin-1")
