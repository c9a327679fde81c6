"""`hearth models list|import|info|download|remove`."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import Any

from app.core import Core
from app.library.gguf_errors import GgufError
from app.library.model_library import LibraryError
from app.library.model_names import model_display_name
from app.storage import NotFoundError
from app.storage.records import ModelRecord

from .output import CliError, emit_json, table


def add_parser(commands: Any) -> None:
    models = commands.add_parser("models", help="manage GGUF model files")
    sub = models.add_subparsers(dest="models_command", required=True)
    listing = sub.add_parser("list", help="list registered models")
    listing.add_argument("--json", action="store_true")
    imp = sub.add_parser("import", help="register a GGUF file (linked in place by default)")
    imp.add_argument("path")
    imp.add_argument("--copy", action="store_true", help="copy it into Hearth's model folder")
    imp.add_argument("--default", action="store_true", help="make it the default model")
    imp.add_argument("--json", action="store_true")
    info = sub.add_parser("info", help="inspect a GGUF file's header without loading it")
    info.add_argument("path")
    info.add_argument("--json", action="store_true")
    download = sub.add_parser(
        "download", help="download a model from Hearth's catalog (resumes an unfinished one)"
    )
    download.add_argument("catalog_id", help="a catalog id, e.g. qwen3-4b-instruct-2507")
    download.add_argument("--json", action="store_true")
    remove = sub.add_parser("remove", help="forget a model (files Hearth copied are deleted)")
    remove.add_argument("id", type=int)
    remove.add_argument("--json", action="store_true")


def model_json(record: ModelRecord, default_id: int | None) -> dict[str, Any]:
    payload = asdict(record)
    payload["display_name"] = model_display_name(record)
    payload["default"] = record.id == default_id
    return payload


def run(core: Core, args: argparse.Namespace) -> int:
    command = args.models_command
    default = core.default_model()
    default_id = default.id if default else None
    if command == "list":
        records = core.models.list()
        if args.json:
            emit_json({"models": [model_json(r, default_id) for r in records]})
        elif not records:
            print("No models yet. Run `hearth setup` or `hearth models import PATH`.")
        else:
            rows = [
                [
                    ("*" if r.id == default_id else " ") + str(r.id),
                    model_display_name(r),
                    r.quantization or "?",
                    f"{r.size_bytes / 1e6:.0f} MB",
                    r.path,
                ]
                for r in records
            ]
            print(table(rows, ["ID", "NAME", "QUANT", "SIZE", "PATH"]))
        return 0
    if command == "import":
        try:
            record = core.library.import_model(Path(args.path).expanduser(), copy=args.copy)
        except (GgufError, LibraryError) as exc:
            raise CliError(str(exc)) from exc
        if args.default or core.settings.default_model_id is None:
            from dataclasses import replace

            core.save_settings(replace(core.settings, default_model_id=record.id))
            default_id = record.id
        if args.json:
            emit_json({"model": model_json(record, default_id)})
        else:
            print(
                f"Imported {model_display_name(record)} as model {record.id} "
                f"({record.sha256[:12]}…)"
            )
        return 0
    if command == "info":
        try:
            header = core.library.inspect(Path(args.path).expanduser())
        except (GgufError, LibraryError) as exc:
            raise CliError(str(exc)) from exc
        described = header.describe()
        if args.json:
            emit_json({"info": described})
        else:
            for key, value in described.items():
                print(f"{key:>20}: {value}")
        return 0
    if command == "download":
        from .models_download import download_from_catalog  # keeps `hearth --help` light

        return download_from_catalog(core, args.catalog_id, as_json=args.json)
    if command == "remove":
        try:
            record = core.models.get(args.id)
            core.library.remove(args.id, delete_file=True)
        except NotFoundError:
            raise CliError(f"no model with id {args.id}") from None
        if args.json:
            emit_json({"removed": record.id})
        else:
            print(f"Removed {model_display_name(record)}")
        return 0
    raise CliError(f"unknown models command {command}")
