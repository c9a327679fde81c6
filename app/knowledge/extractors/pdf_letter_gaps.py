"""Where the words of a letter-spaced line end, told from where PDFium placed its letters.

In a line drawn one letter at a time ("H e l l o W o r l d"), PDFium puts one space between
every two letters, the gap between words included, so the text alone cannot say where a word
ends. The letters' boxes can: a gap between words is much wider than the gaps between letters.
Such gaps become two spaces, which `app.knowledge.letter_spacing` reads as word boundaries.
Callers hold PDFium's lock.
"""

from __future__ import annotations

import statistics

import pypdfium2 as pdfium

from app.knowledge.letter_spacing import LETTER_SPACED_LINE

# A gap this many times the line's usual gap between letters, and wider than this share of the
# letters' height, is a gap between words.
_WORD_GAP_RATIO = 1.8
_WORD_GAP_HEIGHT_SHARE = 0.25


def widen_word_gaps(text: str, textpage: pdfium.PdfTextPage) -> str:
    """`text` (the text page's whole text) with the word gaps of letter-spaced lines widened to
    two spaces; unchanged where the text does not map one to one onto the page's characters."""
    if len(text) != textpage.count_chars():
        return text
    wide: list[tuple[int, int]] = []  # (after this letter, before that one)
    for match in LETTER_SPACED_LINE.finditer(text):
        letters = [i for i in range(match.start(), match.end()) if not text[i].isspace()]
        wide.extend(_word_gaps(letters, textpage))
    if not wide:
        return text
    out: list[str] = []
    position = 0
    for left, right in wide:
        out.append(text[position : left + 1])
        out.append("  ")
        position = right
    out.append(text[position:])
    return "".join(out)


def _word_gaps(letters: list[int], textpage: pdfium.PdfTextPage) -> list[tuple[int, int]]:
    boxes = [textpage.get_charbox(i) for i in letters]  # (left, bottom, right, top)
    gaps: list[tuple[float, int, int]] = []
    for n in range(len(letters) - 1):
        a, b, box_a, box_b = letters[n], letters[n + 1], boxes[n], boxes[n + 1]
        same_line = box_a[1] < box_b[3] and box_b[1] < box_a[3]
        if not same_line or box_b[0] < box_a[2] - 0.5:  # vertical text, or a line turned back
            return []
        gaps.append((box_b[0] - box_a[2], a, b))
    if len(gaps) < 3:
        return []
    usual = statistics.median(gap for gap, _, _ in gaps)
    height = statistics.median(box[3] - box[1] for box in boxes)
    wider = max(usual * _WORD_GAP_RATIO, usual + height * _WORD_GAP_HEIGHT_SHARE)
    return [(a, b) for gap, a, b in gaps if gap > wider]
