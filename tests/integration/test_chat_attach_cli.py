"""`hearth chat --attach FILE`: the reply is grounded in the file and cites it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.checking import ISSUE_KINDS
from tests.fixtures.crashing_parser import enable_parser_crash, write_parser_crash
from tests.integration.test_cli import hearth, ok_json, one_json_object

FACT = "The Lisbon office opens on 14 March 2027 and its manager is Ana Duarte."


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, starter_model: Path) -> Path:
    home = tmp_path_factory.mktemp("attach-cli")
    ok_json(home, "models", "import", str(starter_model))
    return home


def test_attached_document_is_given_to_the_model_with_citations(home: Path, tmp_path: Path) -> None:
    memo = tmp_path / "memo.md"
    memo.write_text(f"# Expansion memo\n\n{FACT}\n\nEverything else is unchanged.\n")
    reply = ok_json(
        home,
        "chat",
        "--prompt",
        "When does the Lisbon office open?",
        "--attach",
        str(memo),
        "--seed",
        "3",
        "--max-tokens",
        "40",
    )
    citations = reply["citations"]
    assert [c["file"] for c in citations] == ["memo.md"]
    assert citations[0]["number"] == 1
    assert FACT in citations[0]["text"]
    assert isinstance(citations[0]["used"], bool)
    # Hearth placed the citations: "[1]" is in the text exactly when the passage is used, and
    # the reply's flags point at the text they name.
    assert ("[1]" in reply["text"]) == citations[0]["used"]
    for issue in reply["issues"]:
        assert reply["text"][issue["start"] : issue["end"]] == issue["text"]
        assert set(issue) == {"kind", "text", "start", "end", "reason"}
        assert issue["kind"] in ISSUE_KINDS and issue["reason"]
        assert issue["text"] not in ("14 March 2027", "Ana Duarte", "Lisbon")
    # The model saw the passage: the prompt is far longer than the question alone.
    assert reply["prompt_tokens"] > 60
    listed = ok_json(home, "docs", "list")
    assert any(d["file_name"] == "memo.md" for d in listed["documents"])


def test_a_failed_attachment_is_named_and_the_chat_refused(home: Path, tmp_path: Path) -> None:
    binary = tmp_path / "notes.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    run = hearth(home, "chat", "--prompt", "hi", "--attach", str(binary), "--json")
    assert run.returncode == 1, run.describe()
    assert "notes.txt" in run.stderr
    assert "could be read" in one_json_object(run)["error"]


def test_an_attachment_that_kills_its_parser_is_named_and_the_chat_refused(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--attach` reads files in a child process, as the window does: a parser that dies takes
    only its file with it, and the CLI says which one."""
    enable_parser_crash(monkeypatch)
    crash = write_parser_crash(tmp_path / "hostile.txt")
    run = hearth(home, "chat", "--prompt", "hi", "--attach", str(crash), "--json")
    assert run.returncode == 1, run.describe()
    assert "hostile.txt: reading it crashed the document reader" in run.stderr
    assert "could be read" in one_json_object(run)["error"]
