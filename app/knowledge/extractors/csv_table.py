"""CSV/TSV: rows in blocks, labelled "rows A-B", with the header row as context (stdlib csv)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from app.knowledge.limits import Deadline
from app.knowledge.sections import ExtractedDocument, Section
from app.knowledge.table_rows import ROWS_PER_SECTION, row_line

_SNIFF_CHARS = 16_384


def extract_csv(path: Path, text: str, deadline: Deadline) -> ExtractedDocument:
    dialect: type[csv.Dialect] | csv.Dialect
    try:
        dialect = csv.Sniffer().sniff(text[:_SNIFF_CHARS], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    sections: list[Section] = []
    header = ""
    block: list[str] = []
    first = 0
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            if number % 200 == 0:
                deadline.check()
            line = row_line([" ".join(cell.split()) for cell in row])
            if not line:
                continue
            if not header:
                header = line
            if not block:
                first = number
            block.append(line)
            if len(block) >= ROWS_PER_SECTION:
                sections.append(_section(header, block, first, number))
                block = []
    except csv.Error:
        # A malformed tail (e.g. an unclosed quote) keeps the rows read so far.
        pass
    if block:
        sections.append(_section(header, block, first, number))
    return ExtractedDocument(format="csv", sections=tuple(sections))


def _section(header: str, block: list[str], first: int, last: int) -> Section:
    return Section(text="\n".join(block), label=f"rows {first}-{last}", heading=header)
