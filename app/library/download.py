"""Download a catalog model into Hearth's models folder: resumable, verified, then registered.

Qt-free and blocking: run `DownloadManager.download` on a worker thread (the GUI) or the main
thread (the CLI). The bytes go to `<models>/.downloads/<id>.gguf.part`, beside a small JSON note
of what they are part of (repo, file, ETag, size). Pausing, a lost connection or a killed
process leave both behind; the next download of that entry, in this process or a new one, asks
the hub again and, when the ETag and size still match, continues with a Range request. A
finished file is renamed into the models folder, its sha256 checked (catalog value first, else
the hub's LFS sha256), and registered with `ModelLibrary.import_model(copy=False)`.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

import httpx2

from app.library.catalog import CatalogEntry, Verification
from app.library.download_control import (
    DownloadCancelled,
    DownloadControl,
    DownloadError,
    DownloadPaused,
)
from app.library.download_note import read_note, write_note
from app.library.download_pins import check_commit, expected_sha256
from app.library.gguf_errors import GgufError
from app.library.hashing import HashCancelled
from app.library.hub_transfer import (
    OFFLINE_MESSAGE,
    HubClient,
    HubFile,
    offline_mode,
    transport_reason,
)
from app.library.model_library import FREE_SPACE_MARGIN, LibraryError, ModelLibrary
from app.library.transfer_rate import human_bytes
from app.storage.records import ModelRecord

log = logging.getLogger(__name__)

PARTIAL_DIR_NAME: Final = ".downloads"
RETRIES_WITHOUT_PROGRESS: Final = 3

Phase = Literal["checking", "downloading", "verifying", "registering"]
Progress = Callable[[int, int], None]
PhaseListener = Callable[[Phase], None]
VerifiedBy = Verification  # "sha256": the catalog's pin; "hub-lfs-sha256": the hub's digest

# One download per entry at a time in this process (two windows, or GUI and a test).
_active: set[str] = set()
_active_lock = threading.Lock()


@dataclass(frozen=True)
class DownloadResult:
    record: ModelRecord
    path: Path
    sha256: str
    verified_by: VerifiedBy
    resumed_from: int  # bytes already on disk when this call started
    bytes_fetched: int  # bytes received over the network by this call
    already_present: bool  # the model was registered before; nothing was downloaded


class DownloadManager:
    """Downloads catalog entries for one `ModelLibrary`. Safe to use from any one thread."""

    def __init__(
        self,
        library: ModelLibrary,
        *,
        endpoint: str | None = None,
        token: str | bool | None = None,
        reserve_bytes: int = FREE_SPACE_MARGIN,
        retry_wait_s: float = 1.0,
        timeout_s: float | None = None,
    ) -> None:
        """`endpoint` defaults to HF_ENDPOINT (read now), `reserve_bytes` is the free space to
        leave on the disk after the download, `retry_wait_s` the pause before reconnecting."""
        self._library = library
        self._hub = HubClient(endpoint=endpoint, token=token, timeout_s=timeout_s)
        self._reserve = reserve_bytes
        self._retry_wait_s = retry_wait_s

    @property
    def endpoint(self) -> str:
        return self._hub.endpoint

    @property
    def partial_dir(self) -> Path:
        return self._library.models_dir / PARTIAL_DIR_NAME

    # -- state the GUI shows ----------------------------------------------------------------

    def downloaded_record(self, entry: CatalogEntry) -> ModelRecord | None:
        """The registered model this entry was downloaded as (or an identical file), if any."""
        target = (self._library.models_dir / entry.file).resolve()
        for record in self._library.list():
            path = Path(record.path)
            if not path.is_file():
                continue  # registered, but the file was deleted or its disk is not mounted
            if entry.sha256 is not None and record.sha256 == entry.sha256:
                return record
            if entry.sha256 is None and (record.catalog_id == entry.id or path.resolve() == target):
                return record
        return None

    def partial_bytes(self, entry: CatalogEntry) -> int:
        """Bytes of an unfinished download of `entry` kept on disk (0 when there is none)."""
        part, note = self._partial_paths(entry)
        if not note.is_file():
            return 0
        try:
            return part.stat().st_size
        except OSError:
            return 0

    def discard_partial(self, entry: CatalogEntry) -> None:
        """Cancel a paused download: remove its partial file."""
        part, note = self._partial_paths(entry)
        part.unlink(missing_ok=True)
        note.unlink(missing_ok=True)

    # -- the download ---------------------------------------------------------------------

    def download(
        self,
        entry: CatalogEntry,
        *,
        progress: Progress | None = None,
        on_phase: PhaseListener | None = None,
        control: DownloadControl | None = None,
    ) -> DownloadResult:
        """Download, verify and register `entry`; return its model record.

        `progress(done, total)` reports bytes (downloaded, then hashed); `on_phase` names each
        step. Raises `DownloadError` (partial file kept when the network failed, removed when
        the file was wrong), `DownloadPaused` (kept) or `DownloadCancelled` (removed).
        """
        control = control or DownloadControl()
        report: Progress = progress or _ignore_progress
        phase: PhaseListener = on_phase or _ignore_phase
        existing = self.downloaded_record(entry)
        if existing is not None:
            return DownloadResult(
                record=existing,
                path=Path(existing.path),
                sha256=existing.sha256,
                verified_by=entry.verification,
                resumed_from=0,
                bytes_fetched=0,
                already_present=True,
            )
        with _active_lock:
            if entry.id in _active:
                raise DownloadError(f"{entry.name} is already being downloaded")
            _active.add(entry.id)
        try:
            return self._download(entry, report, phase, control)
        except DownloadCancelled:
            self.discard_partial(entry)
            raise
        except OSError as exc:  # disk full, folder not writable, file vanished...
            kept = self.partial_bytes(entry)
            raise DownloadError(
                f"could not save {entry.file} in {self._library.models_dir}: "
                f"{exc.strerror or exc}. " + _kept(kept, entry.size_bytes)
            ) from exc
        finally:
            with _active_lock:
                _active.discard(entry.id)

    def _download(
        self,
        entry: CatalogEntry,
        report: Progress,
        phase: PhaseListener,
        control: DownloadControl,
    ) -> DownloadResult:
        if offline_mode():
            raise DownloadError(OFFLINE_MESSAGE)
        phase("checking")
        hub = self._hub.fetch_metadata(entry.repo, entry.file, entry.revision)
        try:
            check_commit(entry, hub, self.endpoint)
            expected, verified_by = expected_sha256(entry, hub, self.endpoint)
        except DownloadError:
            self.discard_partial(entry)  # bytes of a file that does not match the pin
            raise
        adopted = self._adopt_finished_file(entry, expected, verified_by, report, phase, control)
        if adopted is not None:
            return adopted
        self._make_partial_dir()
        part, note = self._partial_paths(entry)
        start = self._resumable_bytes(entry, hub, part, note)
        total = hub.size or entry.size_bytes
        self._check_free_space(entry, remaining=max(0, total - start))
        write_note(note, entry, hub)
        control.check(bytes_kept=start)
        phase("downloading")
        log.info("downloading %s from %s (resuming at %d)", entry.file, hub.url, start)
        self._fetch(entry, hub, part, start, report, control)
        received = part.stat().st_size
        if hub.size is not None and received != hub.size:
            self.discard_partial(entry)
            raise DownloadError(
                f"{entry.file}: received {received:,} bytes but the hub announced "
                f"{hub.size:,}; the partial file was removed, please download again"
            )
        target = _free_name(self._library.models_dir, entry.file)
        part.replace(target)
        note.unlink(missing_ok=True)
        sha256 = self._verify(entry, target, expected, report, phase, control)
        record = self._register(entry, target, verified_by, report, phase, control)
        return DownloadResult(
            record=record,
            path=target,
            sha256=sha256,
            verified_by=verified_by,
            resumed_from=start,
            bytes_fetched=received - start,
            already_present=False,
        )

    def _adopt_finished_file(
        self,
        entry: CatalogEntry,
        expected: str,
        verified_by: VerifiedBy,
        report: Progress,
        phase: PhaseListener,
        control: DownloadControl,
    ) -> DownloadResult | None:
        """A verified copy left unregistered (e.g. the app quit while hashing): register it."""
        target = self._library.models_dir / entry.file
        if not target.is_file():
            return None
        phase("verifying")
        try:
            actual = self._library.sha256(target, progress=report, cancel=control.cancel_event)
        except HashCancelled:
            raise DownloadCancelled("the download was cancelled", bytes_kept=0) from None
        if actual != expected:
            return None  # somebody else's file of the same name: download beside it
        record = self._register(entry, target, verified_by, report, phase, control)
        return DownloadResult(
            record=record,
            path=target,
            sha256=actual,
            verified_by=verified_by,
            resumed_from=0,
            bytes_fetched=0,
            already_present=False,
        )

    def _fetch(
        self,
        entry: CatalogEntry,
        hub: HubFile,
        part: Path,
        start: int,
        report: Progress,
        control: DownloadControl,
    ) -> None:
        """Stream into `part`, reconnecting (with Range) after a lost connection."""
        offset = start
        failures = 0
        while hub.size is None or offset < hub.size:
            try:
                self._hub.stream_to_file(hub, part, offset=offset, progress=report, control=control)
                return
            except httpx2.TransportError as exc:
                kept = part.stat().st_size if part.exists() else 0
                failures = 0 if kept > offset else failures + 1
                offset = kept
                if failures >= RETRIES_WITHOUT_PROGRESS:
                    raise DownloadError(
                        f"the download of {entry.file} was interrupted: {transport_reason(exc)}. "
                        + _kept(kept, hub.size or entry.size_bytes)
                    ) from exc
                log.info("download of %s interrupted (%s); resuming", entry.file, exc)
                control.sleep(self._retry_wait_s)
                control.check(bytes_kept=kept)
            except DownloadError as exc:
                kept = part.stat().st_size if part.exists() else 0
                raise DownloadError(
                    f"the download of {entry.file} stopped: {exc}. "
                    + _kept(kept, hub.size or entry.size_bytes)
                ) from exc
        report(offset, offset)

    def _verify(
        self,
        entry: CatalogEntry,
        target: Path,
        expected: str,
        report: Progress,
        phase: PhaseListener,
        control: DownloadControl,
    ) -> str:
        """Hash the file in place (the library caches the digest for the import that follows)."""
        phase("verifying")
        try:
            actual = self._library.sha256(target, progress=report, cancel=control.cancel_event)
        except HashCancelled:
            target.unlink(missing_ok=True)
            raise DownloadCancelled("the download was cancelled", bytes_kept=0) from None
        except LibraryError:
            target.unlink(missing_ok=True)
            raise
        if actual != expected:
            target.unlink(missing_ok=True)
            pin = "Hearth's catalog" if entry.verification == "sha256" else "the hub"
            raise DownloadError(
                f"{entry.file} was refused: its sha256 is {actual}, but {pin} pins {expected}. "
                "The download was corrupted or the file was tampered with; it has been deleted"
            )
        return actual

    def _register(
        self,
        entry: CatalogEntry,
        target: Path,
        verified_by: VerifiedBy,
        report: Progress,
        phase: PhaseListener,
        control: DownloadControl,
    ) -> ModelRecord:
        phase("registering")
        try:
            return self._library.import_model(
                target,
                copy=False,
                progress=report,
                cancel=control.cancel_event,
                catalog_entry=entry,
                verified_by=verified_by,
            )
        except HashCancelled:
            raise DownloadCancelled("the download was cancelled", bytes_kept=0) from None
        except (GgufError, LibraryError) as exc:
            target.unlink(missing_ok=True)
            raise DownloadError(
                f"{entry.file} was downloaded but is not a usable model ({exc}); it was removed"
            ) from exc

    # -- partial files ----------------------------------------------------------------------

    def _partial_paths(self, entry: CatalogEntry) -> tuple[Path, Path]:
        folder = self.partial_dir
        return folder / f"{entry.id}.gguf.part", folder / f"{entry.id}.json"

    def _resumable_bytes(self, entry: CatalogEntry, hub: HubFile, part: Path, note: Path) -> int:
        """Bytes of `part` that belong to this very file; anything else is discarded."""
        if not part.exists():
            note.unlink(missing_ok=True)
            return 0
        size = part.stat().st_size
        recorded = read_note(note)
        same_file = (
            recorded is not None
            and recorded.get("repo") == entry.repo
            and recorded.get("file") == entry.file
            and recorded.get("etag") == hub.etag
            and recorded.get("size") == hub.size
        )
        if same_file and (hub.size is None or size <= hub.size):
            return size
        log.info("discarding the partial %s: it belongs to another version of the file", part)
        self.discard_partial(entry)
        return 0

    def _make_partial_dir(self) -> None:
        try:
            self.partial_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DownloadError(
                f"cannot use the folder {self.partial_dir}: {exc.strerror or exc}"
            ) from exc

    def _check_free_space(self, entry: CatalogEntry, *, remaining: int) -> None:
        folder = self.partial_dir
        try:
            free = shutil.disk_usage(folder).free
        except OSError as exc:
            raise DownloadError(f"cannot use the folder {folder}: {exc.strerror or exc}") from exc
        if free < remaining + self._reserve:
            raise DownloadError(
                f"not enough free disk space to download {entry.file}: it needs "
                f"{human_bytes(remaining)} ({remaining:,} bytes) plus {human_bytes(self._reserve)} "
                f"to spare, but only {human_bytes(free)} ({free:,} bytes) is free in {folder}"
            )


def _kept(kept: int, total: int) -> str:
    if kept == 0:
        return "Nothing was kept; try again later"
    return f"{human_bytes(kept)} of {human_bytes(total)} are kept; download it again to resume"


def _free_name(folder: Path, name: str) -> Path:
    """`folder/name`, or `folder/stem-2.gguf`... when that name is taken."""
    candidate = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    counter = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{counter}{suffix}"
        counter += 1
    return candidate


def _ignore_progress(done: int, total: int) -> None:
    return None


def _ignore_phase(phase: Phase) -> None:
    return None


__all__ = [
    "DownloadCancelled",
    "DownloadControl",
    "DownloadError",
    "DownloadManager",
    "DownloadPaused",
    "DownloadResult",
    "Phase",
]
