"""`hearth data export` and `hearth data restore` as real subprocesses."""

from __future__ import annotations

from pathlib import Path

from tests.integration.test_cli import hearth, ok_json, one_json_object


def test_export_and_restore_round_trip(tmp_path: Path, starter_model: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    ok_json(home, "models", "import", str(starter_model))
    archive = tmp_path / "export.zip"
    exported = ok_json(home, "data", "export", "--out", str(archive))
    assert exported["path"] == str(archive) and archive.is_file()

    ok_json(home, "models", "remove", "1")
    assert ok_json(home, "models", "list")["models"] == []
    restored = ok_json(home, "data", "restore", str(archive))
    assert "database/hearth.sqlite3" in restored["restored"]
    assert Path(restored["backup"]).is_file()
    assert [m["path"] for m in ok_json(home, "models", "list")["models"]] == [
        str(starter_model.resolve())
    ]

    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"garbage")
    run = hearth(home, "data", "restore", str(broken), "--json")
    assert run.returncode == 1
    assert "cannot be opened as a zip" in one_json_object(run)["error"]
