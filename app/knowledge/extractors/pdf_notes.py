"""The sentences a PDF's notes are made of: page lists, and what could not be read as text."""

from __future__ import annotations


def unreadable_notes(unreadable: list[int], partial: list[int]) -> list[str]:
    """Notes for scanned or unmapped pages; OCR replaces them with what it read (ocr/)."""
    notes: list[str] = []
    if unreadable:
        notes.append(
            f"{pages_phrase(unreadable)} could not be read as text (scanned, or "
            "a font without a text mapping); the rest is indexed. To search "
            f"{them(unreadable)}, add a copy of the PDF with a text layer (for example after OCR)."
        )
    if partial:
        notes.append(
            f"{pages_phrase(partial)} could be read only in part (some text uses a font "
            "without a text mapping); what could be read is indexed. To search the rest, add a "
            "copy of the PDF with a text layer (for example after OCR)."
        )
    return notes


def them(pages: list[int]) -> str:
    return "it" if len(pages) == 1 else "them"


def pages_phrase(pages: list[int]) -> str:
    """[2] -> "Page 2"; [2, 4] -> "Pages 2 and 4"; [1, 2, 3, 7] -> "Pages 1-3 and 7"."""
    runs: list[str] = []
    start = previous = pages[0]
    for number in [*pages[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        runs.append(str(start) if start == previous else f"{start}\u2013{previous}")
        if number is not None:
            start = previous = number
    shown = runs if len(runs) <= 8 else [*runs[:7], f"{len(runs) - 7} more ranges"]
    listed = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"
    return f"{'Page' if len(pages) == 1 else 'Pages'} {listed}"
