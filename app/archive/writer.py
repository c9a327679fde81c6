"""Write a manifest zip: the one writer for assistant packs and data exports.

Every member is streamed in while its sha256 is computed; the manifest (built by the caller from
those entries) goes last, then any file that covers it (a pack's signature). The zip is written
to a temporary file beside the target and renamed into place, so a cancelled or failed export
leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final

from app.archive.errors import ArchiveWriteError
from app.archive.kinds import MANIFEST, human_size

CHUNK: Final = 1 << 20
# A fixed timestamp: the same content makes the same zip, and no clock time leaks into it.
_DATE_TIME: Final = (2020, 1, 1, 0, 0, 0)

Progress = Callable[[int, int], None]
Opener = Callable[[], AbstractContextManager[IO[bytes]]]


class ExportCancelled(ArchiveWriteError):
    """The user cancelled the export; nothing was left behind."""


@dataclass(frozen=True)
class ZipMember:
    name: str
    size: int  # expected, for the progress total and the free-space check
    open: Opener
    # Manifest fields besides name, size and sha256 (a pack member's kind, a document's origin).
    fields: Mapping[str, Any] = field(default_factory=dict)
    stored: bool = False  # GGUF files barely compress: storing them is much faster
    # Refuse to write a file whose content changed since Hearth registered it.
    expected_sha256: str | None = None
    origin: str = ""  # the file it comes from, for that refusal's message


@contextmanager
def open_file(path: Path) -> Iterator[IO[bytes]]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise ArchiveWriteError(f"cannot read {path}: {exc.strerror or exc}") from exc
    with handle:
        yield handle


def file_member(path: Path, name: str, **extra: Any) -> ZipMember:
    """A member copied from the file at `path`."""
    return ZipMember(name, path.stat().st_size, lambda: open_file(path), **extra)


@dataclass(frozen=True)
class WrittenZip:
    path: Path
    entries: tuple[dict[str, Any], ...]  # the manifest's member entries, in order
    bytes_in: int  # the members' bytes before compression


def write_manifest_zip(
    out: Path,
    members: Sequence[ZipMember],
    manifest: Callable[[list[dict[str, Any]]], bytes],
    *,
    covering: Callable[[bytes], Mapping[str, bytes]] | None = None,
    spare_bytes: int = 16 << 20,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> WrittenZip:
    """Write `members` and the manifest that `manifest(entries)` returns to `out`, atomically.

    `covering(manifest_bytes)` gives more files to add after the manifest (a signature of its
    exact bytes). Raises ArchiveWriteError (ExportCancelled when `cancel` is set); whatever a
    member's opener raises goes through unchanged. Either way nothing is left at `out`.
    """
    out = Path(out).expanduser()
    total = sum(m.size for m in members)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        free = shutil.disk_usage(out.parent).free
    except OSError as exc:
        raise ArchiveWriteError(f"cannot write into {out.parent}: {exc.strerror or exc}") from exc
    if free < total + spare_bytes:
        raise ArchiveWriteError(
            f"not enough free space in {out.parent}: {out.name} needs about "
            f"{human_size(total + spare_bytes)}, {human_size(free)} are free"
        )
    fd, partial_name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".partial")
    os.close(fd)
    partial = Path(partial_name)
    done = 0
    entries: list[dict[str, Any]] = []
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            for member in members:
                digest = hashlib.sha256()
                size = 0
                info = zipfile.ZipInfo(member.name, date_time=_DATE_TIME)
                info.compress_type = zipfile.ZIP_STORED if member.stored else zipfile.ZIP_DEFLATED
                with member.open() as src, zf.open(info, "w", force_zip64=True) as dst:
                    while block := src.read(CHUNK):
                        if cancel is not None and cancel.is_set():
                            raise ExportCancelled("the export was cancelled")
                        digest.update(block)
                        dst.write(block)
                        size += len(block)
                        done += len(block)
                        if progress is not None:
                            progress(done, total)
                sha256 = digest.hexdigest()
                if member.expected_sha256 is not None and sha256 != member.expected_sha256:
                    raise ArchiveWriteError(
                        f"{member.origin or member.name} has changed since Hearth registered it "
                        "(its sha256 differs); import it again, then export"
                    )
                entries.append(
                    {"name": member.name, **member.fields, "size": size, "sha256": sha256}
                )
            manifest_bytes = manifest(entries)
            zf.writestr(_info(MANIFEST), manifest_bytes)
            for name, data in (covering(manifest_bytes) if covering else {}).items():
                zf.writestr(_info(name), data)
        os.replace(partial, out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ArchiveWriteError(f"could not write {out}: {exc.strerror or exc}") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return WrittenZip(out, tuple(entries), total)


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_DATE_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info
