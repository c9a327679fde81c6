"""Every user-visible string of the window goes through `tr` or `tr_n`, so a catalogue can
translate it.

The whole window shares one translation context, "hearth": an English phrase reads the same
everywhere it appears, and the catalogue tooling finds phrases by looking for calls to `tr` and
`tr_n` whose arguments are string literals (so never pass a variable or an f-string: format
after translating, `tr("Saved {name}").format(name=name)`).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

CONTEXT = "hearth"


def tr(source: str, disambiguation: str | None = None) -> str:
    """`source` in the user's language (itself when no catalogue has it)."""
    return QCoreApplication.translate(CONTEXT, source, disambiguation)


def tr_n(count: int, one: str, many: str) -> str:
    """The singular or plural phrase for `count`, translated, with `{n}` filled in.

    Both forms are catalogue entries of their own; that suits English and German, which have
    one singular and one plural."""
    phrase = tr(one) if count == 1 else tr(many)
    return phrase.replace("{n}", f"{count:,}")
