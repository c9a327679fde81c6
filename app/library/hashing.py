"""SHA-256 of large files, with progress and cancel, and a small cache so it is computed once.

Hashing a multi-gigabyte model takes seconds to minutes: run it off the GUI thread. The cache is
keyed by (resolved path, size, mtime_ns); a file changed in place gets a new mtime and is hashed
again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final, Protocol

from app.atomic_write import write_text_atomically

log = logging.getLogger(__name__)

DEFAULT_CHUNK: Final = 4 * 1024 * 1024
CACHE_FORMAT: Final = 1

Progress = Callable[[int, int], None]  # (bytes done, bytes in total)


class Readable(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


class Writable(Protocol):
    def write(self, data: bytes, /) -> object: ...


class HashCancelled(Exception):
    """The caller set the cancel event while the file was being hashed."""

    def __init__(self, what: str) -> None:
        super().__init__(f"reading {what} was cancelled")
        self.what = what


def sha256_stream(
    reader: Readable,
    *,
    total: int,
    sink: Writable | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    chunk: int = DEFAULT_CHUNK,
    what: str = "the stream",
) -> tuple[str, int]:
    """Read `reader` to its end, hashing (and writing to `sink`) as it goes.

    Returns (hex digest, bytes read). `progress(done, total)` is called once before reading and
    after every chunk; `cancel` is checked before every chunk (`HashCancelled` names `what`).
    """
    if chunk <= 0:
        raise ValueError(f"chunk must be positive, not {chunk}")
    digest = hashlib.sha256()
    done = 0
    if progress is not None:
        progress(0, total)
    while True:
        if cancel is not None and cancel.is_set():
            raise HashCancelled(what)
        block = reader.read(chunk)
        if not block:
            break
        digest.update(block)
        if sink is not None:
            sink.write(block)
        done += len(block)
        if progress is not None:
            progress(done, max(total, done))
    return digest.hexdigest(), done


class HashingReader:
    """Passes reads through from `reader`, hashing the bytes and reporting progress on the way,
    for a consumer that pulls (an encrypting writer) instead of being pushed to."""

    def __init__(
        self,
        reader: Readable,
        *,
        total: int,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        what: str = "the stream",
    ) -> None:
        self._reader = reader
        self._digest = hashlib.sha256()
        self._total = total
        self._done = 0
        self._progress = progress
        self._cancel = cancel
        self._what = what
        if progress is not None:
            progress(0, total)

    def read(self, size: int = -1, /) -> bytes:
        if self._cancel is not None and self._cancel.is_set():
            raise HashCancelled(self._what)
        block = self._reader.read(size)
        self._digest.update(block)
        self._done += len(block)
        if block and self._progress is not None:
            self._progress(self._done, max(self._total, self._done))
        return block

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


def sha256_file(
    path: Path,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    chunk: int = DEFAULT_CHUNK,
) -> str:
    """The file's SHA-256 as 64 lowercase hex digits.

    `progress(done, total)` is called once before reading and after every chunk. `cancel` is
    checked before every chunk; when set, `HashCancelled` is raised.
    """
    with Path(path).open("rb", buffering=0) as handle:
        total = os.fstat(handle.fileno()).st_size
        digest, _ = sha256_stream(
            handle, total=total, progress=progress, cancel=cancel, chunk=chunk, what=str(path)
        )
    return digest


def copy_with_sha256(
    source: Path,
    sink: Writable,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    chunk: int = DEFAULT_CHUNK,
) -> str:
    """Copy `source` into `sink` and return its SHA-256, reading the file once."""
    with Path(source).open("rb", buffering=0) as handle:
        total = os.fstat(handle.fileno()).st_size
        digest, _ = sha256_stream(
            handle,
            total=total,
            sink=sink,
            progress=progress,
            cancel=cancel,
            chunk=chunk,
            what=str(source),
        )
    return digest


def _file_key(path: Path) -> tuple[str, int, int]:
    resolved = path.resolve()
    stat = resolved.stat()
    return str(resolved), stat.st_size, stat.st_mtime_ns


class Sha256Cache:
    """Remembers SHA-256 digests in a small JSON file, keyed by (path, size, mtime_ns).

    Safe to share between threads. A missing or unreadable cache file is an empty cache; the
    file is rewritten atomically (temporary file, then rename) after every change.
    """

    def __init__(self, cache_file: Path) -> None:
        self._file = cache_file
        self._lock = threading.Lock()
        self._entries: dict[str, dict[str, Any]] | None = None

    @property
    def cache_file(self) -> Path:
        return self._file

    def lookup(self, path: Path) -> str | None:
        """The cached digest when the file's size and mtime still match, else None."""
        key, size, mtime_ns = _file_key(Path(path))
        with self._lock:
            entry = self._load().get(key)
        if entry and entry.get("size") == size and entry.get("mtime_ns") == mtime_ns:
            value = entry.get("sha256")
            if isinstance(value, str) and len(value) == 64:
                return value
        return None

    def remember(self, path: Path, sha256: str) -> None:
        """Record a digest computed elsewhere (for example while copying the file)."""
        key, size, mtime_ns = _file_key(Path(path))
        self._store(key, size, mtime_ns, sha256)

    def forget(self, path: Path) -> None:
        key = str(Path(path).resolve())
        with self._lock:
            entries = self._load()
            if entries.pop(key, None) is not None:
                self._save(entries)

    def sha256(
        self,
        path: Path,
        *,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> str:
        """The file's SHA-256: from the cache when (path, size, mtime_ns) match, else computed."""
        cached = self.lookup(path)
        if cached is not None:
            if progress is not None:
                size = Path(path).stat().st_size
                progress(size, size)
            return cached
        key, size, mtime_ns = _file_key(Path(path))
        digest = sha256_file(Path(path), progress=progress, cancel=cancel)
        if _file_key(Path(path)) == (key, size, mtime_ns):  # not changed while we read it
            self._store(key, size, mtime_ns, digest)
        return digest

    # -- persistence ----------------------------------------------------------------------

    def _store(self, key: str, size: int, mtime_ns: int, sha256: str) -> None:
        with self._lock:
            entries = self._load()
            entries[key] = {"size": size, "mtime_ns": mtime_ns, "sha256": sha256}
            self._save(entries)

    def _load(self) -> dict[str, dict[str, Any]]:
        if self._entries is None:
            self._entries = {}
            try:
                raw: Any = json.loads(self._file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                raw = None
            if isinstance(raw, dict) and raw.get("format") == CACHE_FORMAT:
                entries = raw.get("entries")
                if isinstance(entries, dict):
                    self._entries = {
                        k: v
                        for k, v in entries.items()
                        if isinstance(k, str) and isinstance(v, dict)
                    }
        return self._entries

    def _save(self, entries: dict[str, dict[str, Any]]) -> None:
        for stale in [k for k in entries if not os.path.exists(k)]:  # keep the file small
            del entries[stale]
        payload = json.dumps({"format": CACHE_FORMAT, "entries": entries}, indent=1, sort_keys=True)
        try:
            write_text_atomically(self._file, payload)
        except OSError as exc:
            # The cache only saves time; failing to write it must not fail the import.
            log.warning("could not write the SHA-256 cache %s: %s", self._file, exc)


STALE_PARTIAL_S: Final = 600.0


def remove_stale_partials(folder: Path, *, older_than_s: float = STALE_PARTIAL_S) -> list[Path]:
    """Delete `.NAME.*.partial` copies left by a copy that was killed mid-way.

    Only ones untouched for `older_than_s`: a copy still running (in another Hearth process)
    writes to its file all the time, so it is never taken for a leftover.
    """
    import time

    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    now = time.time()
    for entry in folder.glob(".*.partial"):
        try:
            if entry.is_file() and now - entry.stat().st_mtime > older_than_s:
                entry.unlink()
                removed.append(entry)
        except OSError:
            log.warning("could not remove the leftover %s", entry, exc_info=True)
    if removed:
        log.info("removed %d leftover partial copies in %s", len(removed), folder)
    return removed
