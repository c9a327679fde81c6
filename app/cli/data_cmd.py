"""`hearth data export --out FILE [--include-models]` and `hearth data restore FILE`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.core import Core
from app.data_archive import ArchiveError, export_all, restore

from .output import CliError, emit_json


def add_parser(commands: Any) -> None:
    data = commands.add_parser("data", help="export all your data to one file, or restore it")
    sub = data.add_subparsers(dest="data_command", required=True)
    export = sub.add_parser("export", help="write the database, settings and Hearth's files")
    export.add_argument("--out", required=True, help="the .zip file to write")
    export.add_argument(
        "--include-models", action="store_true", help="also the model files Hearth copied (large)"
    )
    export.add_argument("--json", action="store_true")
    back = sub.add_parser("restore", help="replace your data with an export (a backup is kept)")
    back.add_argument("archive")
    back.add_argument("--json", action="store_true")


def run(core: Core, args: argparse.Namespace) -> int:
    if args.data_command == "export":

        def progress(done: int, total: int) -> None:
            if not args.json and total:
                sys.stderr.write(f"\rexporting… {done * 100 // total}%")

        try:
            summary = export_all(
                core.paths,
                Path(args.out),
                include_models=args.include_models,
                progress=progress,
                database_key=core.database_key,
            )
        except ArchiveError as exc:
            raise CliError(str(exc)) from exc
        if args.json:
            emit_json(
                {"path": str(summary.path), "files": summary.members, "bytes": summary.bytes_stored}
            )
        else:
            sys.stderr.write("\n")
            print(f"Exported {summary.members} files to {summary.path}")
        return 0
    if args.data_command == "restore":
        key = core.database_key
        core.close()  # the database must be closed before it is replaced
        try:
            result = restore(core.paths, Path(args.archive), database_key=key)
        except ArchiveError as exc:
            raise CliError(str(exc)) from exc
        if args.json:
            emit_json({"restored": list(result.restored), "backup": str(result.backup)})
        else:
            print(f"Restored {len(result.restored)} files; the previous data is in {result.backup}")
        return 0
    raise CliError(f"unknown data command {args.data_command}")
