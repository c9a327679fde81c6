"""`hearth docs ...` run as a real subprocess, the way scripts run it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.fixtures.crashing_parser import enable_parser_crash, write_parser_crash
from tests.fixtures.document_parts import write_mail_with_attachments
from tests.fixtures.documents import write_every_format, write_pdf
from tests.fixtures.hostile_documents import write_unclosed_tags_html
from tests.integration.test_cli import hearth, ok_json, one_json_object


def test_add_list_search_remove(hearth_home: Path, tmp_path: Path) -> None:
    files = write_every_format(tmp_path)
    added = ok_json(
        hearth_home, "docs", "add", str(files["pdf"]), str(files["html"]), "--collection", "Harbour"
    )
    assert [d["file_name"] for d in added["documents"]] == ["report.pdf", "page.html"]
    assert added["failed"] == []
    ok_json(hearth_home, "docs", "add", str(files["docx"]))

    listed = ok_json(hearth_home, "docs", "list")
    assert [d["file_name"] for d in listed["documents"]] == [
        "report.pdf",
        "page.html",
        "policy.docx",
    ]
    assert [(c["name"], c["document_count"]) for c in listed["collections"]] == [("Harbour", 2)]

    found = ok_json(hearth_home, "docs", "search", "lighthouse budget")
    top = found["results"][0]
    assert (top["file"], top["page"], top["rank"]) == ("report.pdf", 2, 1)
    assert top["score"] > 0 and "lighthouse budget" in top["excerpt"]
    scoped = ok_json(hearth_home, "docs", "search", "euros", "--collection", "Harbour")
    assert scoped["results"] == []  # the policy is not in the collection
    assert ok_json(hearth_home, "docs", "search", "euros")["results"][0]["file"] == "policy.docx"
    hostile = ok_json(hearth_home, "docs", "search", '"budget AND (NEAR* -')
    assert hostile["results"][0]["file"] == "report.pdf"

    removed = ok_json(hearth_home, "docs", "remove", str(top["document_id"]))
    assert removed["removed"] == top["document_id"]
    assert ok_json(hearth_home, "docs", "search", "lighthouse")["results"] == []
    missing = hearth(hearth_home, "docs", "remove", "999", "--json")
    assert missing.returncode == 1
    assert one_json_object(missing)["error"] == "no document with id 999"


def test_bad_files_are_reported_and_the_rest_indexed(hearth_home: Path, tmp_path: Path) -> None:
    good = write_pdf(tmp_path / "good.pdf", ["Fine content about otters."])
    locked = write_pdf(tmp_path / "locked.pdf", ["secret"], user_password="pw")
    renamed = tmp_path / "photo.txt"
    renamed.write_bytes(b"\xff\xd8\xff\xe0" + bytes(200))
    empty = tmp_path / "empty.md"
    empty.write_text("   \n", encoding="utf-8")
    run = hearth(
        hearth_home,
        "docs",
        "add",
        str(locked),
        str(good),
        str(renamed),
        str(empty),
        str(tmp_path / "nope.odt"),
        "--json",
    )
    assert run.returncode == 1, run.describe()
    payload = one_json_object(run)
    assert [d["file_name"] for d in payload["documents"]] == ["good.pdf"]
    kinds = {f["file"]: f["kind"] for f in payload["failed"]}
    assert kinds == {
        "locked.pdf": "encrypted",
        "photo.txt": "binary",
        "empty.md": "empty",
        "nope.odt": "not_found",
    }
    assert payload["error"] == "4 of 5 files could not be indexed"
    assert "locked.pdf: this PDF is password-protected" in run.stderr
    assert "photo.txt: this is not a text file: it is a JPEG image" in run.stderr
    # Plain output: one line per file, errors on stderr.
    again = hearth(hearth_home, "docs", "add", str(good))
    assert again.returncode == 0
    assert again.stdout.startswith("Already indexed good.pdf")


def test_watch_folder(hearth_home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "Notes"
    folder.mkdir()
    (folder / "a.txt").write_text("Walruses sleep on ice.", encoding="utf-8")
    first = ok_json(hearth_home, "docs", "watch", str(folder))
    assert [(j["status"], j["total"]) for j in first["jobs"]] == [("done", 1)]
    (folder / "b.txt").write_text("Narwhals have tusks.", encoding="utf-8")
    synced = ok_json(hearth_home, "docs", "sync")
    assert [(j["status"], j["total"]) for j in synced["jobs"]] == [("done", 1)]
    found = ok_json(hearth_home, "docs", "search", "tusks", "--collection", "Notes")
    assert found["results"][0]["file"] == "b.txt"
    text = hearth(hearth_home, "docs", "list")
    assert "a.txt" in text.stdout and "Notes" in text.stdout
    assert json.loads(hearth(hearth_home, "docs", "list", "--json").stdout)["documents"]


def test_a_file_that_kills_its_parser_is_reported_and_the_rest_indexed(
    hearth_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files are parsed in a child process: a parser that dies takes only that file with it."""
    enable_parser_crash(monkeypatch)
    crash = write_parser_crash(tmp_path / "hostile.txt")
    good = write_pdf(tmp_path / "good.pdf", ["Fine content about otters."])
    run = hearth(hearth_home, "docs", "add", str(crash), str(good), "--json")
    assert run.returncode == 1, run.describe()
    payload = one_json_object(run)
    assert [d["file_name"] for d in payload["documents"]] == ["good.pdf"]
    assert [(f["file"], f["kind"]) for f in payload["failed"]] == [("hostile.txt", "corrupt")]
    assert "hostile.txt: reading it crashed the document reader" in run.stderr
    assert ok_json(hearth_home, "docs", "search", "otters")["results"][0]["file"] == "good.pdf"


def test_mail_attachments_are_listed_under_their_mail(hearth_home: Path, tmp_path: Path) -> None:
    mail = write_mail_with_attachments(tmp_path / "trip.eml")
    added = ok_json(hearth_home, "docs", "add", str(mail))
    parent_id = added["documents"][0]["id"]
    listed = ok_json(hearth_home, "docs", "list")["documents"]
    children = {d["file_name"]: d["parent_id"] for d in listed if d["parent_id"] is not None}
    assert children["packing.docx"] == parent_id
    assert "timetable.csv" in children
    text = hearth(hearth_home, "docs", "list")
    assert f"packing.docx (attached to {parent_id})" in text.stdout
    assert ok_json(hearth_home, "docs", "search", "curlew")["results"][0]["file"] == "packing.docx"
    ok_json(hearth_home, "docs", "remove", str(parent_id))
    assert ok_json(hearth_home, "docs", "list")["documents"] == []


def test_notes_and_unsafe_file_names_reach_the_user(hearth_home: Path, tmp_path: Path) -> None:
    """600 KB of unclosed tags after real text: read in the guarded child, the markup skipped
    and said so; a newline and a right-to-left override in a name are shown escaped."""
    page = write_unclosed_tags_html(
        tmp_path / "tides\n\u202elmth.exe.html", before="<p>High water at 06:12.</p>"
    )
    run = hearth(hearth_home, "docs", "add", str(page))
    assert run.returncode == 0, run.describe()
    lines = run.stdout.splitlines()
    assert lines[0].startswith("Indexed tides\\n\\u202elmth.exe.html as document 1")
    assert lines[1].startswith("  note: The page ends inside an unclosed HTML tag")
    assert "\u202e" not in run.stdout

    listed = ok_json(hearth_home, "docs", "list")
    document = listed["documents"][0]
    assert document["file_name"] == page.name  # JSON keeps the real name
    assert document["char_count"] < 100  # the text, not 600,000 characters of markup
    assert len(document["notes"]) == 1 and "unclosed HTML tag" in document["notes"][0]
    again = ok_json(hearth_home, "docs", "add", str(page))
    assert again["documents"][0]["notes"] == document["notes"]
    text = hearth(hearth_home, "docs", "list").stdout
    assert "indexed, 1 note" in text and "Notes:" in text and "unclosed HTML tag" in text
