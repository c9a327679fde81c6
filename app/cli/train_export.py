"""`hearth train --base MODEL --data FILE --out NAME --export-for DIR`: write a folder to train
the adapter on another machine (TRL script, Axolotl config, the data, a README) instead of
training here. Needs no training runtime."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.core import Core

from .model_choice import choose_model
from .output import CliError, emit_json


def export_for_elsewhere(core: Core, args: argparse.Namespace) -> int:
    from app.library.catalog import CatalogError, load_catalog
    from app.library.model_library import LibraryError
    from app.training.config import parse_targets
    from app.training.dataset import prepare_dataset
    from app.training.dataset_files import read_dataset_file
    from app.training.elsewhere import ElsewherePlan, write_training_folder
    from app.training.errors import TrainingError
    from app.training.presets import customised, preset_for
    from app.training.where_to_train import estimate_cpu_training, original_repository

    chosen = choose_model(core, args.base)
    try:
        examples = read_dataset_file(Path(args.data)).require_clean()
        dataset, _ = prepare_dataset(
            args.out, examples, held_out_fraction=args.held_out, seed=args.seed
        )
        header = core.library.inspect(Path(chosen.path))
        hyper = customised(
            preset_for(header.parameter_count),
            epochs=args.epochs,
            rank=args.rank,
            alpha=args.alpha
            if args.alpha is not None
            else (2.0 * args.rank if args.rank else None),
            targets=parse_targets(args.targets) if args.targets else None,
            learning_rate=args.lr,
            max_length=args.max_length,
            batch_size=args.batch_size,
            seed=args.seed,
        )
        try:
            catalog = load_catalog()
        except CatalogError:
            catalog = None
        record = core.models.get(chosen.model_id) if chosen.model_id is not None else None
        repo = original_repository(
            header.metadata,
            catalog,
            catalog_id=record.catalog_id if record else None,
            sha256=chosen.sha256,
            file_name=Path(chosen.path).name,
        )
        plan = ElsewherePlan(
            adapter_name=args.out,
            base_name=chosen.name,
            base_repo=repo,
            hyper=hyper,
            train=dataset.train,
            held_out=dataset.held_out,
        )
        written = write_training_folder(Path(args.export_for), plan)
    except (TrainingError, LibraryError) as exc:
        raise CliError(str(exc)) from exc
    estimate = estimate_cpu_training(header.parameter_count, dataset.train, hyper)
    if args.json:
        emit_json(
            {
                "folder": str(written.folder),
                "files": [str(p.relative_to(written.folder)) for p in written.files],
                "base_repo": repo,
                "estimated_seconds_here": round(estimate.seconds),
            }
        )
    else:
        print(f"Wrote {written.folder}: {', '.join(p.name for p in written.files)}")
        if repo is None:
            print("Fill in the base model's repository first: see README.txt there.")
    return 0
