"""Where on its page a piece of text lies: a box in fractions of the page's width and height.

OCR reads each line with its box in image pixels; the reader turns them into PageBoxes (0..1,
top-left origin, as the page is shown) and ties each to the characters of the section's text it
read (TextRegion). A chunk's box is the union of the regions its text overlaps; it is stored with
the chunk and travels with passages and citations, so the Sources panel can show where on the
page an answer's source is. Text from a text layer has no box.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Place = Literal["top", "middle", "bottom"]


@dataclass(frozen=True)
class PageBox:
    x0: float
    y0: float
    x1: float
    y1: float

    @classmethod
    def from_points(
        cls, points: Iterable[tuple[float, float]], width: float, height: float
    ) -> PageBox | None:
        """The box around pixel `points` of a `width` x `height` image, clamped to the page;
        None for an empty image or no points."""
        found = list(points)
        if not found or width <= 0 or height <= 0:
            return None
        xs = [_fraction(x / width) for x, _ in found]
        ys = [_fraction(y / height) for _, y in found]
        return cls(min(xs), min(ys), max(xs), max(ys))

    def turned(self) -> PageBox:
        """The same box on the page turned half a turn (an upside-down scan read turned)."""
        return PageBox(1.0 - self.x1, 1.0 - self.y1, 1.0 - self.x0, 1.0 - self.y0)

    @property
    def place(self) -> Place:
        """Which third of the page the box's middle is in, top to bottom."""
        middle = (self.y0 + self.y1) / 2
        if middle < 1 / 3:
            return "top"
        return "middle" if middle < 2 / 3 else "bottom"

    def to_list(self) -> list[float]:
        """[x0, y0, x1, y1], rounded to 4 places (a tenth of a pixel on a 300 dpi page)."""
        return [round(v, 4) for v in (self.x0, self.y0, self.x1, self.y1)]

    def to_text(self) -> str:
        return json.dumps(self.to_list())

    @classmethod
    def from_value(cls, value: object) -> PageBox | None:
        """A box as stored (the JSON text of `to_text`) or sent (`to_list`); None for anything
        else, so a damaged value reads as no box rather than failing the search."""
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                return None
        if not isinstance(value, list | tuple) or len(value) != 4:
            return None
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
            return None
        x0, y0, x1, y1 = (float(v) for v in value)
        if not all(math.isfinite(v) and 0.0 <= v <= 1.0 for v in (x0, y0, x1, y1)):
            return None
        if x0 > x1 or y0 > y1:
            return None
        return cls(x0, y0, x1, y1)


@dataclass(frozen=True)
class TextRegion:
    """Characters [start, end) of a section's text, and where on the page they were read."""

    start: int
    end: int
    box: PageBox


def union(boxes: Iterable[PageBox]) -> PageBox | None:
    """The smallest box holding all `boxes`; None when there are none."""
    found = list(boxes)
    if not found:
        return None
    return PageBox(
        min(b.x0 for b in found),
        min(b.y0 for b in found),
        max(b.x1 for b in found),
        max(b.y1 for b in found),
    )


def box_of_span(regions: Sequence[TextRegion], start: int, end: int) -> PageBox | None:
    """The union of the regions that share a character with [start, end)."""
    return union(r.box for r in regions if r.start < end and start < r.end)


def shifted(regions: Sequence[TextRegion], offset: int, length: int) -> tuple[TextRegion, ...]:
    """The regions of a text after its first `offset` characters were cut off and it was cut to
    `length` characters (as strip() does); regions left empty are dropped."""
    kept: list[TextRegion] = []
    for region in regions:
        start = max(0, region.start - offset)
        end = min(length, region.end - offset)
        if start < end:
            kept.append(TextRegion(start, end, region.box))
    return tuple(kept)


def realigned(regions: Sequence[TextRegion], old: str, new: str) -> tuple[TextRegion, ...] | None:
    """The regions of `old` moved onto `new`, a copy of `old` with characters left out (as
    cleaning leaves out control characters, trailing spaces and blank lines; a "\r" may have
    become "\n"); None when `new` is not such a copy."""
    # at[i]: where old[i] (or, if it was left out, the next character kept) is in `new`.
    at = [0] * (len(old) + 1)
    kept = 0
    for index, char in enumerate(old):
        at[index] = kept
        if kept < len(new) and (char == new[kept] or (char == "\r" and new[kept] == "\n")):
            kept += 1
    at[len(old)] = kept
    if kept != len(new):
        return None
    moved = (TextRegion(at[r.start], at[r.end], r.box) for r in regions)
    return tuple(r for r in moved if r.start < r.end)


def _fraction(value: float) -> float:
    return min(1.0, max(0.0, value))
