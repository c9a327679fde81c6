"""ModelLibrary on a real storage repository in a fresh HEARTH_HOME."""

from __future__ import annotations

import hashlib
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from app.config import Paths
from app.library import (
    GgufTensorDataError,
    HashCancelled,
    LibraryError,
    ModelLibrary,
    NotGgufError,
    read_gguf_header,
)
from app.library.model_repository import ModelRepository
from app.library.starter import STARTER_SHA256
from app.storage import Database, NotFoundError
from tests.unit.test_gguf_header import write_tiny_model


@pytest.fixture
def paths(hearth_home: Path) -> Paths:
    return Paths.resolve().ensure()


@pytest.fixture
def repo(paths: Paths) -> Iterator[ModelRepository]:
    db = Database.open(paths.database, backups_dir=paths.backups_dir)
    try:
        yield ModelRepository(db)
    finally:
        db.close()


@pytest.fixture
def library(repo: ModelRepository, paths: Paths) -> ModelLibrary:
    return ModelLibrary(repo, paths)


@pytest.fixture
def model_file(tmp_path: Path) -> Path:
    folder = tmp_path / "downloads"
    folder.mkdir()
    return write_tiny_model(folder / "tiny-Q4.gguf", file_type=15)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# -- inspect ------------------------------------------------------------------------------------


def test_inspect(library: ModelLibrary, model_file: Path) -> None:
    header = library.inspect(model_file)
    assert header.architecture == "llama"
    assert header.quantization == "Q4_K_M"


def test_inspect_missing_file(library: ModelLibrary, tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match=r"model file not found: .*nope\.gguf"):
        library.inspect(tmp_path / "nope.gguf")


def test_inspect_directory(library: ModelLibrary, tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="not a file"):
        library.inspect(tmp_path)


def test_inspect_not_gguf_passes_the_gguf_error_through(
    library: ModelLibrary, tmp_path: Path
) -> None:
    path = tmp_path / "readme.gguf"
    path.write_text("hello")
    with pytest.raises(NotGgufError, match="not a GGUF file"):
        library.inspect(path)


# -- import (link) ------------------------------------------------------------------------------


def test_import_link_registers_the_file_where_it_is(
    library: ModelLibrary, model_file: Path, paths: Paths
) -> None:
    progress: list[tuple[int, int]] = []
    record = library.import_model(model_file, progress=lambda d, t: progress.append((d, t)))
    header = read_gguf_header(model_file)
    assert record.path == str(model_file.resolve())
    assert record.sha256 == _sha(model_file)
    assert record.size_bytes == model_file.stat().st_size
    assert header.name == "Tiny Test Model"
    assert record.name == "Tiny (Q4)"  # the cleaned file name, never the GGUF's general.name
    assert (record.catalog_id, record.verified_by) == (None, None)  # not a catalog download
    assert record.architecture == "llama"
    assert record.parameter_count == header.parameter_count
    assert record.quantization == "Q4_K_M"
    assert record.context_length == 256
    assert record.has_chat_template
    assert record.license == "mit"
    assert progress[-1] == (record.size_bytes, record.size_bytes)
    assert _files(paths.models_dir) == []  # nothing copied
    assert library.list() == [record]


def test_import_same_path_twice_returns_the_same_record(
    library: ModelLibrary, model_file: Path
) -> None:
    first = library.import_model(model_file)
    second = library.import_model(model_file)
    assert second.id == first.id
    assert second == first
    assert len(library.list()) == 1


def test_import_refuses_an_adapter(library: ModelLibrary, tmp_path: Path) -> None:
    adapter = write_tiny_model(tmp_path / "lora.gguf", general_type="adapter")
    with pytest.raises(LibraryError, match="LoRA adapter, not a model"):
        library.import_model(adapter)
    assert library.list() == []


def test_import_refuses_an_incomplete_file(library: ModelLibrary, model_file: Path) -> None:
    model_file.write_bytes(model_file.read_bytes()[:-10])
    with pytest.raises(GgufTensorDataError, match="truncated or incomplete"):
        library.import_model(model_file)
    assert library.list() == []


def test_import_missing_file(library: ModelLibrary, tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="not found"):
        library.import_model(tmp_path / "missing.gguf")


def test_import_the_real_starter_model(library: ModelLibrary, starter_model: Path) -> None:
    record = library.import_model(starter_model)
    assert record.sha256 == STARTER_SHA256
    assert record.architecture == "llama"
    assert record.quantization == "Q4_1"
    assert record.context_length == 8192
    assert record.parameter_count == 134_515_008


# -- import (copy) ------------------------------------------------------------------------------


def test_import_copy_puts_a_verified_copy_in_the_models_folder(
    library: ModelLibrary, model_file: Path, paths: Paths
) -> None:
    record = library.import_model(model_file, copy=True)
    copied = paths.models_dir / model_file.name
    assert record.path == str(copied)
    assert copied.read_bytes() == model_file.read_bytes()
    assert record.sha256 == _sha(model_file)
    assert model_file.exists()  # the source is left alone
    assert _files(paths.models_dir) == [model_file.name]  # no temporary leftovers


def test_import_copy_twice_reuses_the_copy(
    library: ModelLibrary, model_file: Path, paths: Paths
) -> None:
    first = library.import_model(model_file, copy=True)
    second = library.import_model(model_file, copy=True)
    assert second.id == first.id
    assert _files(paths.models_dir) == [model_file.name]
    assert len(library.list()) == 1


def test_import_copy_of_a_file_already_in_the_models_folder_is_a_link(
    library: ModelLibrary, paths: Paths
) -> None:
    inside = write_tiny_model(paths.models_dir / "already-here.gguf")
    record = library.import_model(inside, copy=True)
    assert record.path == str(inside.resolve())
    assert _files(paths.models_dir) == ["already-here.gguf"]


def test_import_copy_does_not_overwrite_a_different_file(
    library: ModelLibrary, model_file: Path, paths: Paths
) -> None:
    squatter = paths.models_dir / model_file.name
    squatter.write_bytes(b"someone else's file")
    record = library.import_model(model_file, copy=True)
    assert record.path == str(paths.models_dir / "tiny-Q4-2.gguf")
    assert squatter.read_bytes() == b"someone else's file"


def test_import_copy_checks_free_space_first(
    library: ModelLibrary, model_file: Path, paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Usage(NamedTuple):
        total: int
        used: int
        free: int

    monkeypatch.setattr(shutil, "disk_usage", lambda _path: Usage(10**9, 10**9, 1000))
    with pytest.raises(LibraryError, match=r"not enough free disk space .* only 1,000 bytes"):
        library.import_model(model_file, copy=True)
    assert _files(paths.models_dir) == []
    assert library.list() == []


def test_import_copy_cancelled_leaves_nothing_behind(
    library: ModelLibrary, model_file: Path, paths: Paths
) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(HashCancelled):
        library.import_model(model_file, copy=True, cancel=cancel)
    assert _files(paths.models_dir) == []
    assert library.list() == []


def test_import_link_cancelled_registers_nothing(library: ModelLibrary, model_file: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(HashCancelled):
        library.import_model(model_file, cancel=cancel)
    assert library.list() == []


# -- remove -------------------------------------------------------------------------------------


def test_remove_keeps_the_file_by_default(library: ModelLibrary, model_file: Path) -> None:
    record = library.import_model(model_file, copy=True)
    library.remove(record.id)
    assert library.list() == []
    assert Path(record.path).exists()


def test_remove_deletes_a_copy_in_the_models_folder(
    library: ModelLibrary, model_file: Path, paths: Paths
) -> None:
    record = library.import_model(model_file, copy=True)
    library.remove(record.id, delete_file=True)
    assert library.list() == []
    assert _files(paths.models_dir) == []
    assert model_file.exists()


def test_remove_never_deletes_a_linked_file(library: ModelLibrary, model_file: Path) -> None:
    record = library.import_model(model_file)
    library.remove(record.id, delete_file=True)
    assert library.list() == []
    assert model_file.exists()


def test_remove_unknown_id(library: ModelLibrary) -> None:
    with pytest.raises(NotFoundError):
        library.remove(12345)


def test_removed_copy_can_be_imported_again(
    library: ModelLibrary, model_file: Path, paths: Paths
) -> None:
    first = library.import_model(model_file, copy=True)
    library.remove(first.id, delete_file=True)
    again = library.import_model(model_file, copy=True)
    assert Path(again.path).read_bytes() == model_file.read_bytes()
    assert _files(paths.models_dir) == [model_file.name]
