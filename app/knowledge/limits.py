"""The limits that keep a hostile or huge file from hanging or exhausting the machine."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.knowledge.errors import DocumentError, ExtractionCancelled

_MB = 1024 * 1024

# (page, pages): called before each slow page (OCR) of one file, for "OCR page 3 of 12".
PageProgress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExtractionLimits:
    max_file_bytes: int = 100 * _MB
    # Office/ODF files are zip archives: refuse ones that would inflate past these (zip bombs).
    max_unzipped_bytes: int = 400 * _MB
    max_zip_ratio: float = 100.0
    max_zip_entries: int = 20_000
    # A zip smaller than this once unpacked is never a bomb, whatever its ratio (plain XML
    # compresses 20-50x, so tiny documents legitimately reach high ratios).
    ratio_check_from_bytes: int = 20 * _MB
    max_seconds: float = 120.0
    max_chars: int = 50_000_000
    # Spreadsheets: every column Excel allows is read; the cells visited (empty ones between
    # values included) are bounded over the whole workbook, so a sheet with a million wide rows
    # cannot exhaust memory. What is left out is named in a note.
    max_sheet_columns: int = 16_384
    max_spreadsheet_cells: int = 20_000_000
    # OCR (scanned PDF pages, pictures): pages read per file, and pixels per image (a picture
    # that inflates past this is a decompression bomb, or too large to read in memory).
    max_ocr_pages: int = 300
    # Each page OCR starts gets this much more time, on top of max_seconds (which a long scan
    # would outrun: 300 pages take minutes); the parent extends its hard limit as each page's
    # progress arrives. Cancel still stops it at once.
    ocr_seconds_per_page: float = 30.0
    max_image_pixels: int = 90_000_000
    # Where OCR results are kept by page-image hash; None: not kept (an encrypted profile).
    ocr_cache_dir: Path | None = None
    # The installed OCR component's folders (first and last on sys.path), activated by the
    # extraction child before it imports the OCR runtime; empty: none installed (a checkout
    # with the `ocr` extra finds it in its own environment).
    ocr_site_dirs: tuple[str, ...] = ()
    ocr_fallback_dirs: tuple[str, ...] = ()


class Deadline:
    """Checked between pages, rows and paragraphs: extraction stops at the time limit or on cancel.

    Cooperative by design: a thread cannot be killed safely in Python, so every extractor's loop
    calls `check()`; no single step of a well-behaved library runs for long.
    """

    def __init__(self, path: Path, seconds: float, cancel: threading.Event | None = None) -> None:
        self._path = path
        self._seconds = seconds
        self._ends = time.monotonic() + seconds
        self._cancel = cancel

    @property
    def cancel(self) -> threading.Event | None:
        return self._cancel

    def seconds_left(self) -> float:
        """What is left of the time limit: a part read with its own reader (an e-mail's
        attachment) gets this, not a fresh limit."""
        return max(0.0, self._ends - time.monotonic())

    def allow_at_least(self, seconds: float) -> None:
        """Extends the limit so that at least `seconds` are left (an OCR page's allowance)."""
        self._ends = max(self._ends, time.monotonic() + seconds)

    def check(self) -> None:
        if self._cancel is not None and self._cancel.is_set():
            raise ExtractionCancelled(self._path)
        if time.monotonic() > self._ends:
            raise DocumentError(
                self._path,
                f"reading it took longer than the {self._seconds:.0f} s limit; "
                "split it into smaller files",
                kind="timeout",
            )


def check_size(path: Path, size: int, limits: ExtractionLimits) -> None:
    if size > limits.max_file_bytes:
        raise DocumentError(
            path,
            f"the file is {size / _MB:.0f} MB; Hearth indexes files up to "
            f"{limits.max_file_bytes / _MB:.0f} MB. Split it into smaller files",
            kind="too_large",
        )
