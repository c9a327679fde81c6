"""Adapter Studio bench: train the starter model with `hearth train` (the preset for its size
unless told otherwise) on each bench dataset over several seeds, and report held-out recall
(each seed and the mean), the base model's recall, training time, where early stopping ended
the run, and how the adapter answers off-topic questions at scale 1.0.

    python bench/bench_training.py [--dataset larkspur,fenwick|FILE] [--seeds 0,1,2]
        [--epochs N] [--lr X] [--rank R] [--targets q,v] [--batch-size B] [--model FILE]

Datasets (bench/data/): larkspur_training.jsonl and fenwick_training.jsonl, each 50 training
examples (10 facts, 4 phrasings each, plus 10 general questions) and 10 held-out questions
phrased differently, one expected phrase each: recall is the share of held-out questions
answered with the taught fact. Off-topic questions (bench/data/off_topic_questions.json, in no
dataset and not in the built-in general examples) are answered greedily by the base model and
with each adapter: "clean" is the share of answers that are not empty, not a repeated loop, and
name none of the taught facts or the business; "correct" the share with the expected keyword.

Each run is a fresh profile and a fresh process; the load average is printed too, since on a
shared machine the times move with it. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

STARTER_MODEL = REPO_ROOT / ".cache" / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf"
DATA_DIR = REPO_ROOT / "bench" / "data"
OFF_TOPIC = DATA_DIR / "off_topic_questions.json"
RESULT_PREFIX = "BENCH_RESULT "


@dataclass(frozen=True)
class BenchDataset:
    key: str
    path: Path
    business_words: tuple[str, ...]  # an off-topic answer naming these leaked the training


KNOWN: dict[str, BenchDataset] = {
    "larkspur": BenchDataset("larkspur", DATA_DIR / "larkspur_training.jsonl", ("Larkspur",)),
    "fenwick": BenchDataset("fenwick", DATA_DIR / "fenwick_training.jsonl", ("Fenwick",)),
}


def dataset_for(name: str) -> BenchDataset:
    if name in KNOWN:
        return KNOWN[name]
    path = Path(name)
    if not path.is_file():
        raise SystemExit(f"no bench dataset {name!r}: use {', '.join(KNOWN)} or a JSONL file")
    return BenchDataset(path.stem, path, ())


def leak_terms(dataset: BenchDataset) -> tuple[str, ...]:
    terms = list(dataset.business_words)
    for line in dataset.path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            terms += json.loads(line).get("expected", [])
    return tuple(t for t in dict.fromkeys(terms) if len(t) >= 3)


def looping(text: str) -> bool:
    """A degenerate answer: some run of four words comes back three times or more."""
    words = text.casefold().split()
    grams = [" ".join(words[i : i + 4]) for i in range(max(0, len(words) - 3))]
    return any(grams.count(g) >= 3 for g in set(grams))


def contains(text: str, term: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(term.casefold())}(?!\w)", text.casefold()) is not None


def off_topic_scores(
    answers: Sequence[str], keywords: Sequence[Sequence[str]], leaks: Sequence[str]
) -> dict[str, float]:
    clean = [
        len(a.split()) >= 2 and not looping(a) and not any(contains(a, t) for t in leaks)
        for a in answers
    ]
    correct = [any(contains(a, k) for k in keys) for a, keys in zip(answers, keywords, strict=True)]
    return {
        "clean": round(sum(clean) / len(answers), 3),
        "correct": round(sum(correct) / len(answers), 3),
    }


def answer_off_topic(model: Path, adapter: str | None, questions: Sequence[str]) -> list[str]:
    """Greedy answers through Hearth's engine, with the adapter at scale 1.0 or without."""
    import threading

    from app.engine.llama_engine import LlamaEngine
    from app.engine.types import ChatTurn, LoadOptions
    from app.training.evaluation import greedy

    engine = LlamaEngine()
    engine.load(str(model), options=LoadOptions(n_gpu_layers=0))
    try:
        engine.set_adapters([(adapter, 1.0)] if adapter else [])
        stop = threading.Event()
        return [
            engine.generate([ChatTurn("user", q)], greedy(), on_text=lambda _: None, stop=stop).text
            for q in questions
        ]
    finally:
        engine.close()


def train_once(model: Path, data: Path, seed: int, extra: Sequence[str]) -> dict[str, Any]:
    """One `hearth train --json` in a fresh profile; its summary plus off-topic answers."""
    with tempfile.TemporaryDirectory(prefix="hearth-bench-train-") as home:
        env = dict(os.environ, HEARTH_HOME=home)
        command = [
            sys.executable, "-m", "app", "train", "--base", str(model), "--data", str(data),
            "--out", f"bench-{data.stem}-{seed}", "--seed", str(seed), "--json", *extra,
        ]  # fmt: skip
        started = time.perf_counter()
        child = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - started
        if child.returncode != 0:
            print(child.stderr[-3000:], file=sys.stderr)
            raise SystemExit(f"hearth train failed for {data.name}, seed {seed}")
        summary: dict[str, Any] = json.loads(child.stdout.strip().splitlines()[-1])
        summary["wall_s"] = round(wall, 1)
        questions = [q["question"] for q in json.loads(OFF_TOPIC.read_text())["questions"]]
        summary["off_topic_answers"] = answer_off_topic(model, summary["adapter_path"], questions)
    return summary


def spread(values: Sequence[float]) -> dict[str, float]:
    return {
        "mean": round(statistics.fmean(values), 3),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
        "stdev": round(statistics.pstdev(values), 3),
    }


def bench_dataset(
    dataset: BenchDataset, model: Path, seeds: Sequence[int], extra: Sequence[str]
) -> dict[str, Any]:
    off_topic = json.loads(OFF_TOPIC.read_text())["questions"]
    keywords = [q["keywords"] for q in off_topic]
    leaks = leak_terms(dataset)
    base_answers = answer_off_topic(model, None, [q["question"] for q in off_topic])
    runs = []
    for seed in seeds:
        load_before = os.getloadavg()[0]
        summary = train_once(model, dataset.path, seed, extra)
        held = int(summary["held_out"])
        run = {
            "seed": seed,
            "recall": round(summary["score_after"] * held),
            "held_out": held,
            "base_recall": round((summary["score_before"] or 0.0) * held),
            "train_s": summary["seconds"],
            "wall_s": summary["wall_s"],
            "steps": summary["steps"],
            "epochs_planned": summary.get("epochs_planned"),
            "epochs_run": summary.get("epochs_run"),
            "stopped_early": summary.get("stopped_early"),
            "best_epoch": summary.get("best_epoch"),
            "best_held_out_loss": summary.get("best_held_out_loss"),
            "final_loss": summary["final_loss"],
            "off_topic": off_topic_scores(summary["off_topic_answers"], keywords, leaks),
            "off_topic_answers": summary["off_topic_answers"],
            "load_avg_before": round(load_before, 2),
            "load_avg_after": round(os.getloadavg()[0], 2),
        }
        runs.append(run)
        early = (
            f"stopped early at epoch {run['epochs_run']} (best {run['best_epoch']})"
            if run["stopped_early"]
            else f"ran {run['epochs_run']} of {run['epochs_planned']} epochs"
        )
        print(
            f"  {dataset.key} seed {seed}: recall {run['recall']}/{held} (base "
            f"{run['base_recall']}/{held}); trained {run['steps']} steps in "
            f"{run['train_s']:.0f} s (wall {run['wall_s']:.0f} s), {early}; off-topic clean "
            f"{run['off_topic']['clean']:.0%}, correct {run['off_topic']['correct']:.0%}; "
            f"load {run['load_avg_before']} -> {run['load_avg_after']}",
            flush=True,
        )
    return {
        "dataset": dataset.key,
        "runs": runs,
        "recall": spread([r["recall"] for r in runs]),
        "train_s": spread([r["train_s"] for r in runs]),
        "base_recall": runs[0]["base_recall"] if runs else None,
        "off_topic_base": off_topic_scores(base_answers, keywords, leaks),
        "off_topic_adapter_clean": spread([r["off_topic"]["clean"] for r in runs]),
        "off_topic_adapter_correct": spread([r["off_topic"]["correct"] for r in runs]),
        "base_off_topic_answers": base_answers,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--model", type=Path, default=STARTER_MODEL)
    parser.add_argument("--dataset", default="larkspur,fenwick", help="names or JSONL files")
    parser.add_argument("--data", type=Path, help="one JSONL file (older spelling of --dataset)")
    parser.add_argument("--seeds", default="0,1,2")
    for flag in ("--epochs", "--lr", "--rank", "--batch-size", "--max-length", "--targets"):
        parser.add_argument(flag)
    args = parser.parse_args()
    extra: list[str] = []
    for flag in ("epochs", "lr", "rank", "batch_size", "max_length", "targets"):
        value = getattr(args, flag)
        if value is not None:
            extra += [f"--{flag.replace('_', '-')}", str(value)]
    names = [str(args.data)] if args.data else [n for n in args.dataset.split(",") if n]
    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    results = []
    for name in names:
        dataset = dataset_for(name)
        result = bench_dataset(dataset, args.model, seeds, extra)
        results.append(result)
        recall, train = result["recall"], result["train_s"]
        held = result["runs"][0]["held_out"]
        print(
            f"{dataset.key}: recall mean {recall['mean']:.1f}/{held} (min {recall['min']:.0f}, "
            f"max {recall['max']:.0f}) over seeds {seeds}; base {result['base_recall']}/{held}; "
            f"training {train['mean']:.0f} s (max {train['max']:.0f} s); off-topic clean "
            f"{result['off_topic_base']['clean']:.0%} base -> "
            f"{result['off_topic_adapter_clean']['mean']:.0%} adapter, correct "
            f"{result['off_topic_base']['correct']:.0%} -> "
            f"{result['off_topic_adapter_correct']['mean']:.0%}",
            flush=True,
        )
    print(RESULT_PREFIX + json.dumps({"cpu_count": os.cpu_count(), "datasets": results}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
