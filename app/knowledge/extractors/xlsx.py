"""XLSX: each sheet in blocks of rows, labelled "sheet NAME, rows A-B" (openpyxl, read-only)."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]

from app.knowledge.limits import Deadline
from app.knowledge.sections import ExtractedDocument, Section
from app.knowledge.table_rows import ROWS_PER_SECTION, row_line

_MAX_COLUMNS = 200


def extract_xlsx(path: Path, deadline: Deadline) -> ExtractedDocument:
    # read_only streams rows instead of building every cell object; data_only takes the values
    # Excel last computed rather than formulas.
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sections: list[Section] = []
        names = list(workbook.sheetnames)
        for name in names:
            deadline.check()
            sections.extend(_sheet_sections(workbook[name], name, deadline))
    finally:
        workbook.close()
    return ExtractedDocument(format="xlsx", sections=tuple(sections), page_count=len(names))


def _sheet_sections(sheet: Any, name: str, deadline: Deadline) -> list[Section]:
    sections: list[Section] = []
    header = ""
    block: list[str] = []
    first_row = 0
    row_number = 0
    for values in sheet.iter_rows(values_only=True, max_col=_MAX_COLUMNS):
        row_number += 1
        if row_number % 100 == 0:
            deadline.check()
        cells = [_cell_text(v) for v in values]
        line = row_line(cells)
        if not line:
            continue
        if not header:
            header = line  # the first non-empty row names the columns
        if not block:
            first_row = row_number
        block.append(line)
        if len(block) >= ROWS_PER_SECTION:
            sections.append(_section(name, header, block, first_row, row_number))
            block = []
    if block:
        sections.append(_section(name, header, block, first_row, row_number))
    return sections


def _section(name: str, header: str, block: list[str], first: int, last: int) -> Section:
    return Section(
        text="\n".join(block),
        label=f"sheet {name}, rows {first}-{last}",
        heading=f"{name}: {header}",
    )


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes").removesuffix(" 00:00")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())
