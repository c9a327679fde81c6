"""The bundled starter model on a new profile: registered in place, checked once, default; a
missing or damaged file is a sentence for the user, never a crash. Real SQLite, the real file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import app.library.hashing as hashing
from app.config import Paths
from app.core import Core
from app.library.bundled_starter import NO_STARTER, STARTER_ENV, bundled_starter_path
from app.library.starter import STARTER_FILE_NAME, STARTER_SHA256
from tests.fixtures.tiny_model import write_tiny_model


def open_core() -> Core:
    return Core.open(Paths.resolve())


def damaged_copy(starter: Path, target: Path) -> Path:
    """The starter model with one byte changed in its tensor data: same size, wrong sha256."""
    shutil.copyfile(starter, target)
    with target.open("r+b") as handle:
        handle.seek(50_000_000)
        byte = handle.read(1)
        handle.seek(50_000_000)
        handle.write(bytes([byte[0] ^ 0xFF]))
    return target


def test_a_new_profile_gets_the_bundled_file_linked_in_place_as_its_default(
    hearth_home: Path, bundled_starter: Path
) -> None:
    core = open_core()
    try:
        status = core.starter_status
        assert status.problem is None and status.path == bundled_starter
        record = core.default_model()
        assert record is not None and record.id == status.model_id
        assert record.sha256 == STARTER_SHA256
        assert Path(record.path) == bundled_starter.resolve()  # linked, not copied
        assert list(core.paths.models_dir.iterdir()) == []
        assert core.settings.default_model_id == record.id
    finally:
        core.close()
    again = open_core()
    try:
        assert [m.id for m in again.models.list()] == [record.id]  # not registered twice
        assert again.starter_status.model_id == record.id
    finally:
        again.close()


def test_the_sha256_is_computed_once_then_taken_from_the_cache(
    hearth_home: Path, bundled_starter: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hashed: list[Path] = []
    real = hashing.sha256_file

    def counting(path: Path, **kwargs: object) -> str:
        hashed.append(Path(path))
        return real(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(hashing, "sha256_file", counting)
    for _ in range(3):
        open_core().close()
    assert hashed == [bundled_starter]


def test_a_damaged_bundled_file_is_refused_with_a_sentence_and_the_profile_opens(
    hearth_home: Path, starter_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = damaged_copy(starter_model, tmp_path / STARTER_FILE_NAME)
    monkeypatch.setenv(STARTER_ENV, str(damaged))
    core = open_core()
    try:
        status = core.starter_status
        assert status.model_id is None and status.path == damaged
        assert status.problem is not None
        assert "damaged" in status.problem and "Reinstall Hearth" in status.problem
        assert core.models.list() == [] and core.default_model() is None
    finally:
        core.close()


@pytest.mark.parametrize("content", [b"", b"GGUF\x03\x00\x00\x00 cut short"])
def test_a_truncated_bundled_file_is_damaged_without_hashing_it(
    hearth_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    truncated = tmp_path / STARTER_FILE_NAME
    truncated.write_bytes(content)
    monkeypatch.setenv(STARTER_ENV, str(truncated))
    monkeypatch.setattr(hashing, "sha256_file", lambda *a, **k: pytest.fail("hashed"))
    core = open_core()
    try:
        assert core.starter_status.problem is not None
        assert "damaged" in core.starter_status.problem
    finally:
        core.close()


def test_a_missing_bundled_file_names_where_it_should_be(
    hearth_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "install" / "models" / STARTER_FILE_NAME
    monkeypatch.setenv(STARTER_ENV, str(missing))
    core = open_core()
    try:
        problem = core.starter_status.problem
        assert problem is not None and "missing" in problem and str(missing) in problem
        assert core.models.list() == []
    finally:
        core.close()


def test_a_build_without_a_bundled_starter_reports_nothing(hearth_home: Path) -> None:
    assert bundled_starter_path() is None  # tests/conftest.py: HEARTH_STARTER_MODEL=""
    core = open_core()
    try:
        assert core.starter_status == NO_STARTER
        assert core.models.list() == []
    finally:
        core.close()


def test_a_user_who_removed_the_starter_and_has_other_models_does_not_get_it_back(
    hearth_home: Path, bundled_starter: Path, tmp_path: Path
) -> None:
    core = open_core()
    try:
        other = core.library.import_model(write_tiny_model(tmp_path / "tiny.gguf"))
        assert core.starter_status.model_id is not None
        core.library.remove(core.starter_status.model_id)
    finally:
        core.close()
    again = open_core()
    try:
        assert [m.id for m in again.models.list()] == [other.id]
        assert again.starter_status.model_id is None and again.starter_status.problem is None
    finally:
        again.close()


def test_a_moved_install_keeps_the_same_model_record(
    hearth_home: Path, starter_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An AppImage mounts at a new path on every start; an updated tar.gz lives elsewhere."""
    first = tmp_path / "mount-1" / STARTER_FILE_NAME
    first.parent.mkdir()
    shutil.copyfile(starter_model, first)
    monkeypatch.setenv(STARTER_ENV, str(first))
    core = open_core()
    model_id = core.starter_status.model_id
    assert model_id is not None
    conversation = core.chats.new_conversation(model_id=model_id)
    core.close()
    second = tmp_path / "mount-2" / STARTER_FILE_NAME
    second.parent.mkdir()
    first.rename(second)
    monkeypatch.setenv(STARTER_ENV, str(second))
    again = open_core()
    try:
        assert again.starter_status.model_id == model_id
        assert again.starter_status.problem is None
        assert [(m.id, m.path) for m in again.models.list()] == [(model_id, str(second))]
        assert again.default_model() is not None
        assert again.chats.conversations.get(conversation.id).model_id == model_id
    finally:
        again.close()


def test_the_checkout_copy_is_the_bundled_file_from_source(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(STARTER_ENV)
    root = Path(__file__).resolve().parents[2]
    assert bundled_starter_path() == root / ".cache" / "models" / STARTER_FILE_NAME


def test_a_frozen_build_looks_inside_its_bundle(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(STARTER_ENV)
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path), raising=False)
    assert bundled_starter_path() == tmp_path / "models" / STARTER_FILE_NAME
