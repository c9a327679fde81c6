"""Suggested file names are valid on Windows, macOS and Linux, and still read like the title."""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest

from app.file_names import MAX_NAME_BYTES, safe_file_name, shown_file_name

WINDOWS_REFUSES = set('<>:"/\\|?*') | {chr(code) for code in range(32)} | {"\x7f"}
RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)}


def assert_valid_everywhere(name: str) -> None:
    assert name, "a file name cannot be empty"
    assert not set(name) & WINDOWS_REFUSES, name
    assert not name.endswith((".", " ")), name
    assert not name.startswith((".", " ", "-")), name
    assert name.split(".", 1)[0].rstrip(" ").upper() not in RESERVED, name
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES, name


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Payment reminder: Acme Ltd", "Payment reminder - Acme Ltd.docx"),
        ("Report:Q2", "Report - Q2.docx"),
        ("Q1/Q2 plan", "Q1-Q2 plan.docx"),
        ("Sales \\ marketing | ops", "Sales-marketing-ops.docx"),
        ('The "new" offer?', "The 'new' offer.docx"),
        ("<draft> *final*", "draft final.docx"),
        ("Minutes\n12 May\tteam", "Minutes 12 May team.docx"),
        ("Thanks...", "Thanks.docx"),
        ("  spaced  out  ", "spaced out.docx"),
        (".hidden", "hidden.docx"),
        ("Café Łódź \u2013 Angebot", "Café Łódź \u2013 Angebot.docx"),
        ("CON", "CON_.docx"),
        ("nul.backup", "nul_.backup.docx"),
        ("com7", "com7_.docx"),
        ("Console", "Console.docx"),
        ("???", "document.docx"),
        ("", "document.docx"),
    ],
)
def test_titles_become_names_every_os_accepts(title: str, expected: str) -> None:
    name = safe_file_name(title, ".docx")
    assert name == expected
    assert_valid_everywhere(name)


def test_long_titles_are_capped_in_characters_and_bytes() -> None:
    long_ascii = safe_file_name("Quarterly report " * 40, ".pdf")
    assert long_ascii.endswith(".pdf") and len(long_ascii) <= 120
    assert long_ascii.startswith("Quarterly report Quarterly")
    assert_valid_everywhere(long_ascii)
    # Four UTF-8 bytes a character: the byte limit bites before the character limit.
    emoji = safe_file_name("\U0001f600" * 200, ".md", max_chars=250)
    assert emoji.endswith(".md") and len(emoji.encode("utf-8")) <= MAX_NAME_BYTES
    assert_valid_everywhere(emoji)


def test_a_cut_never_leaves_a_trailing_dot_or_space() -> None:
    title = "a" * 113 + ". b"  # the cut at 115 characters falls right after ". "
    name = safe_file_name(title, ".docx")
    assert name == "a" * 113 + ".docx"


def test_fallback_is_cleaned_too() -> None:
    assert safe_file_name("***", ".hearth", fallback="My: assistant") == "My - assistant.hearth"
    assert safe_file_name("", ".zip", fallback="") == "document.zip"


def test_random_titles_always_give_valid_names_that_can_be_written(tmp_path: Path) -> None:
    alphabet = string.printable + "äöü€“”—…\u00a0\u2028😀:::..."
    chooser = random.Random(15)
    for _ in range(300):
        title = "".join(chooser.choice(alphabet) for _ in range(chooser.randint(0, 80)))
        name = safe_file_name(title, ".md")
        assert_valid_everywhere(name)
        (tmp_path / name).write_text("x", encoding="utf-8")  # the OS here accepts it too


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("report.pdf", "report.pdf"),
        ("Prüfung \u2013 日本語 notes.docx", "Prüfung \u2013 日本語 notes.docx"),
        ("two\nlines.txt", "two\\nlines.txt"),
        ("tab\there\r.md", "tab\\there\\r.md"),
        ("bell\x07\x1b[31m.txt", "bell\\x07\\x1b[31m.txt"),
        ("invoice\u202efdp.exe", "invoice\\u202efdp.exe"),
        ("\u2066isolate\u2069.pdf", "\\u2066isolate\\u2069.pdf"),
        ("c1\x85next\u2028.txt", "c1\\x85next\\u2028.txt"),
    ],
)
def test_shown_file_names_escape_controls_and_bidi_overrides(name: str, shown: str) -> None:
    assert shown_file_name(name) == shown


def test_a_shown_name_is_one_line_with_no_direction_controls() -> None:
    every = "".join(chr(code) for code in range(0x2100)) + "\u2028\u2029"
    shown = shown_file_name(every)
    assert not [c for c in shown if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F]
    for control in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u2028":
        assert control not in shown
