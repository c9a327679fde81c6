"""The errors of the training package, each with a message fit to show the user as it is."""

from __future__ import annotations

from dataclasses import dataclass


class TrainingError(Exception):
    """Training could not start, failed, or its result could not be used."""


@dataclass(frozen=True)
class RowProblem:
    """One bad row of a dataset file: where it is and what is wrong with it."""

    source: str  # the file name (or another origin, e.g. "chat 12")
    row: int  # 1-based line (JSONL) or record (CSV) number
    message: str

    def __str__(self) -> str:
        return f"{self.source}, row {self.row}: {self.message}"


class DatasetError(TrainingError):
    """A dataset cannot be used as it is; `problems` lists every bad row found."""

    def __init__(self, message: str, problems: tuple[RowProblem, ...] = ()) -> None:
        detail = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{message}: {detail}{more}" if detail else message)
        self.problems = problems
