"""The user's LoRA adapter files: inspect, import (link or copy), list, check, remove.

An adapter is identified by its SHA-256 (what a reply records, so a chat can say exactly which
adapter produced it) and described by its header. Like models, adapters are linked in place by
default; only copies inside Hearth's adapters folder are ever deleted by Hearth.
"""

from __future__ import annotations

import builtins
import logging
import os
import shutil
import tempfile
import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol

from app.config import Paths
from app.library.adapters import AdapterError, AdapterInfo, check_compatible, inspect_adapter
from app.library.gguf_errors import GgufError
from app.library.gguf_header import GgufHeader
from app.library.hashing import HashingReader, Progress, Sha256Cache, copy_with_sha256
from app.library.model_library import SHA_CACHE_NAME, LibraryError
from app.storage.records import AdapterRecord, NewAdapter

if TYPE_CHECKING:
    from app.security.keys import MasterKey

log = logging.getLogger(__name__)


class AdapterStore(Protocol):
    """The part of `app.library.adapter_repository.AdapterRepository` the library uses."""

    def add(self, adapter: NewAdapter) -> AdapterRecord: ...
    def list(self) -> builtins.list[AdapterRecord]: ...
    def get(self, adapter_id: int) -> AdapterRecord: ...
    def find_by_path(self, path: str) -> AdapterRecord | None: ...
    def remove(self, adapter_id: int) -> None: ...


class AdapterLibrary:
    """Adapter files known to Hearth. Call from a worker thread for large files (hashing)."""

    def __init__(
        self,
        repo: AdapterStore,
        paths: Paths,
        *,
        sha_cache: Sha256Cache | None = None,
        key: MasterKey | None = None,
    ) -> None:
        self._repo = repo
        self._paths = paths
        self._sha = sha_cache or Sha256Cache(paths.cache_dir / SHA_CACHE_NAME)
        # Set on an encrypted profile: copies Hearth makes are stored encrypted with it.
        self.key = key

    @property
    def adapters_dir(self) -> Path:
        return self._paths.adapters_dir

    def inspect(self, path: Path) -> AdapterInfo:
        """What the adapter file holds. Raises LibraryError with the file and the problem."""
        from app.security.file_crypto import FileCryptoError, decrypted_copy

        source = Path(path).expanduser()
        if not source.is_file():
            raise LibraryError(f"adapter file not found: {source}")
        try:
            with decrypted_copy(source, self.key) as readable:
                info = inspect_adapter(readable)
        except (AdapterError, GgufError, FileCryptoError) as exc:
            raise LibraryError(str(exc)) from exc
        except OSError as exc:
            raise LibraryError(f"cannot read {source}: {exc.strerror or exc}") from exc
        return replace(info, path=source)

    def import_adapter(
        self,
        path: Path,
        *,
        copy: bool = False,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> AdapterRecord:
        """Register a LoRA adapter GGUF, linked where it is or copied into the adapters folder."""
        source = Path(path).expanduser().resolve()
        info = self.inspect(source)
        if copy and not source.is_relative_to(self.adapters_dir.resolve()):
            target, sha256 = self._copy_in(source, progress=progress, cancel=cancel)
        else:
            target = source
            try:
                sha256 = self._sha.sha256(source, progress=progress, cancel=cancel)
            except OSError as exc:
                raise LibraryError(f"cannot read {source}: {exc.strerror or exc}") from exc
        return self._repo.add(
            NewAdapter(
                name=info.name,
                path=str(target),
                sha256=sha256,
                size_bytes=info.file_size,
                architecture=info.architecture,
                rank=info.rank,
                alpha=info.alpha,
                tensor_count=len(info.base_tensors),
            )
        )

    def list(self) -> builtins.list[AdapterRecord]:
        return self._repo.list()

    def get(self, adapter_id: int) -> AdapterRecord:
        return self._repo.get(adapter_id)

    def find_by_path(self, path: str) -> AdapterRecord | None:
        return self._repo.find_by_path(path)

    def compatibility(self, record: AdapterRecord, base: GgufHeader) -> str | None:
        """None when the adapter fits `base`; otherwise why not, in one sentence."""
        try:
            info = self.inspect(Path(record.path))
        except LibraryError as exc:
            return str(exc)
        return self.compatibility_with_header(info, base)

    @staticmethod
    def compatibility_with_header(info: AdapterInfo, base: GgufHeader) -> str | None:
        try:
            check_compatible(info.header, base)
        except AdapterError as exc:
            return str(exc)
        return None

    def remove(self, adapter_id: int, *, delete_file: bool = False) -> None:
        """Forget an adapter; with `delete_file`, delete it too if Hearth made the copy."""
        record = self._repo.get(adapter_id)
        self._repo.remove(adapter_id)
        file = Path(record.path)
        if not delete_file or not file.resolve().is_relative_to(self.adapters_dir.resolve()):
            return
        try:
            file.unlink(missing_ok=True)
        except OSError as exc:
            raise LibraryError(
                f"the adapter was removed but its file {file} could not be deleted: "
                f"{exc.strerror or exc}"
            ) from exc
        self._sha.forget(file)

    def _copy_in(
        self, source: Path, *, progress: Progress | None, cancel: threading.Event | None
    ) -> tuple[Path, str]:
        folder = self.adapters_dir
        size = source.stat().st_size
        try:
            folder.mkdir(parents=True, exist_ok=True)
            free = shutil.disk_usage(folder).free
        except OSError as exc:
            raise LibraryError(f"cannot use {folder}: {exc.strerror or exc}") from exc
        if free < size:
            raise LibraryError(
                f"not enough free disk space to copy {source.name} ({size:,} bytes) into "
                f"{folder}: only {free:,} bytes are free"
            )
        target = folder / source.name
        counter = 2
        while target.exists():
            target = folder / f"{source.stem}-{counter}{source.suffix}"
            counter += 1
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{source.name}.", suffix=".partial")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                if self.key is None:
                    sha256 = copy_with_sha256(source, out, progress=progress, cancel=cancel)
                else:
                    sha256 = self._copy_encrypted(source, out, progress, cancel)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise LibraryError(f"could not copy {source} into {folder}: {exc}") from exc
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        if self.key is None:
            self._sha.remember(target, sha256)
        return target, sha256

    def _copy_encrypted(
        self,
        source: Path,
        out: BinaryIO,
        progress: Progress | None,
        cancel: threading.Event | None,
    ) -> str:
        """Encrypt while copying, so no plain copy of the adapter ever reaches the disk (a
        plain file shredded afterwards may survive in a journal or on flash). The sha256 is the
        plain file's: it names the adapter, not its storage."""
        from app.security.file_crypto import encrypt_stream

        assert self.key is not None
        with source.open("rb") as handle:
            reader = HashingReader(
                handle,
                total=os.fstat(handle.fileno()).st_size,
                progress=progress,
                cancel=cancel,
                what=str(source),
            )
            encrypt_stream(reader, out, self.key)
        return reader.hexdigest()
