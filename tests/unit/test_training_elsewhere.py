""" "Train on another machine": the folder's files parse (the YAML loads, the script compiles and
reads the data into prompt/completion rows, the JSONL reads back), carry Hearth's LoRA settings,
and the README says what to fill in when the base model's repository is unknown."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pytest

from app.library.catalog import load_catalog
from app.training.config import Hyperparameters
from app.training.dataset_files import read_dataset_file
from app.training.elsewhere import (
    AXOLOTL_CONFIG,
    PLACEHOLDER_REPO,
    README,
    TRAIN_FILE,
    TRL_SCRIPT,
    ElsewherePlan,
    write_training_folder,
)
from app.training.errors import TrainingError
from app.training.examples import make_example
from app.training.where_to_train import estimate_cpu_training, original_repository

HYPER = Hyperparameters(
    rank=16,
    alpha=32,
    targets=("q", "v", "down"),
    epochs=2.5,
    learning_rate=2e-4,
    max_length=512,
    batch_size=2,
)
TRAIN = tuple(
    make_example(
        f"When does shop {i} open?",
        f"Shop {i} opens at {i + 7} o'clock.",
        system="You answer for Larkspur.",
    )
    for i in range(5)
)
HELD = (make_example("Opening time of shop 9?", 'Nine o\'clock: "early" — ünïcode.'),)


def plan(repo: str | None) -> ElsewherePlan:
    return ElsewherePlan("Larkspur hours", "Qwen3 8B", repo, HYPER, TRAIN, HELD)


def test_the_folder_parses_and_carries_the_settings(tmp_path: Path) -> None:
    yaml = pytest.importorskip("yaml")
    written = write_training_folder(tmp_path / "out", plan("Qwen/Qwen3-8B"))
    assert written.base_repo_known
    folder = written.folder
    config = yaml.safe_load((folder / AXOLOTL_CONFIG).read_text(encoding="utf-8"))
    assert config["base_model"] == "Qwen/Qwen3-8B"
    assert (config["adapter"], config["lora_r"], config["lora_alpha"]) == ("lora", 16, 32)
    assert config["lora_target_modules"] == ["q_proj", "v_proj", "down_proj"]
    assert (config["num_epochs"], config["learning_rate"], config["sequence_len"]) == (
        2.5,
        2e-4,
        512,
    )
    assert config["train_on_inputs"] is False
    assert config["datasets"][0]["path"] == TRAIN_FILE
    assert config["datasets"][0]["roles_to_train"] == ["assistant"]

    script = folder / TRL_SCRIPT
    compile(script.read_text(encoding="utf-8"), str(script), "exec")
    namespace = runpy.run_path(str(script))  # not as __main__: nothing trains
    assert namespace["BASE_MODEL"] == "Qwen/Qwen3-8B"
    assert (namespace["RANK"], namespace["ALPHA"], namespace["EPOCHS"]) == (16, 32.0, 2.5)
    assert namespace["TARGET_MODULES"] == ["q_proj", "v_proj", "down_proj"]
    assert namespace["MAX_LENGTH"] == 512 and namespace["LEARNING_RATE"] == 2e-4
    rows = list(namespace["rows"]())
    assert len(rows) == len(TRAIN)
    assert [m["role"] for m in rows[0]["prompt"]] == ["system", "user"]
    assert rows[0]["completion"] == [{"role": "assistant", "content": "Shop 0 opens at 7 o'clock."}]

    lines = (folder / TRAIN_FILE).read_text(encoding="utf-8").splitlines()
    assert all("messages" in json.loads(line) for line in lines)
    assert [e.turns for e in read_dataset_file(folder / TRAIN_FILE).require_clean()] == [
        e.turns for e in TRAIN
    ]
    back = read_dataset_file(folder / "data/held_out.jsonl").require_clean()
    assert [e.reply for e in back] == [HELD[0].reply]
    text = (folder / README).read_text(encoding="utf-8")
    assert "hearth adapters import adapter" in text and "FILL" not in text


def test_an_unknown_base_gets_a_placeholder_the_readme_explains(tmp_path: Path) -> None:
    written = write_training_folder(tmp_path / "out", plan(None))
    assert not written.base_repo_known
    readme = (written.folder / README).read_text(encoding="utf-8")
    assert "FILL IT IN" in readme and PLACEHOLDER_REPO in readme
    namespace = runpy.run_path(str(written.folder / TRL_SCRIPT))
    with pytest.raises(SystemExit, match="Set BASE_MODEL"):
        namespace["main"]()


def test_a_folder_with_files_is_not_overwritten(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(TrainingError, match="already exists and is not empty"):
        write_training_folder(tmp_path, plan(None))
    assert (tmp_path / "keep.txt").read_text() == "mine"


def test_the_estimate_scales_with_the_model() -> None:
    small = estimate_cpu_training(135_000_000, TRAIN, HYPER, cores=2)
    big = estimate_cpu_training(70_000_000_000, TRAIN * 40, HYPER, cores=2)
    assert small.reasonable and not big.reasonable
    assert big.seconds > 1000 * small.seconds
    assert "h" in big.describe() and small.describe() == "about 1 min"
    # bf16 weights and a third more: 8 B parameters do not fit in 16 GB.
    tight = estimate_cpu_training(8_000_000_000, TRAIN, HYPER, cores=2, ram_bytes=16 * 10**9)
    assert tight.memory_bytes == int(8e9 * 2 * 1.3) and not tight.reasonable
    assert estimate_cpu_training(135_000_000, TRAIN, HYPER, ram_bytes=16 * 10**9).reasonable


def test_the_original_repository_comes_from_the_file_or_the_catalog() -> None:
    catalog = load_catalog()
    starter = catalog.entries[0]
    assert original_repository({}, catalog, sha256=starter.sha256) == (
        "HuggingFaceTB/SmolLM2-135M-Instruct"
    )
    recorded = {"general.source.huggingface.repository": "acme/shop-model"}
    assert original_repository(recorded, catalog, sha256=starter.sha256) == "acme/shop-model"
    assert original_repository({}, catalog, sha256="0" * 64, file_name="other.gguf") is None
    # Every catalog model has its original weights listed.
    assert all(original_repository({}, catalog, catalog_id=e.id) for e in catalog.entries)
