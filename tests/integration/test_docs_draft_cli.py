"""`hearth docs draft-training`: the real model drafts question/answer examples from indexed
documents; what is kept is grounded in its passage and reads back as a training dataset."""

from __future__ import annotations

import json
from pathlib import Path

from app.training.dataset_files import read_dataset_file
from app.training.document_drafts import MIN_SUPPORT, support_in
from tests.integration.test_cli import hearth, ok_json, one_json_object

SECTIONS = {
    "Holidays": "Employees of Northwind receive 27 days of paid leave per year. Leave requests go "
    "to the team lead at least two weeks ahead through the HR portal. Unused days carry over "
    "until 31 March of the following year, after which they lapse.",
    "Deliveries": "Northwind Logistics ships refrigerated goods from its Rotterdam hub. Standard "
    "delivery within the Benelux takes 48 hours; express delivery costs EUR 35 extra and arrives "
    "the next business day. Claims for damaged goods must be filed within 14 days using form NW-7.",
    "Expenses": "Travel expenses above EUR 250 need the approval of a department head before "
    "booking. Receipts are uploaded to the Concur system within 30 days of the trip; mileage is "
    "paid at EUR 0.23 per kilometre.",
}


def write_handbook(folder: Path) -> Path:
    path = folder / "handbook.md"
    path.write_text(
        "\n\n".join(f"# {title}\n\n{text}" for title, text in SECTIONS.items()), encoding="utf-8"
    )
    return path


def test_drafts_from_a_collection_are_grounded_and_trainable(
    hearth_home: Path, tmp_path: Path, starter_model: Path
) -> None:
    ok_json(hearth_home, "docs", "add", str(write_handbook(tmp_path)), "--collection", "Handbook")
    out = tmp_path / "drafts.jsonl"
    report = ok_json(
        hearth_home,
        "docs",
        "draft-training",
        "--collection",
        "Handbook",
        "--out",
        str(out),
        "--model",
        str(starter_model),
        "--system",
        "You are Northwind's assistant.",
    )
    assert report["passages"] == report["drafted"] == 3
    assert report["kept"] + len(report["set_aside"]) == 3
    assert all(item["reason"] for item in report["set_aside"])
    assert report["kept"] >= 1  # greedy drafts of these facts: the leave days one is kept

    rows = read_dataset_file(out).require_clean()  # the file is a valid dataset as it is
    assert len(rows) == report["kept"]
    sources = [json.loads(line)["source"] for line in out.read_text("utf-8").splitlines()]
    for example, source in zip(rows, sources, strict=True):
        section = source.removeprefix("drafted from handbook.md, ")
        assert section in SECTIONS
        assert support_in(SECTIONS[section], example.reply) >= MIN_SUPPORT
        assert example.turns[0].content == "You are Northwind's assistant."
        assert example.question.endswith("?")


def test_bad_requests_get_clear_errors(hearth_home: Path, tmp_path: Path) -> None:
    missing = hearth(
        hearth_home,
        "docs",
        "draft-training",
        "--collection",
        "Nope",
        "--out",
        str(tmp_path / "d.jsonl"),
        "--json",
    )
    assert missing.returncode == 1
    assert one_json_object(missing)["error"] == "no collection named 'Nope'"
    wrong_suffix = hearth(
        hearth_home,
        "docs",
        "draft-training",
        "--document",
        "1",
        "--out",
        str(tmp_path / "d.csv"),
        "--json",
    )
    assert "name the file *.jsonl" in one_json_object(wrong_suffix)["error"]
    unknown = hearth(
        hearth_home,
        "docs",
        "draft-training",
        "--document",
        "7",
        "--out",
        str(tmp_path / "d.jsonl"),
        "--json",
    )
    assert one_json_object(unknown)["error"] == "no document with id 7"
    assert not (tmp_path / "d.jsonl").exists()
