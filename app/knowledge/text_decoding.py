"""Turning the bytes of a text-like file into text: binary sniffing and encoding detection."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes

from app.knowledge.errors import DocumentError
from app.knowledge.formats import sniff_signature

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SNIFF_BYTES = 8192
# Control characters that never appear in text (tab, newlines, form feed and escape are allowed).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def _bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def check_not_binary(path: Path, data: bytes) -> None:
    """Refuse a binary file wearing a text extension (a renamed PDF, image, program ...)."""
    if _bom_encoding(data) is not None:
        return
    head = data[:_SNIFF_BYTES]
    what = sniff_signature(head)
    if what is not None:
        raise DocumentError(
            path,
            f"this is not a text file: it is {what} with a '{path.suffix}' extension",
            kind="binary",
        )
    if b"\x00" in head or (
        head and sum(head.count(bytes([c])) for c in _CONTROL) > len(head) // 20
    ):
        raise DocumentError(
            path,
            f"this is not a text file: it contains binary data despite its '{path.suffix}' "
            "extension",
            kind="binary",
        )


def decode_text(path: Path, data: bytes) -> str:
    """Decode `data`: BOM, then strict UTF-8 (the common case, fast), then charset detection."""
    check_not_binary(path, data)
    bom = _bom_encoding(data)
    if bom is not None:
        try:
            return data.decode(bom)
        except UnicodeDecodeError as exc:
            raise DocumentError(
                path, f"the text is not valid {bom.upper()} despite its marker", kind="encoding"
            ) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise DocumentError(
            path,
            "its text encoding could not be recognised; save it as UTF-8 and add it again",
            kind="encoding",
        )
    guess = str(best)
    if best.encoding in _LATIN_CODEPAGES:
        return _prefer_western(data, guess)
    return guess


# Single-byte Latin-script code pages that charset detection confuses with Windows-1252 on short
# texts (French "à" read as Central European "ŕ", for instance).
_LATIN_CODEPAGES = frozenset(
    {
        "cp1250",
        "cp1257",
        "cp775",
        "cp852",
        "mac_latin2",
        "iso8859_2",
        "iso8859_4",
        "iso8859_10",
        "iso8859_13",
        "iso8859_14",
        "iso8859_15",
        "iso8859_16",
        "latin_1",
    }
)
# A non-letter between two letters ("Wroc³aw"): the sign of a wrongly chosen code page.
_BETWEEN_LETTERS = re.compile(r"(?<=[^\W\d_])\S(?=[^\W\d_])")
_INWORD_PUNCTUATION = frozenset("'\u2019-.")


def _symbols_in_words(text: str) -> int:
    return sum(
        1
        for m in _BETWEEN_LETTERS.finditer(text)
        if not m.group().isalpha() and m.group() not in _INWORD_PUNCTUATION
    )


def _prefer_western(data: bytes, guess: str) -> str:
    """Windows-1252 (the most common legacy encoding) unless it puts more symbols inside words
    than the detector's guess."""
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        return guess
    if _symbols_in_words(western) <= _symbols_in_words(guess):
        return western
    return guess
