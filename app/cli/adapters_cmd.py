"""`hearth adapters list|import PATH|info PATH|remove ID`."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import Any

from app.core import Core
from app.library.model_library import LibraryError
from app.storage import NotFoundError

from .model_choice import choose_model
from .output import CliError, emit_json, table


def add_parser(commands: Any) -> None:
    adapters = commands.add_parser("adapters", help="manage LoRA adapter files (GGUF)")
    sub = adapters.add_subparsers(dest="adapters_command", required=True)
    listing = sub.add_parser("list", help="list registered adapters")
    listing.add_argument("--json", action="store_true")
    imp = sub.add_parser(
        "import",
        help="register a LoRA adapter GGUF (linked in place), or convert a PEFT adapter folder "
        "or .zip for a model in the library",
    )
    imp.add_argument("path")
    imp.add_argument("--copy", action="store_true", help="copy it into Hearth's adapter folder")
    imp.add_argument(
        "--base",
        help="PEFT: the model it is for (id or path; default: the first "
        "model in the library it fits, the default model first)",
    )
    imp.add_argument("--name", help="PEFT: the adapter's name (default: the folder's name)")
    imp.add_argument("--json", action="store_true")
    info = sub.add_parser("info", help="show what an adapter file holds, and if it fits a model")
    info.add_argument("path")
    info.add_argument("--model", help="check compatibility with this model id (default model)")
    info.add_argument("--json", action="store_true")
    remove = sub.add_parser("remove", help="forget an adapter (a copy Hearth made is deleted)")
    remove.add_argument("id", type=int)
    remove.add_argument("--json", action="store_true")


def run(core: Core, args: argparse.Namespace) -> int:
    command = args.adapters_command
    if command == "list":
        records = core.adapters.list()
        if args.json:
            emit_json({"adapters": [asdict(r) for r in records]})
        elif not records:
            print("No adapters yet. Run `hearth adapters import PATH`.")
        else:
            rows = [
                [str(r.id), r.name, r.architecture or "?", str(r.rank), r.sha256[:12], r.path]
                for r in records
            ]
            print(table(rows, ["ID", "NAME", "BASE ARCH", "RANK", "SHA256", "PATH"]))
        return 0
    if command == "import":
        from app.training.peft_files import looks_like_peft

        if looks_like_peft(Path(args.path)) or Path(args.path).is_dir():
            return _import_peft(core, args)
        try:
            record = core.adapters.import_adapter(Path(args.path), copy=args.copy)
        except LibraryError as exc:
            raise CliError(str(exc)) from exc
        if args.json:
            emit_json({"adapter": asdict(record)})
        else:
            print(f"Imported {record.name} as adapter {record.id} ({record.sha256[:12]}…)")
        return 0
    if command == "info":
        return _info(core, args)
    if command == "remove":
        try:
            record = core.adapters.get(args.id)
            core.adapters.remove(args.id, delete_file=True)
        except NotFoundError:
            raise CliError(f"no adapter with id {args.id}") from None
        except LibraryError as exc:
            raise CliError(str(exc)) from exc
        if args.json:
            emit_json({"removed": record.id})
        else:
            print(f"Removed {record.name}")
        return 0
    raise CliError(f"unknown adapters command {command}")


def _info(core: Core, args: argparse.Namespace) -> int:
    try:
        info = core.adapters.inspect(Path(args.path))
    except LibraryError as exc:
        raise CliError(str(exc)) from exc
    described: dict[str, Any] = {
        "name": info.name,
        "path": str(info.path),
        "architecture": info.architecture,
        "rank": info.rank,
        "alpha": info.alpha,
        "adapted_tensors": len(info.base_tensors),
        "tensors": list(info.base_tensors),
        "size_bytes": info.file_size,
    }
    model = core.models.get(int(args.model)) if args.model else core.default_model()
    if model is not None:
        try:
            base = core.library.inspect(Path(model.path))
            problem = core.adapters.compatibility_with_header(info, base)
        except (LibraryError, ValueError) as exc:
            problem = str(exc)
        described["checked_against"] = model.name
        described["compatible"] = problem is None
        described["problem"] = problem
    if args.json:
        emit_json({"info": described})
        return 0
    for key, value in described.items():
        if key == "tensors":
            continue
        print(f"{key:>16}: {value}")
    return 0


def _import_peft(core: Core, args: argparse.Namespace) -> int:
    from app.library.model_names import model_display_name
    from app.training.errors import TrainingError
    from app.training.peft_import import BaseModel, import_peft_adapter

    if args.base:
        chosen = choose_model(core, args.base)
        candidates = [BaseModel(chosen.name, Path(chosen.path))]
    else:
        default = core.default_model()
        records = sorted(core.models.list(), key=lambda r: default is None or r.id != default.id)
        candidates = [BaseModel(model_display_name(r), Path(r.path)) for r in records]
    try:
        record, converted = import_peft_adapter(
            core.adapters, Path(args.path), candidates, name=args.name
        )
    except TrainingError as exc:
        raise CliError(str(exc)) from exc
    summary = converted.summary
    if args.json:
        emit_json(
            {
                "adapter": asdict(record),
                "converted_from": "peft",
                "base": converted.base.name,
                "tensors": summary.tensor_count,
                "rank": summary.rank,
                "alpha": summary.alpha,
                "permuted": summary.permuted,
            }
        )
    else:
        print(
            f"Converted {converted.source.name} (PEFT, rank {summary.rank}, "
            f"{summary.tensor_count} tensors) for {converted.base.name} and imported it as "
            f"adapter {record.id} ({record.sha256[:12]}…)"
        )
    return 0
