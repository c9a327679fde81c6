"""Letter-spaced lines are joined into words; single letters in normal text are not."""

from __future__ import annotations

import pytest

from app.knowledge.letter_spacing import join_letter_spaced


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("H e l l o  W o r l d", "Hello World"),
        ("Intro\nS U M M A R Y\nBody text", "Intro\nSUMMARY\nBody text"),
        ("E i n l e i t u n g\r\nDie Arbeit", "Einleitung\r\nDie Arbeit"),
        ("  T i t l e", "  Title"),
        ("第 一 章 概 要", "第一章概要"),
        ("R e p o r t  2 0 2 4", "Report 2024"),
    ],
)
def test_letter_spaced_lines_become_words(text: str, joined: str) -> None:
    assert join_letter_spaced(text) == joined


@pytest.mark.parametrize(
    "text",
    [
        "Tick one of a b c d e to answer.",  # single letters inside a sentence
        "a b c",  # fewer than four letters
        "1 2 3 4 5 6",  # numbers (axis labels), not letters
        "x 1 y 2 z 3 w 4",  # no run of four single letters
        "Hello World\nplain text",
        "I am a b",  # a word of two letters: the line is not letter-spaced
    ],
)
def test_text_that_is_not_letter_spaced_is_unchanged(text: str) -> None:
    assert join_letter_spaced(text) == text
