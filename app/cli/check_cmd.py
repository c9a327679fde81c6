"""`hearth check`: flag what a text states that its sources do not.

Exit status follows `diff`: 0 the text is clean, 1 issues were found, 2 the check could not run
(a missing file, a bad --field), so scripts can tell "found problems" from "failed".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Final

from app.checking import CheckReport, CheckSources, check_text
from app.config import Paths

from .output import CliError, emit_json

NEEDS_CORE: Final = False  # reads files and text only; no database
EXIT_CLEAN: Final = 0
EXIT_ISSUES: Final = 1
EXIT_FAILED: Final = 2


def add_parser(commands: Any) -> None:
    check = commands.add_parser(
        "check",
        help="flag figures, dates, contacts and names a text has that its sources do not",
        description="Exit status: 0 clean, 1 issues found, 2 the check could not run.",
    )
    check.add_argument(
        "--text", required=True, metavar="FILE", help="the text to check; - reads stdin"
    )
    check.add_argument(
        "--field", action="append", default=[], metavar="KEY=VALUE", help="a template field value"
    )
    check.add_argument(
        "--required", action="append", default=[], metavar="KEY",
        help="a field whose value the text must state",
    )  # fmt: skip
    check.add_argument(
        "--source", action="append", default=[], metavar="FILE",
        help="a source document (PDF, DOCX, Markdown, ...), read as `docs add` reads it",
    )  # fmt: skip
    check.add_argument(
        "--instructions", metavar="FILE", help="the prompt's instructions (to catch echoes)"
    )
    check.add_argument("--json", action="store_true")


def _fields(pairs: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not key.strip():
            raise CliError(f"--field {pair!r} must be KEY=VALUE", exit_code=EXIT_FAILED)
        fields[key.strip()] = value
    return fields


def _read_text(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    path = Path(name)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CliError(f"{name}: no such file", exit_code=EXIT_FAILED) from None
    except UnicodeDecodeError:
        raise CliError(f"{name}: not UTF-8 text", exit_code=EXIT_FAILED) from None
    except OSError as exc:
        raise CliError(f"{name}: {exc.strerror}", exit_code=EXIT_FAILED) from None


def _read_sources(names: list[str]) -> list[str]:
    """Each source's text, read by the document extractors in their child process."""
    if not names:
        return []
    from app.knowledge.errors import DocumentError
    from app.knowledge.isolated_extraction import IsolatedExtractor

    texts: list[str] = []
    with IsolatedExtractor() as extract:
        for name in names:
            path = Path(name)
            if not path.is_file():
                raise CliError(f"{name}: no such file", exit_code=EXIT_FAILED)
            try:
                document = extract(path)
            except DocumentError as exc:
                raise CliError(str(exc), exit_code=EXIT_FAILED) from None
            texts.extend(section.text for section in document.sections)
    return texts


def print_report(report: CheckReport) -> None:
    if report.clean:
        print("No issues: every checked detail is in the sources.")
        return
    count = len(report.issues)
    print(f"{count} detail{'s' if count != 1 else ''} to check:")
    for issue in report.issues:
        where = f"{issue.start}-{issue.end}" if issue.end > issue.start else "-"
        print(f"  {issue.kind:<13} {where:<10} {issue.reason}")


def run_without_core(_paths: Paths, args: argparse.Namespace) -> int:
    fields = _fields(args.field)
    text = _read_text(args.text)
    instructions = [_read_text(args.instructions)] if args.instructions else []
    sources = CheckSources(
        fields=fields,
        required=tuple(args.required),
        passages=tuple(_read_sources(args.source)),
        instructions=tuple(instructions),
    )
    report = check_text(text, sources)
    if args.json:
        emit_json(report.to_json())
    else:
        print_report(report)
    return EXIT_CLEAN if report.clean else EXIT_ISSUES
