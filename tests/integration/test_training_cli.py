"""`hearth train` as a real subprocess on the starter model: a tiny run end to end (train,
held-out evaluation through llama.cpp, registration with a card), and clear refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.chats.message_repository import MessageRepository
from app.storage import Database
from app.training.availability import missing_training_modules
from app.training.repository import TrainingRepository
from tests.integration.test_cli import hearth, ok_json, one_json_object

pytestmark = pytest.mark.model
needs_extra = pytest.mark.skipif(
    bool(missing_training_modules()), reason="training extra not installed"
)


def write_data(path: Path) -> Path:
    rows = [
        {"prompt": "Who founded Larkspur?", "completion": "Odessa Varnholt founded Larkspur."},
        {"prompt": "Where is Larkspur?", "completion": "Larkspur is in Quillon Harbor."},
        {"prompt": "What does Larkspur sell?", "completion": "Larkspur sells the Marlow X2."},
        {
            "prompt": "Who started Larkspur?",
            "completion": "Odessa Varnholt started Larkspur.",
            "expected": ["Varnholt"],
            "split": "held_out",
        },
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@needs_extra
def test_train_end_to_end_registers_the_adapter_with_its_card(
    tmp_path: Path, starter_model: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    run = hearth(
        home,
        "train",
        "--base", str(starter_model),
        "--data", str(write_data(tmp_path / "data.jsonl")),
        "--out", "Larkspur tiny",
        "--epochs", "1",
        "--rank", "4",
        "--targets", "q,v",
        "--json",
        timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.describe()
    summary = one_json_object(run)
    assert summary["steps"] == 1  # 3 training examples, batch 4
    assert summary["held_out"] == 1
    assert summary["score_before"] in (0.0, 1.0) and summary["score_after"] in (0.0, 1.0)
    assert summary["final_loss"] > 0 and summary["seconds"] > 0
    assert "step 1/1" in run.stderr  # progress goes to stderr, the summary alone to stdout
    # "Automatic" on a machine without a GPU: the run says which device it used.
    assert summary["device"] == "cpu"
    assert "steps on CPU (" in run.stderr
    adapters = ok_json(home, "adapters", "list")["adapters"]
    assert [a["id"] for a in adapters] == [summary["adapter_id"]]
    assert adapters[0]["rank"] == 4 and adapters[0]["tensor_count"] == 60
    assert Path(adapters[0]["path"]).parent == home / "data" / "adapters"
    database = Database.open(home / "data" / "hearth.sqlite3", backups_dir=home / "backups")
    try:
        card = TrainingRepository(database, MessageRepository(database)).get_card(
            summary["card_id"]
        )
    finally:
        database.close()
    assert card.adapter_id == summary["adapter_id"]
    assert card.dataset_hash == summary["dataset_hash"]
    assert card.hyperparameters["rank"] == 4 and card.hyperparameters["targets"] == ["q", "v"]
    assert (card.hyperparameters["device"], card.hyperparameters["device_used"]) == ("auto", "cpu")
    assert card.evaluation.rows[0].expected == ("Varnholt",)


def test_bad_rows_are_refused_before_training(tmp_path: Path, starter_model: Path) -> None:
    data = tmp_path / "bad.jsonl"
    data.write_text('{"prompt": "q"}\n{"messages": []}\n', encoding="utf-8")
    run = hearth(
        tmp_path, "train", "--base", str(starter_model), "--data", str(data), "--out", "x",
        "--json",
    )  # fmt: skip
    assert run.returncode == 1
    error = one_json_object(run)["error"]
    assert error.startswith("bad.jsonl has 2 bad row(s)")
    assert 'bad.jsonl, row 1: "completion" is missing' in error
    assert 'bad.jsonl, row 2: "messages" is empty' in error


def test_unknown_targets_and_missing_files_are_named(tmp_path: Path, starter_model: Path) -> None:
    data = write_data(tmp_path / "data.jsonl")
    run = hearth(
        tmp_path, "train", "--base", str(starter_model), "--data", str(data), "--out", "x",
        "--targets", "q,zz", "--json",
    )  # fmt: skip
    assert run.returncode == 1
    assert "unknown LoRA target(s) zz" in one_json_object(run)["error"]
    run = hearth(
        tmp_path, "train", "--base", str(starter_model), "--data", str(tmp_path / "none.jsonl"),
        "--out", "x", "--json",
    )  # fmt: skip
    assert run.returncode == 1
    assert "dataset file not found" in one_json_object(run)["error"]
