"""`hearth models download CATALOG_ID [--json]`: progress for people on stderr, JSON on stdout.

Ctrl+C keeps the partial file; running the same command again resumes it (also after a crash).
"""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import replace
from typing import Any, Final, TextIO

from app.core import Core
from app.library.catalog import CatalogEntry, CatalogError, load_catalog
from app.library.download import DownloadError, DownloadManager, DownloadResult, Phase
from app.library.transfer_rate import TransferRate, human_bytes, human_duration

from .models_cmd import model_json
from .output import CliError, emit_json

PRINT_EVERY_S: Final = 0.5  # a terminal line rewritten twice a second
LOG_EVERY_S: Final = 5.0  # a new line every few seconds when stderr is a file or a pipe

_PHASE_TEXT: Final[dict[Phase, str]] = {
    "checking": "Asking {endpoint} about {file}…",
    "downloading": "Downloading {name} ({size})…",
    "verifying": "Verifying the sha256 of {file}…",
    "registering": "Registering {file} in the library…",
}


class StderrProgress:
    """Progress lines for people; rewritten in place on a terminal, sparse in a log."""

    def __init__(self, entry: CatalogEntry, endpoint: str, stream: TextIO = sys.stderr) -> None:
        self._entry = entry
        self._endpoint = endpoint
        self._stream = stream
        self._tty = stream.isatty()
        self._rate = TransferRate()
        self._phase: Phase = "checking"
        self._last = 0.0
        self._open_line = False

    def phase(self, phase: Phase) -> None:
        self.finish()
        self._phase = phase
        self._rate.reset()
        size = human_bytes(self._entry.size_bytes)
        text = _PHASE_TEXT[phase].format(
            endpoint=self._endpoint, file=self._entry.file, name=self._entry.name, size=size
        )
        print(text, file=self._stream, flush=True)

    def progress(self, done: int, total: int) -> None:
        if self._phase != "downloading":
            return  # hashing is quick next to the download; the phase line is enough
        self._rate.add(done)
        now = time.monotonic()
        finished = total > 0 and done >= total
        if not finished and now - self._last < (PRINT_EVERY_S if self._tty else LOG_EVERY_S):
            return
        self._last = now
        line = f"  {human_bytes(done)} of {human_bytes(total)}"
        if total:
            line += f" ({100 * done // total}%)"
        rate = self._rate.bytes_per_s
        if rate:
            line += f", {human_bytes(rate)}/s"
            left = self._rate.seconds_left(done, total)
            if left is not None and not finished:
                line += f", {human_duration(left)} left"
        if self._tty:
            self._stream.write("\r" + line.ljust(72))
            self._open_line = True
        else:
            self._stream.write(line + "\n")
        self._stream.flush()

    def finish(self) -> None:
        """End a line left open by a terminal progress display."""
        if self._open_line:
            self._stream.write("\n")
            self._open_line = False


def download_from_catalog(core: Core, catalog_id: str, *, as_json: bool) -> int:
    try:
        entry = load_catalog().get(catalog_id)
    except CatalogError as exc:
        raise CliError(str(exc)) from exc
    except KeyError as exc:
        raise CliError(str(exc.args[0])) from None
    if not logging.getLogger().isEnabledFor(logging.DEBUG):
        # huggingface_hub warns about every lost connection with the full (signed) URL; the
        # progress lines and the final error already say what happened (-v shows it all).
        logging.getLogger("huggingface_hub").setLevel(logging.ERROR)
    downloads = DownloadManager(core.library)
    shown = StderrProgress(entry, downloads.endpoint)
    try:
        result = downloads.download(entry, progress=shown.progress, on_phase=shown.phase)
    except DownloadError as exc:
        raise CliError(str(exc)) from exc
    except KeyboardInterrupt:
        kept = downloads.partial_bytes(entry)
        raise CliError(
            f"download interrupted; {human_bytes(kept)} kept: run `hearth models download "
            f"{entry.id}` again to resume",
            exit_code=130,
        ) from None
    finally:
        shown.finish()
    default_id = core.settings.default_model_id
    if default_id is None:
        core.save_settings(replace(core.settings, default_model_id=result.record.id))
        default_id = result.record.id
    if as_json:
        emit_json(
            {"model": model_json(result.record, default_id), "download": _summary(entry, result)}
        )
    else:
        print(_sentence(entry, result))
    return 0


def _summary(entry: CatalogEntry, result: DownloadResult) -> dict[str, Any]:
    return {
        "catalog_id": entry.id,
        "revision": entry.revision,
        "path": str(result.path),
        "sha256": result.sha256,
        "verified_by": result.verified_by,
        "resumed_from": result.resumed_from,
        "bytes_fetched": result.bytes_fetched,
        "already_present": result.already_present,
    }


def _sentence(entry: CatalogEntry, result: DownloadResult) -> str:
    record = result.record
    if result.already_present:
        return f"{entry.name} is already in the library as model {record.id}"
    check = {
        "sha256": "sha256 matches the pin in Hearth's catalog",
        "hub-lfs-sha256": "sha256 matches the one the hub published",
    }[result.verified_by]
    return (
        f"Downloaded {entry.name} as model {record.id} from commit {entry.revision[:12]} "
        f"({check}: {result.sha256})"
    )
