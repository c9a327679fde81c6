"""`hearth train --export-for DIR`: the folder for training elsewhere, written from the CLI with
the starter model's preset and its original repository from the catalog, without training."""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration.test_cli import hearth, ok_json


def test_export_for_writes_the_folder_with_the_catalog_repository(
    tmp_path: Path, starter_model: Path
) -> None:
    data = tmp_path / "data.jsonl"
    rows = [
        {
            "messages": [
                {"role": "user", "content": f"Q{i}?"},
                {"role": "assistant", "content": f"A{i}."},
            ]
        }
        for i in range(6)
    ]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    out = tmp_path / "for-the-gpu-server"
    payload = ok_json(
        home,
        "train",
        "--base",
        str(starter_model),
        "--data",
        str(data),
        "--out",
        "Shop",
        "--rank",
        "4",
        "--export-for",
        str(out),
    )
    assert payload["base_repo"] == "HuggingFaceTB/SmolLM2-135M-Instruct"
    assert set(payload["files"]) >= {
        "data/train.jsonl",
        "train_trl.py",
        "axolotl.yaml",
        "README.txt",
    }
    assert "lora_r: 4" in (out / "axolotl.yaml").read_text(encoding="utf-8")
    assert ok_json(home, "adapters", "list")["adapters"] == []  # nothing was trained
    again = hearth(
        home,
        "train",
        "--base",
        str(starter_model),
        "--data",
        str(data),
        "--out",
        "Shop",
        "--export-for",
        str(out),
    )
    assert again.returncode == 1 and "not empty" in again.stderr
