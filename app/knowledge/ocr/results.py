"""What OCR reads from one page image: lines with their box and confidence."""

from __future__ import annotations

from dataclasses import dataclass

from app.knowledge.page_box import PageBox, TextRegion

# Corner points of a line's box in image pixels: top-left, top-right, bottom-right, bottom-left.
Box = tuple[tuple[float, float], tuple[float, float], tuple[float, float], tuple[float, float]]


@dataclass(frozen=True)
class OcrLine:
    text: str
    box: Box
    confidence: float  # 0..1, the recogniser's score for the line


@dataclass(frozen=True)
class OcrPage:
    lines: tuple[OcrLine, ...]
    width: int
    height: int
    # Read turned half a turn (scanned upside down): the boxes are in the turned page's
    # coordinates, so the lines keep their reading order.
    turned: bool = False

    @property
    def text(self) -> str:
        """The lines in reading order, those on one row joined by a space."""
        return self.layout()[0]

    def layout(self) -> tuple[str, tuple[TextRegion, ...]]:
        """`text`, and for each line the characters it gave and its box on the page as shown
        (a turned page's boxes are turned back)."""
        rows: list[list[OcrLine]] = []
        for line in sorted(self.lines, key=lambda item: (_top(item), _left(item))):
            if rows and _same_row(rows[-1][-1], line):
                rows[-1].append(line)
            else:
                rows.append([line])
        parts: list[str] = []
        regions: list[TextRegion] = []
        at = 0
        for number, row in enumerate(rows):
            for index, line in enumerate(sorted(row, key=_left)):
                separator = ("\n" if number else "") if index == 0 else " "
                parts.append(separator)
                at += len(separator)
                box = PageBox.from_points(line.box, self.width, self.height)
                if box is not None and line.text:
                    regions.append(TextRegion(at, at + len(line.text), self._shown(box)))
                parts.append(line.text)
                at += len(line.text)
        return "".join(parts), tuple(regions)

    def _shown(self, box: PageBox) -> PageBox:
        return box.turned() if self.turned else box

    @property
    def confidence(self) -> float | None:
        """Mean line confidence weighted by characters; None for a page without text."""
        chars = sum(len(line.text) for line in self.lines)
        if chars == 0:
            return None
        return sum(line.confidence * len(line.text) for line in self.lines) / chars


def _top(line: OcrLine) -> float:
    return min(point[1] for point in line.box)


def _bottom(line: OcrLine) -> float:
    return max(point[1] for point in line.box)


def _left(line: OcrLine) -> float:
    return min(point[0] for point in line.box)


def _same_row(previous: OcrLine, line: OcrLine) -> bool:
    # Two boxes whose vertical middles are within half a line height sit on one row (a table's
    # cells, a label and its value).
    height = max(1.0, _bottom(previous) - _top(previous))
    middle_a = (_top(previous) + _bottom(previous)) / 2
    middle_b = (_top(line) + _bottom(line)) / 2
    return abs(middle_a - middle_b) < height / 2
