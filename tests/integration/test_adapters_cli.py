"""`hearth adapters ...` and `hearth chat --adapter`, as real subprocesses on the starter model."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from app.chats.message_repository import MessageRepository
from app.storage import Database
from tests.fixtures.make_lora import write_lora
from tests.integration.test_cli import hearth, ok_json, one_json_object

PROMPT = "Name three colours of the rainbow."
ARGS = ("--seed", "11", "--max-tokens", "16")


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, starter_model: Path) -> Path:
    home = tmp_path_factory.mktemp("adapters-cli")
    ok_json(home, "models", "import", str(starter_model))
    return home


@pytest.fixture(scope="module")
def lora(tmp_path_factory: pytest.TempPathFactory, starter_model: Path) -> Path:
    return write_lora(tmp_path_factory.mktemp("lora") / "domain-lora.gguf", starter_model, seed=3)


def test_import_list_and_info(home: Path, lora: Path) -> None:
    imported = ok_json(home, "adapters", "import", str(lora))["adapter"]
    assert imported["path"] == str(lora.resolve())
    assert imported["sha256"] == hashlib.sha256(lora.read_bytes()).hexdigest()
    assert (imported["architecture"], imported["rank"]) == ("llama", 4)
    assert imported["tensor_count"] == 60  # q and v of SmolLM2-135M's 30 layers

    listed = ok_json(home, "adapters", "list")["adapters"]
    assert [a["id"] for a in listed] == [imported["id"]]

    info = ok_json(home, "adapters", "info", str(lora))["info"]
    assert info["compatible"] is True
    assert info["adapted_tensors"] == 60
    assert "blk.0.attn_q.weight" in info["tensors"]


def test_info_names_the_problem_for_another_base(
    home: Path, tmp_path: Path, starter_model: Path
) -> None:
    wide = write_lora(tmp_path / "wide.gguf", starter_model, wrong_shape=True)
    info = ok_json(home, "adapters", "info", str(wide))["info"]
    assert info["compatible"] is False
    assert "blk.0.attn_q.weight" in info["problem"]


def test_a_model_file_is_not_imported_as_an_adapter(home: Path, starter_model: Path) -> None:
    run = hearth(home, "adapters", "import", str(starter_model), "--json")
    assert run.returncode == 1
    assert "not a LoRA adapter" in one_json_object(run)["error"]


def test_chat_with_an_adapter_records_it_and_changes_the_reply(home: Path, lora: Path) -> None:
    adapter = ok_json(home, "adapters", "import", str(lora))["adapter"]  # same path: same record
    base = ok_json(home, "chat", "--prompt", PROMPT, *ARGS)
    tuned = ok_json(home, "chat", "--prompt", PROMPT, *ARGS, "--adapter", f"{adapter['id']}:1.5")
    zero = ok_json(home, "chat", "--prompt", PROMPT, *ARGS, "--adapter", f"{lora}:0")

    assert base["adapters"] == []
    assert tuned["adapters"] == [
        {"name": adapter["name"], "sha256": adapter["sha256"], "scale": 1.5}
    ]
    assert tuned["text"] != base["text"]
    assert zero["text"] == base["text"]  # scale 0 is the base model exactly
    with Database.open(home / "data" / "hearth.sqlite3", backups_dir=home / "backups") as db:
        stored = MessageRepository(db).get(tuned["message_id"]).generation
    assert stored is not None
    assert [(a.sha256, a.scale) for a in stored.adapters] == [(adapter["sha256"], 1.5)]


def test_bad_adapter_arguments_fail_clearly(home: Path, lora: Path) -> None:
    for spec, needle in (
        (f"{lora}:2.5", "between 0 and 2"),
        ("999", "no adapter with id 999"),
        (str(lora.with_name("missing.gguf")), "not found"),
    ):
        run = hearth(home, "chat", "--prompt", "hi", "--adapter", spec, "--json")
        assert run.returncode == 1, run.describe()
        assert needle in one_json_object(run)["error"]
