"""A PDF page's indexed text: its own text, letter-spacing joined, then what its annotations and
form widgets show, as a labelled block, without repeating what is already indexed."""

from __future__ import annotations

import re

from app.knowledge.letter_spacing import join_letter_spaced

ANNOTATIONS_HEADING = "Annotations and form fields on this page:"
_SPACES = re.compile(r"\s+")
_MIN_SEARCHED = 4


def page_text(text: str, annotations: str) -> str:
    text = join_letter_spaced(text)
    own_lines = {_comparable(line) for line in text.splitlines()}
    extra = [
        line
        for line in join_letter_spaced(annotations).splitlines()
        if line.strip() and _comparable(line) not in own_lines
    ]
    if not extra:
        return text
    block = "\n".join([ANNOTATIONS_HEADING, *extra])
    return f"{text.rstrip()}\n\n{block}" if text.strip() else block


def not_shown(form: list[tuple[str, str]], annotations: list[str]) -> list[tuple[str, str]]:
    """The form's (label, value) pairs whose value no page's widgets already show: a text
    field's value is drawn in its widget, and indexed there."""
    lines = {_comparable(line) for text in annotations for line in text.splitlines()}
    everything = _comparable(" ".join(annotations))

    def is_shown(value: str) -> bool:
        value = _comparable(value)
        # A short value ("1", "Yes") is shown only where a widget shows it alone.
        return value in lines or (len(value) >= _MIN_SEARCHED and value in everything)

    return [(label, value) for label, value in form if not is_shown(value)]


def _comparable(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()
