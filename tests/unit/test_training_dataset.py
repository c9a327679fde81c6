"""Adapter Studio datasets without torch: file parsing, per-row errors, dedupe, split, hashing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.training.dataset import deduplicate, prepare_dataset, split_examples
from app.training.dataset_files import read_dataset_file, write_jsonl
from app.training.errors import DatasetError
from app.training.examples import make_example


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def chat(question: str, answer: str, **extra: object) -> str:
    record = {
        "messages": [
            {"role": "user", "content": question},
            {"role": "assistant", "content": answer},
        ],
        **extra,
    }
    return json.dumps(record)


def test_reads_both_jsonl_forms_with_expected_phrases_and_split(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "data.jsonl",
        [
            chat("Who founded Larkspur?", "Odessa Varnholt.", expected="Varnholt"),
            "",
            json.dumps(
                {
                    "prompt": "Where is it?",
                    "completion": "Quillon Harbor.",
                    "system": "Be brief.",
                    "split": "test",
                }
            ),
        ],
    )
    rows = read_dataset_file(path)
    assert rows.problems == ()
    first, second = rows.examples
    assert [t.role for t in first.turns] == ["user", "assistant"]
    assert first.expected == ("Varnholt",) and first.split is None
    assert [(t.role, t.content) for t in second.turns] == [
        ("system", "Be brief."),
        ("user", "Where is it?"),
        ("assistant", "Quillon Harbor."),
    ]
    assert second.split == "held_out"
    assert second.question == "Where is it?" and second.reply == "Quillon Harbor."


def test_every_bad_row_is_named_with_its_line_and_problem(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "bad.jsonl",
        [
            chat("fine", "fine"),
            "{not json",
            "[1, 2]",
            json.dumps({"text": "no known keys"}),
            json.dumps({"messages": [{"role": "user", "content": "only a question"}]}),
            json.dumps({"messages": [{"role": "robot", "content": "x"}]}),
            json.dumps({"prompt": "q", "completion": "   "}),
            json.dumps({"prompt": "q", "completion": 5}),
            chat("q", "a", split="later"),
            chat("q", "a", expected=[1, 2]),
            json.dumps(
                {
                    "messages": [
                        {"role": "user", "content": "q"},
                        {"role": "system", "content": "late system"},
                        {"role": "assistant", "content": "a"},
                    ]
                }
            ),
        ],
    )
    rows = read_dataset_file(path)
    assert len(rows.examples) == 1
    found = {p.row: p.message for p in rows.problems}
    assert set(found) == set(range(2, 12))
    assert "not valid JSON" in found[2]
    assert "expected a JSON object, found list" in found[3]
    assert '"messages", or "prompt" and "completion"' in found[4]
    assert "last message must be the assistant" in found[5]
    assert "role 'robot'" in found[6]
    assert '"completion" is empty' in found[7]
    assert '"completion" must be text, found int' in found[8]
    assert "\"split\" is 'later'" in found[9]
    assert '"expected" must be a phrase or a list' in found[10]
    assert "only the first may be one" in found[11]
    with pytest.raises(DatasetError) as caught:
        rows.require_clean()
    message = str(caught.value)
    assert "bad.jsonl has 10 bad row(s)" in message
    assert "bad.jsonl, row 2: not valid JSON" in message
    assert "(and 5 more)" in message


def test_csv_with_aliases_and_a_clear_error_for_a_wrong_header(tmp_path: Path) -> None:
    good = tmp_path / "pairs.csv"
    good.write_text(
        "Question,Response,expected,split\n"
        '"Who runs it?","Tobiah Renn runs it.",Tobiah Renn|Renn,held_out\n'
        "What colour?,Emerald green.,,\n"
        ",,,\n"
        "Too many,cells,x,train,extra\n",
        encoding="utf-8",
    )
    rows = read_dataset_file(good)
    assert [e.reply for e in rows.examples] == ["Tobiah Renn runs it.", "Emerald green."]
    assert rows.examples[0].expected == ("Tobiah Renn", "Renn")
    assert rows.examples[0].split == "held_out"
    assert [(p.row, p.message) for p in rows.problems] == [
        (4, "the row has more cells than the header has columns")
    ]
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("title,body\na,b\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"wrong.csv: the CSV header needs an instruction"):
        read_dataset_file(wrong)


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"\xff\xfe\x00bad", r"not UTF-8 text \(bad byte at offset 0\)"),
        (b"", r"holds no examples"),
    ],
)
def test_unreadable_or_empty_files(tmp_path: Path, content: bytes, match: str) -> None:
    path = tmp_path / "data.jsonl"
    path.write_bytes(content)
    with pytest.raises(DatasetError, match=match):
        read_dataset_file(path).require_clean()


def test_missing_file_and_folder_are_named(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match=r"dataset file not found: .*nope\.jsonl"):
        read_dataset_file(tmp_path / "nope.jsonl")
    with pytest.raises(DatasetError, match="is a folder"):
        read_dataset_file(tmp_path)


def test_dedupe_ignores_case_and_spacing_and_keeps_the_first() -> None:
    a = make_example("Who founded it?", "Odessa.", source="one")
    b = make_example("who  founded IT?", "odessa.", source="two")
    c = make_example("Who founded it?", "Someone else.", source="three")
    kept, dropped = deduplicate([a, b, c])
    assert [e.source for e in kept] == ["one", "three"]
    assert dropped == 1


def test_split_is_seeded_and_always_leaves_training_rows() -> None:
    examples = [make_example(f"q{i}", f"a{i}") for i in range(20)]
    first = split_examples(examples, held_out_fraction=0.25, seed=3)
    again = split_examples(examples, held_out_fraction=0.25, seed=3)
    other = split_examples(examples, held_out_fraction=0.25, seed=4)
    assert first == again
    assert first != other
    assert sum(e.split == "held_out" for e in first) == 5
    two = split_examples([make_example("a", "b"), make_example("c", "d")], held_out_fraction=0.9)
    assert sorted(e.split or "" for e in two) == ["held_out", "train"]
    with pytest.raises(DatasetError, match="held-out fraction"):
        split_examples(examples, held_out_fraction=1.0)


def test_splits_given_by_the_file_are_the_users_choice() -> None:
    examples = [make_example(f"q{i}", f"a{i}") for i in range(10)]
    examples[3] = make_example("fixed", "held", split="held_out")
    result = split_examples(examples, held_out_fraction=0.5, seed=1)
    assert [e.split for e in result] == ["train"] * 3 + ["held_out"] + ["train"] * 6


def test_content_hash_versions_the_dataset() -> None:
    examples = [make_example(f"q{i}", f"a{i}") for i in range(10)]
    one, dropped = prepare_dataset("shop", [*examples, examples[0]], seed=1)
    same, _ = prepare_dataset("shop", examples, seed=1)
    edited, _ = prepare_dataset("shop", [*examples[:-1], make_example("q9", "changed")], seed=1)
    assert dropped == 1
    assert one.content_hash == same.content_hash
    assert len(one.content_hash) == 64
    assert edited.content_hash != one.content_hash
    assert len(one.train) + len(one.held_out) == 10 and len(one.held_out) == 2


def test_prepare_refuses_empty_or_all_held_out() -> None:
    with pytest.raises(DatasetError, match="has no examples"):
        prepare_dataset("empty", [])
    with pytest.raises(DatasetError, match="needs a name"):
        prepare_dataset("  ", [make_example("q", "a")])
    only_held = [make_example("q", "a", split="held_out")]
    with pytest.raises(DatasetError, match="no training examples"):
        prepare_dataset("held", only_held)


def test_write_jsonl_round_trips(tmp_path: Path) -> None:
    examples = (
        make_example("q", "a", system="sys", expected=("a",), split="train"),
        make_example("q2", "a2", split="held_out"),
    )
    rows = read_dataset_file(write_jsonl(tmp_path / "out.jsonl", examples))
    assert rows.problems == ()
    assert [e.as_record() for e in rows.examples] == [e.as_record() for e in examples]


def test_the_app_side_of_training_never_imports_torch() -> None:
    """The base app must work without the extra: only the worker process imports torch."""
    code = (
        "import sys\n"
        "import app.training.pipeline, app.training.repository, app.training.process\n"
        "import app.training.evaluation, app.training.gguf_export, app.training.presets\n"
        "import app.ui.studio, app.cli.train_cmd\n"
        "print(sorted(m for m in ('torch', 'transformers', 'peft') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
