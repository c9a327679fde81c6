"""Template files (TOML/JSON) and the library: import errors name the file and the problem;
built-ins are read-only; user templates live in the real database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from app.config import Paths
from app.storage import Database
from app.templates.errors import TemplateDefinitionError, TemplateError, TemplateNotFoundError
from app.templates.library import TemplateLibrary
from app.templates.template_files import MAX_FILE_BYTES, read_template_file
from app.templates.user_template_repository import UserTemplateRepository

GOOD_TOML = """
schema = 1
id = "visit-note"
name = "Visit note"
category = "report"
description = "A short note after a client visit."
version = 2
prompt = "Write a note about the visit to {{ client }} on {{ day }}."

[[fields]]
key = "client"
label = "Client"
type = "text"
required = true
example = "Acme"

[[fields]]
key = "day"
label = "Day"
type = "date"
"""


@pytest.fixture
def database(hearth_home: Path) -> Iterator[Database]:
    paths = Paths.resolve().ensure()
    db = Database.open(paths.database, backups_dir=paths.backups_dir)
    yield db
    db.close()


@pytest.fixture
def library(database: Database) -> TemplateLibrary:
    return TemplateLibrary(UserTemplateRepository(database))


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def definition_problems(path: Path) -> tuple[str, ...]:
    with pytest.raises(TemplateDefinitionError) as caught:
        read_template_file(path)
    assert str(caught.value).startswith(f"{path.name}: ")
    return caught.value.problems


def test_a_good_toml_file_reads(tmp_path: Path) -> None:
    template = read_template_file(write(tmp_path, "note.toml", GOOD_TOML))
    assert (template.id, template.version, template.source) == ("visit-note", 2, "user")
    assert [f.type for f in template.fields] == ["text", "date"]


def test_invalid_toml_is_reported_with_the_file_name(tmp_path: Path) -> None:
    (problem,) = definition_problems(write(tmp_path, "bad.toml", "schema = = 1"))
    assert problem.startswith("not valid TOML")


def test_invalid_json_says_where(tmp_path: Path) -> None:
    (problem,) = definition_problems(write(tmp_path, "bad.json", '{"schema": 1,,}'))
    assert "not valid JSON (line 1, column" in problem


def test_unknown_keys_are_refused_everywhere(tmp_path: Path) -> None:
    text = GOOD_TOML.replace("version = 2", 'version = 2\nauthor = "me"').replace(
        'example = "Acme"', 'example = "Acme"\ncolour = "red"'
    )
    found = definition_problems(write(tmp_path, "extra.toml", text))
    assert "unknown key 'author'" in found
    assert "fields[0] (client): unknown key 'colour'" in found


def test_schema_version_is_checked(tmp_path: Path) -> None:
    found = definition_problems(
        write(tmp_path, "new.toml", GOOD_TOML.replace("schema = 1", "schema = 7"))
    )
    assert any("schema 7 is not supported" in p for p in found)
    found = definition_problems(write(tmp_path, "none.toml", GOOD_TOML.replace("schema = 1", "")))
    assert any("schema is missing" in p for p in found)


def test_field_and_prompt_problems_are_all_listed(tmp_path: Path) -> None:
    text = (
        GOOD_TOML.replace('type = "date"', 'type = "colour"')
        .replace('key = "client"', 'key = "Client Name"')
        .replace("{{ day }}", "{{ dya }}")
        .replace('category = "report"', 'category = "poetry"')
    )
    found = definition_problems(write(tmp_path, "many.toml", text))
    joined = "\n".join(found)
    assert "type must be one of text, long_text" in joined
    assert "key must be lowercase letters" in joined
    assert "prompt uses {{ dya }}" in joined
    assert "category must be one of" in joined


def test_bad_defaults_and_choice_definitions_are_refused(tmp_path: Path) -> None:
    data = {
        "schema": 1,
        "id": "x-1",
        "name": "X",
        "category": "email",
        "description": "d",
        "version": 1,
        "prompt": "{{ tier }} {{ due }}",
        "fields": [
            {"key": "tier", "label": "Tier", "type": "choice"},
            {"key": "due", "label": "Due", "type": "date", "default": "tomorrow"},
            {"key": "tone", "label": "Tone", "type": "text"},
        ],
    }
    found = "\n".join(definition_problems(write(tmp_path, "x.json", json.dumps(data))))
    assert "a choice field needs a non-empty choices list" in found
    assert "default 'tomorrow': enter a date as YYYY-MM-DD" in found
    assert "key 'tone' is reserved" in found


def test_a_prompt_with_a_syntax_error_is_refused(tmp_path: Path) -> None:
    text = GOOD_TOML.replace("on {{ day }}.", "on {% if day %}{{ day }}.")
    (problem,) = definition_problems(write(tmp_path, "syntax.toml", text))
    assert problem.startswith("prompt, line")


def test_files_too_large_not_utf8_or_misnamed_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(TemplateError, match=r"big\.toml: larger than 256 KiB"):
        read_template_file(big)
    latin = tmp_path / "latin.toml"
    latin.write_bytes(GOOD_TOML.replace("Acme", "Caf\xe9").encode("latin-1"))
    with pytest.raises(TemplateError, match=r"latin\.toml: not UTF-8"):
        read_template_file(latin)
    with pytest.raises(TemplateError, match=r"\.toml or \.json"):
        read_template_file(write(tmp_path, "note.yaml", GOOD_TOML))
    with pytest.raises(TemplateError, match="file not found"):
        read_template_file(tmp_path / "missing.toml")


def test_import_export_round_trip_in_both_formats(library: TemplateLibrary, tmp_path: Path) -> None:
    imported = library.import_file(write(tmp_path, "note.toml", GOOD_TOML))
    assert library.get("visit-note") == imported
    assert library.get("Visit Note").id == "visit-note"  # by name, ignoring case
    out = tmp_path / "out" / "note.json"
    library.export_file("visit-note", out)
    assert json.loads(out.read_text(encoding="utf-8"))["schema"] == 1
    assert read_template_file(out) == imported
    with pytest.raises(TemplateError, match="already exists"):
        library.import_file(out)
    assert library.import_file(out, replace_existing=True) == imported


def test_built_ins_are_read_only(library: TemplateLibrary, tmp_path: Path) -> None:
    builtin = library.get("payment-reminder")
    assert builtin.is_builtin
    with pytest.raises(TemplateError, match="cannot be changed; duplicate it"):
        library.save(builtin)
    with pytest.raises(TemplateError, match="cannot be deleted"):
        library.delete("payment-reminder")
    exported = tmp_path / "pr.toml"
    library.export_file("payment-reminder", exported)
    with pytest.raises(TemplateError, match="built-in template's; change the id"):
        library.import_file(exported)


def test_duplicate_edit_and_delete_a_user_template(library: TemplateLibrary) -> None:
    copy = library.duplicate("payment-reminder", name="Gentle reminder")
    assert (copy.id, copy.name, copy.source, copy.version) == (
        "gentle-reminder",
        "Gentle reminder",
        "user",
        1,
    )
    assert copy.fields == library.get("payment-reminder").fields
    second = library.duplicate("payment-reminder", name="Gentle reminder")
    assert second.id == "gentle-reminder-2"
    edited = library.save(replace(copy, prompt=copy.prompt + "\nKeep it brief."))
    assert edited.version == 2
    assert library.get("gentle-reminder").prompt.endswith("Keep it brief.")
    assert library.save(edited).version == 2  # unchanged: same version
    with pytest.raises(TemplateDefinitionError, match="prompt uses"):
        library.save(replace(edited, prompt="{{ nope }}"))
    library.delete("gentle-reminder")
    with pytest.raises(TemplateNotFoundError):
        library.get("gentle-reminder")
    assert [t.id for t in library.list() if t.source == "user"] == ["gentle-reminder-2"]
