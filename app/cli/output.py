"""How CLI commands report: plain text for people, one JSON object for scripts."""

from __future__ import annotations

import json
import sys
from typing import Any


class CliError(Exception):
    """A failure to report as one line (stderr) or {"error": ...} (stdout with --json)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def emit_json(payload: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def report_error(message: str, *, as_json: bool) -> None:
    one_line = " ".join(message.split())
    if as_json:
        emit_json({"error": one_line})
    print(f"hearth: {one_line}", file=sys.stderr)


def table(rows: list[list[str]], headers: list[str]) -> str:
    widths = [max(len(str(c)) for c in col) for col in zip(headers, *rows, strict=False)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=False))]
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=False)) for r in rows]
    return "\n".join(line.rstrip() for line in lines)
