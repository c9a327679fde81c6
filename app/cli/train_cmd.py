"""`hearth train --base MODEL --data FILE.jsonl --out NAME [--epochs N] [--rank R] [--targets q,v]`.

Trains a LoRA adapter in the training subprocess (progress on stderr), evaluates the held-out
examples through llama.cpp before and after, registers the adapter with its card, and prints a
summary (one JSON object with --json).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core import Core

from .model_choice import choose_model
from .output import CliError, emit_json

if TYPE_CHECKING:
    from app.security.keys import MasterKey


def add_parser(commands: Any) -> None:
    train = commands.add_parser("train", help="fine-tune a LoRA adapter on your own examples")
    train.add_argument("--base", required=True, help="the base model: id or GGUF path")
    train.add_argument("--data", required=True, help="JSONL (messages or prompt/completion) or CSV")
    train.add_argument("--out", required=True, help="the new adapter's name")
    train.add_argument("--epochs", type=float, help="passes over the data (preset by model size)")
    train.add_argument("--rank", type=int, help="LoRA rank (preset by model size)")
    train.add_argument("--alpha", type=float, help="LoRA alpha (preset: twice the rank)")
    train.add_argument("--targets", help="projections to adapt: q,k,v,o,gate,up,down or all")
    train.add_argument("--lr", type=float, help="learning rate (preset by model size)")
    train.add_argument("--max-length", type=int, help="longest example in tokens")
    train.add_argument("--batch-size", type=int, help="examples per step")
    train.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"), default="auto")
    train.add_argument("--held-out", type=float, default=0.2, help="fraction held out (0.2)")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--original-weights", help="train on this transformers model folder")
    train.add_argument(
        "--export-for",
        metavar="DIR",
        help="do not train here: write DIR with the data, a TRL script, an Axolotl config and a "
        "README to train on another machine (bring the result back with `adapters import`)",
    )
    train.add_argument("--json", action="store_true")


def run(core: Core, args: argparse.Namespace) -> int:
    if args.export_for:
        from .train_export import export_for_elsewhere

        return export_for_elsewhere(core, args)
    from app.training.availability import training_unavailable_reason

    reason = training_unavailable_reason(core.paths.data_dir)
    if reason is not None:
        raise CliError(reason)
    from app.training.config import parse_targets
    from app.training.dataset import prepare_dataset
    from app.training.dataset_files import read_dataset_file
    from app.training.errors import TrainingError
    from app.training.pipeline import new_run_dir, prepare_job
    from app.training.presets import customised, preset_for

    chosen = choose_model(core, args.base)
    started = time.perf_counter()
    try:
        examples = read_dataset_file(Path(args.data)).require_clean()
        dataset, dropped = prepare_dataset(
            args.out, examples, held_out_fraction=args.held_out, seed=args.seed
        )
        header = core.library.inspect(Path(chosen.path))
        preset = preset_for(header.parameter_count)
        hyper = customised(
            preset,
            epochs=args.epochs,
            rank=args.rank,
            alpha=args.alpha
            if args.alpha is not None
            else (2.0 * args.rank if args.rank else None),
            targets=parse_targets(args.targets) if args.targets else None,
            learning_rate=args.lr,
            max_length=args.max_length,
            batch_size=args.batch_size,
            device=args.device,
            seed=args.seed,
        )
        job = prepare_job(
            base_gguf=Path(chosen.path),
            dataset=dataset,
            run_dir=new_run_dir(core.paths, args.out),
            name=args.out,
            hyper=hyper,
            original_weights=Path(args.original_weights) if args.original_weights else None,
            key=core.encryption_key,  # an encrypted profile: the run folder is sealed
        )
    except TrainingError as exc:
        raise CliError(str(exc)) from exc

    repository = core.training
    stored = repository.save_dataset(dataset)
    _say(
        f"dataset '{dataset.name}' v{stored.version}: {len(dataset.train)} training, "
        f"{len(dataset.held_out)} held-out examples ({dropped} duplicates dropped); "
        f"preset {preset.key}, rank {hyper.rank}, targets {','.join(hyper.targets)}, "
        f"{_epochs_text(hyper, dataset)}"
    )
    done = _train(job, core.encryption_key)
    summary = _evaluate_and_register(core, repository, job, done, chosen, dataset, stored.id)
    summary["wall_seconds"] = round(time.perf_counter() - started, 1)
    summary["dataset_duplicates_dropped"] = dropped
    if args.json:
        emit_json(summary)
    else:
        before, after = summary["score_before"], summary["score_after"]
        print(
            f"Trained '{args.out}' in {summary['seconds']:.0f} s ({summary['steps']} steps, "
            f"final loss {summary['final_loss']:.3f}, on {summary['device'] or '?'}); held-out "
            "score "
            f"{_percent(before)} -> {_percent(after)}; adapter id {summary['adapter_id']}"
        )
    return 0


def _epochs_text(hyper: Any, dataset: Any) -> str:
    """The run plan as the worker will follow it (general examples mixed in included)."""
    from app.training.mixing import MIN_VALIDATION, run_examples
    from app.training.schedule import planned_epochs, total_steps

    held_out = dataset.held_out if len(dataset.held_out) >= MIN_VALIDATION else ()
    train, validation = run_examples(dataset.train, held_out, hyper)
    epochs = planned_epochs(len(train), hyper.batch_size, hyper.epochs, hyper.target_steps)
    steps = total_steps(len(train), hyper.batch_size, epochs)
    general = sum(1 for e in train if e.source == "general")
    text = f"{epochs:g} epochs ({steps} steps"
    if general > 0:
        text += f", {general} general examples mixed in"
    text += ")"
    if validation:
        text += (
            f"; stops early when the loss on {len(validation)} held-out examples stops improving"
        )
    return text


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _train(job: Any, key: MasterKey | None) -> Any:
    from app.training.process import TrainingProcess
    from app.training.protocol import WorkerEvent

    def show(event: WorkerEvent) -> None:
        if event.kind == "status":
            _say(event.text("message"))
        elif event.kind == "started":
            from app.training.devices import device_label

            _say(
                f"training {int(event.number('total_steps'))} steps on "
                f"{device_label(event.text('device'))} ({event.text('precision')}), "
                f"{int(event.number('trainable_parameters')):,} trainable parameters"
            )
        elif event.kind == "step":
            held = event.data.get("held_out_loss")
            _say(
                f"step {int(event.number('step'))}/{int(event.number('total_steps'))}  "
                f"loss {event.number('loss'):.4f}  eta {event.number('eta_s'):.0f} s"
                + (f"  held-out loss {held:.4f}" if isinstance(held, int | float) else "")
            )

    process = TrainingProcess(job, on_event=show, key=key)
    process.start()
    try:
        done = process.wait()
    except KeyboardInterrupt:
        process.cancel()
        process.wait(30)
        raise CliError("training cancelled") from None
    if done.kind != "done":
        raise CliError(done.text("message") or f"training ended: {done.kind}")
    return done


def _evaluate_and_register(
    core: Core,
    repository: Any,
    job: Any,
    done: Any,
    chosen: Any,
    dataset: Any,
    dataset_id: int,
) -> dict[str, Any]:
    from app.engine.errors import EngineError
    from app.engine.types import LoadModel, LoadOptions
    from app.training.errors import TrainingError
    from app.training.evaluation import EvaluationReport, evaluate_adapter
    from app.training.pipeline import register_trained_adapter

    report = EvaluationReport(())
    if dataset.held_out:
        _say(f"evaluating {len(dataset.held_out)} held-out examples before and after…")
        # The inference thread's engine reads the exported adapter (sealed on an encrypted
        # profile); the base is loaded for this evaluation, with the adapter applied and removed.
        client = core.start_engine(remote=False)
        load = LoadModel(chosen.path, chosen.sha256, LoadOptions(n_gpu_layers=0))
        try:
            with client.lease(load) as engine:
                report = evaluate_adapter(engine, done.text("gguf"), dataset.held_out)
        except EngineError as exc:
            raise CliError(f"the adapter was trained but could not be evaluated: {exc}") from exc
        finally:
            client.shutdown()
    try:
        trained = register_trained_adapter(
            adapters=core.adapters,
            repository=repository,
            job=job,
            done=done,
            base_sha256=chosen.sha256,
            base_name=chosen.name,
            dataset=dataset,
            dataset_id=dataset_id,
            evaluation=report,
        )
    except TrainingError as exc:
        raise CliError(str(exc)) from exc
    return {
        "steps": trained.card.steps,
        "final_loss": trained.card.final_loss,
        "seconds": trained.card.train_seconds,
        "held_out": len(report.rows),
        "score_before": report.score_before,
        "score_after": report.score_after,
        "adapter_id": trained.adapter.id,
        "adapter_path": trained.adapter.path,
        "adapter_sha256": trained.adapter.sha256,
        "card_id": trained.card.id,
        "dataset_id": dataset_id,
        "dataset_hash": dataset.content_hash,
        "run_dir": job.run_dir,
        "device": done.data.get("device"),
        "epochs_planned": done.data.get("epochs"),
        "epochs_run": done.data.get("epochs_run"),
        "stopped_early": bool(done.data.get("stopped_early", False)),
        "best_epoch": done.data.get("best_epoch"),
        "best_held_out_loss": done.data.get("best_held_out_loss"),
    }
