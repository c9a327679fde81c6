"""The user's model files: inspect, import (link or copy), list, remove.

A model is identified by its SHA-256 (computed once, cached) and described by a header scan.
"Link" registers the file where it is; "copy" puts a copy in Hearth's models folder first. Only
copies inside that folder are ever deleted by Hearth.
"""

from __future__ import annotations

import builtins
import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Final, Protocol

from app.config import Paths
from app.library.catalog import CatalogEntry
from app.library.gguf_header import GgufHeader, read_gguf_header
from app.library.hashing import Progress, Sha256Cache, copy_with_sha256
from app.library.model_names import builtin_catalog, readable_model_name
from app.storage.records import ModelRecord, NewModel

log = logging.getLogger(__name__)

FREE_SPACE_MARGIN: Final = 64 * 1024 * 1024  # leave room for the database and logs
SHA_CACHE_NAME: Final = "sha256-cache.json"


class LibraryError(Exception):
    """A model could not be inspected, imported or removed; `str(error)` says why."""


class ModelStore(Protocol):
    """The part of `app.library.model_repository.ModelRepository` the library uses."""

    def add(self, model: NewModel) -> ModelRecord: ...
    def list(self) -> builtins.list[ModelRecord]: ...
    def get(self, model_id: int) -> ModelRecord: ...
    def find_by_path(self, path: str) -> ModelRecord | None: ...
    def find_by_sha256(self, sha256: str) -> builtins.list[ModelRecord]: ...
    def remove(self, model_id: int) -> None: ...


def _is_inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


class ModelLibrary:
    """Model files known to Hearth. Safe to call from a worker thread (not the GUI thread)."""

    def __init__(self, repo: ModelStore, paths: Paths, *, sha_cache: Sha256Cache | None = None):
        self._repo = repo
        self._paths = paths
        self._sha = sha_cache or Sha256Cache(paths.cache_dir / SHA_CACHE_NAME)

    @property
    def models_dir(self) -> Path:
        return self._paths.models_dir

    def inspect(self, path: Path) -> GgufHeader:
        """The header of a GGUF file, validated (all tensor data inside the file).

        Raises `LibraryError` for a missing or unreadable file and lets a `GgufError` (a
        `ValueError` naming the file and the problem) pass through unchanged.
        """
        source = self._existing_file(path)
        try:
            return read_gguf_header(source)
        except OSError as exc:
            raise LibraryError(f"cannot read {source}: {exc.strerror or exc}") from exc

    def import_model(
        self,
        path: Path,
        *,
        copy: bool = False,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        catalog_entry: CatalogEntry | None = None,
        verified_by: str | None = None,
    ) -> ModelRecord:
        """Register a GGUF model, linked where it is or copied into the models folder.

        Importing the same file again returns its existing record. `progress(done, total)`
        reports bytes hashed (and copied); setting `cancel` raises `HashCancelled` and leaves
        nothing behind. A catalog download passes its entry and how the file was verified; the
        record keeps the entry's id and that. The record's name is the readable one (the
        catalog's, else the cleaned file name), never the GGUF's own `general.name`.
        """
        source = self._existing_file(path).resolve()
        header = self.inspect(source)
        if header.kind == "adapter":
            raise LibraryError(
                f"{source} is a LoRA adapter, not a model: import it as an adapter instead"
            )
        if header.architecture is None:
            raise LibraryError(f"{source} has no general.architecture: it is not a model file")
        if header.tensor_count == 0:
            raise LibraryError(f"{source} holds no tensors (a vocabulary-only file?), not a model")
        if copy and not _is_inside(source, self.models_dir):
            target, sha256 = self._copy_in(source, header, progress=progress, cancel=cancel)
        else:
            target = source
            sha256 = self._hash(source, progress=progress, cancel=cancel)
        if catalog_entry is not None:
            name = catalog_entry.name
        else:
            name = readable_model_name(target.name, sha256=sha256, catalog=builtin_catalog())
        return self._repo.add(
            NewModel(
                name=name,
                path=str(target),
                sha256=sha256,
                size_bytes=header.file_size,
                architecture=header.architecture,
                parameter_count=header.parameter_count,
                quantization=header.quantization,
                context_length=header.context_length,
                has_chat_template=header.has_chat_template,
                license=header.license,
                catalog_id=catalog_entry.id if catalog_entry is not None else None,
                verified_by=verified_by,
            )
        )

    def list(self) -> builtins.list[ModelRecord]:
        return self._repo.list()

    def sha256(
        self,
        path: Path,
        *,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> str:
        """The file's sha256, from the cache when its size and mtime are unchanged."""
        return self._hash(self._existing_file(path), progress=progress, cancel=cancel)

    def remove(self, model_id: int, *, delete_file: bool = False) -> None:
        """Forget a model. With `delete_file`, also delete its file, but only a copy inside the
        models folder that no other record uses; a linked file is never deleted."""
        record = self._repo.get(model_id)
        self._repo.remove(model_id)
        if not delete_file:
            return
        file = Path(record.path)
        if not _is_inside(file, self.models_dir):
            log.info("kept %s: it is outside the models folder (a linked file)", file)
            return
        if any(Path(other.path) == file for other in self._repo.list()):
            log.info("kept %s: another model record still uses it", file)
            return
        try:
            file.unlink(missing_ok=True)
        except OSError as exc:
            raise LibraryError(
                f"the model was removed but its file {file} could not be deleted: "
                f"{exc.strerror or exc}"
            ) from exc
        self._sha.forget(file)

    # -- helpers --------------------------------------------------------------------------

    @staticmethod
    def _existing_file(path: Path) -> Path:
        source = Path(path).expanduser()
        if not source.exists():
            raise LibraryError(f"model file not found: {source}")
        if not source.is_file():
            raise LibraryError(f"not a file: {source}")
        return source

    def _hash(
        self, path: Path, *, progress: Progress | None, cancel: threading.Event | None
    ) -> str:
        try:
            return self._sha.sha256(path, progress=progress, cancel=cancel)
        except OSError as exc:
            raise LibraryError(f"cannot read {path}: {exc.strerror or exc}") from exc

    def _copy_in(
        self,
        source: Path,
        header: GgufHeader,
        *,
        progress: Progress | None,
        cancel: threading.Event | None,
    ) -> tuple[Path, str]:
        """Copy `source` into the models folder (hashing it on the way); reuse an equal copy."""
        folder = self.models_dir
        reused = self._equal_copy(source, header, progress=progress, cancel=cancel)
        if reused is not None:
            return reused
        try:
            folder.mkdir(parents=True, exist_ok=True)
            free = shutil.disk_usage(folder).free
        except OSError as exc:
            raise LibraryError(
                f"cannot use the models folder {folder}: {exc.strerror or exc}"
            ) from exc
        if free < header.file_size + FREE_SPACE_MARGIN:
            raise LibraryError(
                f"not enough free disk space to copy {source.name} ({header.file_size:,} bytes) "
                f"into {folder}: only {free:,} bytes are free. Free some space, or import the "
                "model without copying it"
            )
        before = source.stat()
        target = _free_name(folder, source.name)
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{source.name}.", suffix=".partial")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                sha256 = copy_with_sha256(source, out, progress=progress, cancel=cancel)
                out.flush()
                os.fsync(out.fileno())
            after = source.stat()
            if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns) or (
                tmp.stat().st_size != header.file_size
            ):
                raise LibraryError(f"{source} changed while it was being copied; try again")
            os.replace(tmp, target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise LibraryError(
                f"could not copy {source} into {folder}: {exc.strerror or exc}"
            ) from exc
        except BaseException:  # HashCancelled, LibraryError, KeyboardInterrupt...
            tmp.unlink(missing_ok=True)
            raise
        self._sha.remember(source, sha256)
        self._sha.remember(target, sha256)
        return target, sha256

    def _equal_copy(
        self,
        source: Path,
        header: GgufHeader,
        *,
        progress: Progress | None,
        cancel: threading.Event | None,
    ) -> tuple[Path, str] | None:
        """An identical file already in the models folder (registered, or under the same name)."""
        folder = self.models_dir
        sha256 = self._sha.lookup(source)
        if sha256 is not None:
            for record in self._repo.find_by_sha256(sha256):
                existing = Path(record.path)
                if (
                    _is_inside(existing, folder)
                    and existing.is_file()
                    and existing.stat().st_size == header.file_size
                ):
                    return existing, sha256
        same_name = folder / source.name
        if same_name.is_file() and same_name.stat().st_size == header.file_size:
            sha256 = self._hash(source, progress=progress, cancel=cancel)
            if self._hash(same_name, progress=None, cancel=cancel) == sha256:
                return same_name, sha256
        return None


def _free_name(folder: Path, name: str) -> Path:
    """`folder/name`, or `folder/stem-2.gguf`... when that name is taken."""
    candidate = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    counter = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{counter}{suffix}"
        counter += 1
    return candidate
