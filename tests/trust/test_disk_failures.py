"""A full disk and a read-only data folder: writes fail with a clear message, nothing is
corrupted, and everything works again once space (or write access) is back.

The real cases run on a small tmpfs mounted for the test (root in a container may mount; when
mounting is not permitted they skip, saying so). The injected cases raise ENOSPC/EROFS from the
Python-level writes (settings, model copies, the log) and run everywhere.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from app.config import Paths, Settings, SettingsStore
from app.core import Core
from app.library.model_library import LibraryError
from app.logging_setup import configure_logging, reset_logging
from app.storage import Database, StorageError
from tests.fixtures.tiny_model import write_tiny_model


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, check=False)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MiB tmpfs: a real file system that fills up (and can be remounted read-only)."""
    point = tmp_path / "small-disk"
    point.mkdir()
    mounted = _mount("-t", "tmpfs", "-o", "size=4m", "tmpfs", str(point))
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a test file system here: {mounted.stderr.strip()}")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def _fill(folder: Path) -> Path:
    """Write until the disk is full; returns the filler to delete later."""
    filler = folder / "filler.bin"
    with filler.open("wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


def _stored_texts(core: Core, conversation_id: int) -> list[str]:
    return [m.content for m in core.chats.messages.list(conversation_id)]


def test_full_disk_refuses_writes_clearly_and_loses_nothing(small_disk: Path) -> None:
    paths = Paths.resolve(small_disk / "home")
    core = Core.open(paths)
    conversation = core.chats.new_conversation()
    core.chats.send(conversation.id, "saved before the disk filled up")
    before = _stored_texts(core, conversation.id)

    filler = _fill(small_disk)
    with pytest.raises(StorageError) as info:
        for _ in range(200):  # SQLite may still fit a page or two in what the filler left
            core.chats.send(conversation.id, "x" * 20_000)
    assert info.value.kind == "disk_full", str(info.value)
    assert "the disk is full" in str(info.value)
    assert str(info.value).startswith("Could not")
    core.close()

    filler.unlink()
    core = Core.open(paths)
    try:
        assert core.database.integrity_check() == "ok"
        after = _stored_texts(core, conversation.id)
        assert after[: len(before)] == before
        core.chats.send(conversation.id, "works again")  # and it is writable once more
        assert _stored_texts(core, conversation.id)[-2] == "works again"
    finally:
        core.close()


def test_full_disk_model_copy_is_refused_before_copying(small_disk: Path, tmp_path: Path) -> None:
    paths = Paths.resolve(small_disk / "home")
    core = Core.open(paths)
    try:
        source = write_tiny_model(tmp_path / "big.gguf", megabytes=6.0)
        with pytest.raises(LibraryError, match="not enough free disk space"):
            core.library.import_model(source, copy=True)
        assert not list(paths.models_dir.iterdir())  # no partial copy left behind
        assert core.models.list() == []
    finally:
        core.close()


def test_read_only_data_folder_refuses_writes_clearly(small_disk: Path) -> None:
    paths = Paths.resolve(small_disk / "home")
    core = Core.open(paths)
    conversation = core.chats.new_conversation()
    core.chats.send(conversation.id, "written while it was writable")
    core.close()
    remounted = _mount("-o", "remount,ro", str(small_disk))
    assert remounted.returncode == 0, remounted.stderr
    try:
        try:
            core = Core.open(paths)
        except StorageError as exc:  # refusing to open is fine, if it says why
            assert exc.kind in ("read_only", "cannot_open"), str(exc)
            assert "read-only" in str(exc) or "could not be opened" in str(exc)
        else:
            try:
                with pytest.raises(StorageError) as info:
                    core.chats.send(conversation.id, "this cannot be written")
                assert info.value.kind == "read_only", str(info.value)
                assert "read-only" in str(info.value)
            finally:
                core.close()
    finally:
        assert _mount("-o", "remount,rw", str(small_disk)).returncode == 0
    with Database.open(paths.database, backups_dir=paths.backups_dir) as db:
        assert db.integrity_check() == "ok"
    core = Core.open(paths)
    try:
        assert _stored_texts(core, conversation.id)[0] == "written while it was writable"
    finally:
        core.close()


# ---- injected failures (everywhere) -----------------------------------------------------------


def _raise(code: int):  # type: ignore[no-untyped-def]
    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_settings_save_failure_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    store.save(Settings(n_ctx=2048))
    monkeypatch.setattr(os, "fsync", _raise(code))
    with pytest.raises(OSError) as info:
        store.save(replace(Settings(), n_ctx=8192))
    assert info.value.errno == code
    monkeypatch.undo()
    assert store.load().n_ctx == 2048
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]  # no temporary file left


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_model_copy_failure_says_why_and_leaves_nothing(
    hearth_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    core = Core.open(Paths.resolve())
    try:
        source = write_tiny_model(tmp_path / "tiny.gguf", megabytes=1.0)
        monkeypatch.setattr(os, "fsync", _raise(code))
        with pytest.raises(LibraryError) as info:
            core.library.import_model(source, copy=True)
        assert str(source) in str(info.value) and os.strerror(code) in str(info.value)
        monkeypatch.undo()
        assert list(core.library.models_dir.iterdir()) == []
        assert core.models.list() == []
    finally:
        core.close()


def test_unwritable_log_folder_falls_back_to_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the log folder should be")
    paths = Paths(data_dir=tmp_path / "d", config_dir=tmp_path / "c", cache_dir=blocker / "cache")
    setup = configure_logging(paths)
    try:
        assert setup.log_file is None
        assert setup.problem is not None and str(blocker) in setup.problem
    finally:
        reset_logging()
