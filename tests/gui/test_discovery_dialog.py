"""The "Find models on this computer" dialog, on fake app folders under tmp_path and a real
library (SQLite in a fresh HEARTH_HOME)."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.config import Paths
from app.library.discovery import LM_STUDIO, OLLAMA
from app.library.model_library import ModelLibrary
from app.library.model_repository import ModelRepository
from app.storage import Database
from app.ui.library.discovery_dialog import DiscoveryDialog, add_models
from tests.unit.test_gguf_header import write_tiny_model

from .event_wait import wait_until

SHOTS = Path("/tmp/shots")


@pytest.fixture
def library(hearth_home: Path) -> Iterator[ModelLibrary]:
    paths = Paths.resolve().ensure()
    db = Database.open(paths.database, backups_dir=paths.backups_dir)
    try:
        yield ModelLibrary(ModelRepository(db), paths)
    finally:
        db.close()


@pytest.fixture
def fake_home(tmp_path: Path, starter_model: Path) -> Path:
    """LM Studio with two models (one the real starter model, linked) and one Ollama tag."""
    home = tmp_path / "home"
    repo = home / ".lmstudio/models/HuggingFaceTB/SmolLM2-135M-Instruct-GGUF"
    repo.mkdir(parents=True)
    (repo / "SmolLM2-135M-Instruct.Q4_1.gguf").symlink_to(starter_model)
    write_tiny_model(repo / "tiny-Q8_0.gguf")
    write_tiny_model(repo / "adapter.gguf", general_type="adapter")
    ollama = home / ".ollama/models"
    data = write_tiny_model(tmp_path / "blob-src.gguf", tokens=["x", "y"]).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    (ollama / "blobs").mkdir(parents=True)
    (ollama / "blobs" / f"sha256-{digest}").write_bytes(data)
    manifest = ollama / "manifests/registry.example/library/tiny/q8"
    manifest.parent.mkdir(parents=True)
    layer = {"mediaType": "application/vnd.ollama.image.model", "digest": f"sha256:{digest}"}
    manifest.write_text(json.dumps({"layers": [layer]}))
    return home


def _open(qtbot: QtBot, library: ModelLibrary, home: Path) -> DiscoveryDialog:
    dialog = DiscoveryDialog(library, home=home, env={})
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _rows(dialog: DiscoveryDialog) -> list[tuple[str, str, bool]]:
    rows = []
    for index in range(dialog.table.topLevelItemCount()):
        item = dialog.table.topLevelItem(index)
        assert item is not None
        checked = item.checkState(0) == Qt.CheckState.Checked
        rows.append((item.text(0), item.text(1), checked))
    return sorted(rows)


def test_finds_other_apps_models_and_links_the_selected_ones(
    qtbot: QtBot, library: ModelLibrary, fake_home: Path, starter_model: Path
) -> None:
    dialog = _open(qtbot, library, fake_home)
    dialog.start_discovery()
    wait_until(lambda: dialog.table.topLevelItemCount() == 3, timeout_ms=10_000)
    assert _rows(dialog) == [
        (
            "SmolLM2-135M-Instruct.Q4_1",
            f"{LM_STUDIO} (HuggingFaceTB/SmolLM2-135M-Instruct-GGUF)",
            True,
        ),
        ("tiny-Q8_0", f"{LM_STUDIO} (HuggingFaceTB/SmolLM2-135M-Instruct-GGUF)", True),
        ("tiny:q8", f"{OLLAMA} (library/tiny)", True),
    ]
    assert "Found 3 new models" in dialog.status.text()
    assert not dialog.copy_files.isChecked()  # link in place by default
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "discovery_dialog.png"))

    # Untick the Ollama model, add the other two.
    for index in range(dialog.table.topLevelItemCount()):
        item = dialog.table.topLevelItem(index)
        assert item is not None
        if item.text(0) == "tiny:q8":
            item.setCheckState(0, Qt.CheckState.Unchecked)
    added: list[list[int]] = []
    progress: list[tuple[int, int]] = []
    dialog.models_added.connect(added.append)
    task = dialog.add_selected()
    assert task is not None
    task.progress.connect(lambda done, total: progress.append((done, total)))
    assert not dialog.add_button.isEnabled() and dialog.cancel_button.isEnabled()
    wait_until(lambda: bool(added), timeout_ms=30_000)

    records = library.list()
    assert sorted(r.id for r in records) == sorted(added[0])
    paths = {Path(r.path) for r in records}
    assert paths == {
        starter_model.resolve(),
        (fake_home / ".lmstudio/models/HuggingFaceTB/SmolLM2-135M-Instruct-GGUF/tiny-Q8_0.gguf"),
    }
    assert not any(library.models_dir.glob("*.gguf"))  # nothing was copied
    assert progress and progress[-1][0] == progress[-1][1]
    assert _rows(dialog) == [("tiny:q8", f"{OLLAMA} (library/tiny)", False)]
    assert dialog.status.text() == "Added 2 models."
    dialog.grab().save(str(SHOTS / "discovery_dialog_added.png"))

    # Looking again skips what is registered now.
    dialog.start_discovery()
    wait_until(lambda: dialog._task is None, timeout_ms=10_000)
    assert "No new models" in dialog.status.text()


def test_scan_folder_and_copy_into_hearth(
    qtbot: QtBot, library: ModelLibrary, tmp_path: Path
) -> None:
    empty_home = tmp_path / "nobody"
    empty_home.mkdir()
    dialog = _open(qtbot, library, empty_home)
    dialog.start_discovery()
    wait_until(lambda: dialog._task is None, timeout_ms=10_000)
    assert dialog.table.topLevelItemCount() == 0 and "Scan folder" in dialog.status.text()
    assert not dialog.add_button.isEnabled()

    downloads = tmp_path / "Downloads"
    (downloads / "models").mkdir(parents=True)
    source = write_tiny_model(downloads / "models" / "mine-Q4_K_M.gguf")
    dialog.scan(downloads)
    wait_until(lambda: dialog.table.topLevelItemCount() == 1, timeout_ms=10_000)
    assert _rows(dialog) == [("mine-Q4_K_M", "Folder (models)", True)]
    dialog.copy_files.setChecked(True)
    added: list[list[int]] = []
    dialog.models_added.connect(added.append)
    dialog.add_selected()
    wait_until(lambda: bool(added), timeout_ms=30_000)
    (record,) = library.list()
    assert Path(record.path).parent == library.models_dir
    assert Path(record.path).read_bytes() == source.read_bytes()


def test_a_model_that_fails_is_reported_and_the_others_are_added(
    qtbot: QtBot, library: ModelLibrary, tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    write_tiny_model(folder / "good.gguf")
    # A GGUF model file whose tensors are cut off: found (the magic is right), refused on add.
    truncated = folder / "cut.gguf"
    truncated.write_bytes(write_tiny_model(tmp_path / "whole.gguf").read_bytes()[:-64])
    (tmp_path / "nobody").mkdir()
    dialog = _open(qtbot, library, tmp_path / "nobody")
    dialog.scan(folder)
    wait_until(lambda: dialog.table.topLevelItemCount() == 2, timeout_ms=10_000)
    added: list[list[int]] = []
    dialog.models_added.connect(added.append)
    dialog.add_selected()
    wait_until(lambda: bool(added), timeout_ms=30_000)
    assert [Path(r.path).name for r in library.list()] == ["good.gguf"]
    assert "Could not add cut:" in dialog.status.text()
    assert "cut.gguf" in dialog.status.text() and "truncated" in dialog.status.text()
    assert _rows(dialog) == [("cut", "Folder", True)]


def test_cancel_keeps_nothing_half_done(library: ModelLibrary, starter_model: Path) -> None:
    from app.library.discovery import FoundModel

    big = FoundModel(starter_model, "starter", "Folder", starter_model.stat().st_size)
    cancel = threading.Event()
    cancel.set()
    result = add_models(library, [big], copy=True, progress=lambda d, t: None, cancel=cancel)
    assert result.cancelled and result.added == []
    assert library.list() == [] and not any(library.models_dir.glob("*"))
