"""`hearth check` run as a real subprocess, with a PDF source read by the extraction child."""

from __future__ import annotations

from pathlib import Path

from tests.fixtures.documents import write_pdf
from tests.integration.test_cli import hearth, one_json_object

REMINDER = (
    "Dear Kallio Energia Oy,\n\n"
    "Invoice INV-1042 for EUR 2.600,00 was due on 30 November. "
    "Write to support@kalen_etjakul with any questions.\n"
    "Tone: professional. Length: 120 words\n"
)


def test_check_reports_every_kind_from_a_pdf_source(hearth_home: Path, tmp_path: Path) -> None:
    text = tmp_path / "reminder.md"
    text.write_text(REMINDER, encoding="utf-8")
    pdf = write_pdf(
        tmp_path / "facts.pdf",
        ["Client Kallio Energia Oy. Invoice INV-1042, amount 2,400 EUR, due 2026-11-30."],
    )
    instructions = tmp_path / "instructions.txt"
    instructions.write_text("Write a payment reminder. Tone: professional. Length: 120 words.")
    run = hearth(
        hearth_home, "check", "--text", str(text), "--source", str(pdf),
        "--field", "amount=2,400", "--field", "contact=billing@kallio.fi",
        "--required", "amount", "--required", "contact",
        "--instructions", str(instructions), "--json",
    )  # fmt: skip
    assert run.returncode == 1, run.describe()
    report = one_json_object(run)
    found = {(i["kind"], i["text"]) for i in report["issues"]}
    assert ("number", "2.600,00") in found
    assert ("contact", "support@kalen_etjakul") in found
    assert ("prompt_echo", "Tone: professional. Length: 120 words") in found
    assert report["missing"] == ["amount", "contact"]
    number = next(i for i in report["issues"] if i["kind"] == "number")
    assert REMINDER[number["start"] : number["end"]] == "2.600,00"
    assert "2,400" in number["reason"]
    assert not any(i["kind"] == "name" for i in report["issues"]), report  # the PDF names them


def test_a_clean_text_from_stdin_exits_zero(hearth_home: Path, tmp_path: Path) -> None:
    text = tmp_path / "clean.md"
    text.write_text("The amount due is 2 400 EUR, by 30.11.2026.\n", encoding="utf-8")
    run = hearth(
        hearth_home, "check", "--text", str(text), "--field", "amount=2400",
        "--field", "due=2026-11-30", "--required", "amount",
    )  # fmt: skip
    assert run.returncode == 0, run.describe()
    assert "No issues" in run.stdout


def test_bad_input_exits_two_with_a_reason(hearth_home: Path, tmp_path: Path) -> None:
    missing = hearth(hearth_home, "check", "--text", str(tmp_path / "nope.md"), "--json")
    assert missing.returncode == 2
    assert "no such file" in one_json_object(missing)["error"]
    text = tmp_path / "t.md"
    text.write_text("x", encoding="utf-8")
    bad_field = hearth(hearth_home, "check", "--text", str(text), "--field", "amount")
    assert bad_field.returncode == 2
    assert "KEY=VALUE" in bad_field.stderr
