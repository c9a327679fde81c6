"""XLSX: each sheet in blocks of rows, labelled "sheet NAME, rows A-B" (openpyxl, read-only).

Every column is read. What bounds the work is a cell budget over the whole workbook
(ExtractionLimits.max_spreadsheet_cells) and a row width (max_sheet_columns); whatever they
leave out, and any sheet that cannot be read, is named in a note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from app.knowledge.extractors.part_skips import (
    is_part_failure,
    listed,
    log_part_failure,
    skipped_note,
)
from app.knowledge.limits import Deadline, ExtractionLimits
from app.knowledge.sections import ExtractedDocument, Section
from app.knowledge.table_rows import ROWS_PER_SECTION, row_line

# The column names repeat with every chunk of a block: a very wide sheet's header is cut here
# (its full text is still the block's first row).
_HEADING_CHARS = 500


@dataclass
class _Budget:
    cells_left: int
    max_columns: int
    # sheet name -> the widest row seen past max_columns (for the note)
    cut_columns: dict[str, int] = field(default_factory=dict)
    stopped_at: tuple[str, int] | None = None  # (sheet, first row not read)


def extract_xlsx(
    path: Path, deadline: Deadline, limits: ExtractionLimits | None = None
) -> ExtractedDocument:
    limits = limits or ExtractionLimits()
    budget = _Budget(limits.max_spreadsheet_cells, max(1, limits.max_sheet_columns))
    # read_only streams rows instead of building every cell object; data_only takes the values
    # Excel last computed rather than formulas.
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sections: list[Section] = []
    failed: list[str] = []
    unread: list[str] = []
    try:
        names = list(workbook.sheetnames)
        for name in names:
            deadline.check()
            if budget.stopped_at is not None:
                unread.append(name)
                continue
            try:
                sections.extend(_sheet_sections(workbook[name], name, deadline, budget))
            except Exception as exc:
                if not is_part_failure(exc):
                    raise
                log_part_failure(f"sheet {name!r} of {path}", exc)
                failed.append(repr(name))
    finally:
        workbook.close()
    notes = _notes(budget, failed, unread, limits)
    return ExtractedDocument(
        format="xlsx", sections=tuple(sections), page_count=len(names), notes=notes
    )


def _sheet_sections(sheet: Any, name: str, deadline: Deadline, budget: _Budget) -> list[Section]:
    # The stored dimension can claim A1:XFD1048576 for a small sheet; forgetting it makes
    # openpyxl yield rows only as wide, and only as many, as their cells.
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()
    sections: list[Section] = []
    header = ""
    block: list[str] = []
    first_row = 0
    row_number = 0
    for values in sheet.iter_rows(values_only=True):
        row_number += 1
        if row_number % 100 == 0:
            deadline.check()
        budget.cells_left -= max(1, len(values))
        if budget.cells_left < 0:
            budget.stopped_at = (name, row_number)
            row_number -= 1  # the last row read, for the block's label
            break
        if len(values) > budget.max_columns:
            widest = budget.cut_columns.get(name, 0)
            budget.cut_columns[name] = max(widest, len(values))
            values = values[: budget.max_columns]
        line = row_line([_cell_text(v) for v in values])
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


def _notes(
    budget: _Budget, failed: list[str], unread: list[str], limits: ExtractionLimits
) -> tuple[str, ...]:
    notes: list[str] = []
    for name, widest in budget.cut_columns.items():
        first = get_column_letter(budget.max_columns + 1)
        last = get_column_letter(min(widest, 18_278))
        notes.append(
            f"Columns {first} to {last} of sheet {name!r} were left out: Hearth reads up to "
            f"{budget.max_columns:,} columns per row. Move that data into other sheets "
            "to index it."
        )
    if budget.stopped_at is not None:
        sheet, row = budget.stopped_at
        sheets = "sheets" if len(unread) > 1 else "sheet"
        rest = f", and {sheets} {listed([repr(n) for n in unread])}" if unread else ""
        notes.append(
            f"Sheet {sheet!r} from row {row:,} on{rest} were left out: the workbook holds "
            f"more than {limits.max_spreadsheet_cells:,} cells. Split it into smaller "
            "workbooks to index the rest."
        )
    if failed:
        notes.append(skipped_note("Sheet", "Sheets", failed))
    return tuple(notes)


def _section(name: str, header: str, block: list[str], first: int, last: int) -> Section:
    return Section(
        text="\n".join(block),
        label=f"sheet {name}, rows {first}-{last}",
        heading=f"{name}: {header}"[:_HEADING_CHARS],
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
