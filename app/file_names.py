"""File names Hearth suggests (exports, packs, archives) that every OS accepts, and file names
shown to the user as they are, but safely (`shown_file_name`).

A title like "Payment reminder: Acme Ltd" makes a fine document name but not a file name:
Windows refuses `<>:"/\\|?*`, control characters, names ending in a dot or a space and the
device names (CON, NUL, COM1...), even with an extension; most file systems cap a name at
255 bytes. The suggestion is made valid everywhere, so a name that works on Linux does not
fail when the same user exports on Windows (or on a USB stick formatted FAT/exFAT).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

# ':' separates two parts of a title ("Report: Q2"), so it becomes a dash, not nothing.
_COLON: Final = re.compile(r"\s*:\s*")
_SLASHES: Final = re.compile(r"\s*[/\\|]\s*")
_DROPPED: Final = re.compile(r"[<>?*]")
_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f]")
_SPACES: Final = re.compile(r"\s+")
_DASHES: Final = re.compile(r"(?:\s*-\s*){2,}")

# Windows' reserved device names; `COM¹`-style superscript digits count too.
_RESERVED: Final = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{digit}" for port in ("COM", "LPT") for digit in "123456789\u00b9\u00b2\u00b3"}
)

# Shown visibly escaped: C0/C1 controls and DEL (a newline would break an output line), the
# bidi embeddings, overrides and isolates (U+202E shows "cod.exe" as "exe.doc"), the
# direction marks, and the line/paragraph separators.
_UNSAFE_SHOWN: Final = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_SHORT_ESCAPES: Final = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

DEFAULT_MAX_CHARS: Final = 120  # long enough for a title, short enough for a file dialog
MAX_NAME_BYTES: Final = 255  # ext4, APFS, NTFS (as UTF-16 units, never more than UTF-8 bytes)


def _reserved(name: str) -> bool:
    # Windows ignores everything from the first dot ("nul.tar.gz") and trailing spaces.
    return name.split(".", 1)[0].rstrip(" ").upper() in _RESERVED


def _cut(text: str, max_chars: int, max_bytes: int) -> str:
    text = text[:max_chars]
    while len(text.encode("utf-8")) > max_bytes:
        text = text[:-1]
    return text


def _tidy(text: str) -> str:
    """No leading dots (a hidden file on Unix) or dashes (read as an option by command-line
    tools), no trailing dots or spaces (Windows drops or refuses them)."""
    return text.strip(" -").lstrip(".").rstrip(". ")


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub(" ", text)
    text = _COLON.sub(" - ", text)
    text = _SLASHES.sub("-", text)
    text = text.replace('"', "'")
    text = _DROPPED.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _DASHES.sub(" - ", text)
    return _tidy(text)


def safe_file_name(
    title: str,
    suffix: str = "",
    *,
    fallback: str = "document",
    max_chars: int = DEFAULT_MAX_CHARS,
) -> str:
    """`title` as a file name valid on Windows, macOS and Linux, with `suffix` (".docx") added.

    "Payment reminder: Acme Ltd" -> "Payment reminder - Acme Ltd.docx". Characters Windows
    refuses are replaced or dropped, whitespace (line breaks, tabs) becomes one space, the
    result never ends in a dot or space, never is a reserved device name, and fits
    `max_chars` characters and 255 UTF-8 bytes including the suffix. An empty result becomes
    `fallback` (cleaned the same way).
    """
    budget_chars = max(1, max_chars - len(suffix))
    budget_bytes = max(1, MAX_NAME_BYTES - len(suffix.encode("utf-8")))
    text = ""
    for candidate in (title, fallback, "document"):
        text = _tidy(_cut(_clean(candidate), budget_chars, budget_bytes))
        if text:
            break
    if _reserved(text):
        stem, dot, rest = text.partition(".")
        text = f"{stem.rstrip(' ')}_{dot}{rest}"
    return f"{text}{suffix}"


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    short = _SHORT_ESCAPES.get(char)
    if short is not None:
        return short
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown_file_name(name: str) -> str:
    """`name` as it may be printed or shown in a list: control characters and bidi controls
    become visible escapes ("a\\nb.pdf", "invoice\\u202efdp.exe"), everything else (accents,
    scripts, spaces) stays as it is. Use it wherever a file name reaches the user."""
    return _UNSAFE_SHOWN.sub(_escaped, name)
