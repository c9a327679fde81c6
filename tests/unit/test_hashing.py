"""SHA-256 of files: progress, cancel, and the (path, size, mtime_ns) cache."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path

import pytest

from app.library.hashing import HashCancelled, Sha256Cache, sha256_file

CHUNK = 64 * 1024


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "blob.bin"
    path.write_bytes(os.urandom(5 * CHUNK + 123))
    return path


def _expected(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_sha256_matches_hashlib_and_reports_progress(data_file: Path) -> None:
    calls: list[tuple[int, int]] = []
    digest = sha256_file(data_file, progress=lambda d, t: calls.append((d, t)), chunk=CHUNK)
    size = data_file.stat().st_size
    assert digest == _expected(data_file)
    assert calls[0] == (0, size)
    assert calls[-1] == (size, size)
    assert len(calls) == 1 + 6  # once before reading, then once per chunk
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty"
    path.write_bytes(b"")
    assert sha256_file(path) == hashlib.sha256(b"").hexdigest()


def test_cancel_before_start(data_file: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(HashCancelled, match="cancelled"):
        sha256_file(data_file, cancel=cancel, chunk=CHUNK)


def test_cancel_midway_stops_reading(data_file: Path) -> None:
    cancel = threading.Event()
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if done >= 2 * CHUNK:
            cancel.set()

    with pytest.raises(HashCancelled):
        sha256_file(data_file, progress=progress, cancel=cancel, chunk=CHUNK)
    assert max(seen) == 2 * CHUNK  # no chunk was read after the cancel


def test_cache_hit_does_not_read_the_file_again(tmp_path: Path, data_file: Path) -> None:
    cache = Sha256Cache(tmp_path / "cache" / "sha.json")
    first_calls: list[int] = []
    first = cache.sha256(data_file, progress=lambda d, t: first_calls.append(d))
    assert first == _expected(data_file)
    assert len(first_calls) > 1

    # Same size, same mtime, different content: a cache hit must return the old digest,
    # which proves the file was not read.
    stat = data_file.stat()
    data_file.write_bytes(os.urandom(stat.st_size))
    os.utime(data_file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    second_calls: list[tuple[int, int]] = []
    assert cache.sha256(data_file, progress=lambda d, t: second_calls.append((d, t))) == first
    assert second_calls == [(stat.st_size, stat.st_size)]

    # A fresh cache object reads the same cache file.
    assert Sha256Cache(tmp_path / "cache" / "sha.json").lookup(data_file) == first


def test_cache_miss_when_mtime_or_size_changes(tmp_path: Path, data_file: Path) -> None:
    cache = Sha256Cache(tmp_path / "sha.json")
    first = cache.sha256(data_file)
    stat = data_file.stat()
    data_file.write_bytes(os.urandom(stat.st_size))
    os.utime(data_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert cache.lookup(data_file) is None
    second = cache.sha256(data_file)
    assert second == _expected(data_file) != first

    data_file.write_bytes(data_file.read_bytes() + b"x")
    os.utime(data_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert cache.lookup(data_file) is None
    assert cache.sha256(data_file) == _expected(data_file)


def test_cache_is_keyed_by_the_resolved_path(tmp_path: Path, data_file: Path) -> None:
    cache = Sha256Cache(tmp_path / "sha.json")
    cache.sha256(data_file)
    other_spelling = tmp_path / "." / "blob.bin"
    assert cache.lookup(other_spelling) == _expected(data_file)
    stored = json.loads((tmp_path / "sha.json").read_text())
    assert list(stored["entries"]) == [str(data_file.resolve())]


def test_cache_file_is_written_atomically_and_small(tmp_path: Path) -> None:
    cache_file = tmp_path / "c" / "sha.json"
    cache = Sha256Cache(cache_file)
    files = []
    for index in range(3):
        path = tmp_path / f"f{index}"
        path.write_bytes(bytes([index]) * 10)
        files.append(path)
        cache.sha256(path)
    assert sorted(p.name for p in cache_file.parent.iterdir()) == ["sha.json"]  # no temp files
    assert len(json.loads(cache_file.read_text())["entries"]) == 3
    files[0].unlink()
    cache.forget(files[1])
    entries = json.loads(cache_file.read_text())["entries"]
    assert list(entries) == [str(files[2].resolve())]


def test_corrupt_cache_file_is_an_empty_cache(tmp_path: Path, data_file: Path) -> None:
    cache_file = tmp_path / "sha.json"
    cache_file.write_text("{not json")
    cache = Sha256Cache(cache_file)
    assert cache.lookup(data_file) is None
    assert cache.sha256(data_file) == _expected(data_file)
    assert json.loads(cache_file.read_text())["format"] == 1


def test_cancelled_hash_is_not_cached(tmp_path: Path, data_file: Path) -> None:
    cache = Sha256Cache(tmp_path / "sha.json")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(HashCancelled):
        cache.sha256(data_file, cancel=cancel)
    assert cache.lookup(data_file) is None
    assert not (tmp_path / "sha.json").exists()


def test_only_stale_partial_copies_are_removed(tmp_path: Path) -> None:
    import os
    import time

    from app.library.hashing import remove_stale_partials

    stale = tmp_path / ".model.gguf.abc123.partial"
    fresh = tmp_path / ".other.gguf.def456.partial"
    kept = tmp_path / "model.gguf"
    for file in (stale, fresh, kept):
        file.write_bytes(b"x")
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    os.utime(kept, (hour_ago, hour_ago))
    assert remove_stale_partials(tmp_path) == [stale]
    assert not stale.exists() and fresh.exists() and kept.exists()
