"""Reading a run of page images with OCR: cache first, the page limit, the time limit, notes.

Shared by scanned PDF pages and pictures. Each page's text becomes a Section that keeps its
page number and where on the page each line was read, so a citation points at the page and
the place on it. A page read at low confidence is still indexed
(its words are mostly right) but listed in a note; one below the floor is left out as noise.
"""

from __future__ import annotations

import gc
import logging
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.knowledge.limits import Deadline, ExtractionLimits, PageProgress
from app.knowledge.ocr.cache import OcrCache, image_key
from app.knowledge.ocr.engine import ENGINE_TAG, OcrEngine, shared_engines
from app.knowledge.ocr.results import OcrPage
from app.knowledge.page_box import shifted
from app.knowledge.sections import Section
from app.knowledge.text_quality import assess_text

if TYPE_CHECKING:
    from PIL import Image

_log = logging.getLogger(__name__)

LOW_CONFIDENCE = 0.80  # a page under this is listed for the user to check
NOISE_CONFIDENCE = 0.55  # a page under this is not indexed at all
# OCR stops, with a note, when less than this is left of the file's time limit: the rest of
# the document is kept instead of the whole file failing on the deadline.
_SECONDS_PER_PAGE_RESERVE = 8.0

OcrProgress = PageProgress


@dataclass
class OcrRun:
    """What reading a document's page images produced."""

    sections: list[Section] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)  # pages whose text is indexed
    confidences: list[float] = field(default_factory=list)
    low: list[int] = field(default_factory=list)
    noise: list[int] = field(default_factory=list)
    empty: list[int] = field(default_factory=list)
    over_limit: list[int] = field(default_factory=list)  # past the page limit
    out_of_time: list[int] = field(default_factory=list)

    @property
    def confidence(self) -> float | None:
        return sum(self.confidences) / len(self.confidences) if self.confidences else None


def read_pages(
    pages: Iterable[tuple[int, Callable[[], Image.Image]]],
    total: int,
    deadline: Deadline,
    limits: ExtractionLimits,
    *,
    label: Callable[[int], str],
    progress: OcrProgress | None = None,
) -> OcrRun:
    """OCR each (page number, render) in order; `render` is called only for a page to read.

    Pages are rendered and hashed in one helper thread (PDFium, or a picture's frames, is never
    used from two threads at once; it and the hash release the GIL) and read by as many OCR
    engines as shared_engines() holds, each in its own thread, a few pages ahead of the one
    recorded. Results are recorded in page order, so notes and sections read as the file does."""
    run = OcrRun()
    cache = OcrCache(limits.ocr_cache_dir) if limits.ocr_cache_dir is not None else None
    wanted: list[tuple[int, Callable[[], Image.Image]]] = []
    for number, render in pages:
        if len(wanted) < limits.max_ocr_pages:
            wanted.append((number, render))
        else:
            run.over_limit.append(number)
    if not wanted:
        return run
    engines = shared_engines()
    idle: queue.SimpleQueue[OcrEngine] = queue.SimpleQueue()
    for engine in engines:
        idle.put(engine)
    renderer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ocr-render")
    readers = ThreadPoolExecutor(max_workers=len(engines), thread_name_prefix="ocr-read")
    in_flight: deque[Future[OcrPage]] = deque()
    submitted = 0
    _pause_collection()
    try:
        for done, (number, _render) in enumerate(wanted):
            deadline.check()
            deadline.allow_at_least(limits.ocr_seconds_per_page)
            if run.out_of_time or deadline.seconds_left() < _SECONDS_PER_PAGE_RESERVE:
                run.out_of_time.append(number)
                _cancel(in_flight)
                continue
            while submitted < len(wanted) and len(in_flight) < len(engines):
                rendered = renderer.submit(_prepared, wanted[submitted][1])
                in_flight.append(readers.submit(_read, rendered, idle, cache))
                submitted += 1
            if progress is not None:
                progress(done + 1, min(total, limits.max_ocr_pages))
            _record(run, number, in_flight.popleft().result(), label)
    finally:
        _cancel(in_flight)
        readers.shutdown(wait=True, cancel_futures=True)
        renderer.shutdown(wait=True, cancel_futures=True)
        _resume_collection()
    return run


# The reader threads allocate a great deal, so an automatic cyclic collection would often start
# in one of them and destroy whatever garbage the process holds, there. In the app OCR runs in
# the extraction child, which has no Qt; tests and benches read in the same process as Qt
# widgets, which must be destroyed on Qt's thread (a collection in a reader thread crashed the
# test process). So automatic collection pauses while reader threads run (nested readers
# counted) and resumes with them stopped; page images are freed by reference counting anyway.
_collection_lock = threading.Lock()
_collection_pauses = 0
_collection_was_enabled = False


def _pause_collection() -> None:
    global _collection_pauses, _collection_was_enabled
    with _collection_lock:
        if _collection_pauses == 0:
            _collection_was_enabled = gc.isenabled()
            gc.disable()
        _collection_pauses += 1


def _resume_collection() -> None:
    global _collection_pauses
    with _collection_lock:
        _collection_pauses -= 1
        if _collection_pauses == 0 and _collection_was_enabled:
            gc.enable()


def _cancel(in_flight: deque[Future[OcrPage]]) -> None:
    """Pages not yet started are dropped; one being read finishes in its thread, unrecorded."""
    while in_flight:
        in_flight.pop().cancel()


def _read(
    rendered: Future[tuple[Image.Image, str]],
    idle: queue.SimpleQueue[OcrEngine],
    cache: OcrCache | None,
) -> OcrPage:
    image, key = rendered.result()
    page = cache.get(key) if cache is not None else None
    if page is None:
        engine = idle.get()
        try:
            page = engine.read(image)
        finally:
            idle.put(engine)
        if cache is not None:
            cache.put(key, page)
    return page


def _prepared(render: Callable[[], Image.Image]) -> tuple[Image.Image, str]:
    image = render()
    return image, image_key(image, ENGINE_TAG)


def _record(run: OcrRun, number: int, page: OcrPage, label: Callable[[int], str]) -> None:
    confidence = page.confidence
    full_text, regions = page.layout()
    text = full_text.strip()
    # Shapes without a letter or a digit ("■" from a blot or a checkerboard) are not text.
    if confidence is None or not any(char.isalnum() for char in text):
        run.empty.append(number)
        return
    # Confidently read nonsense (letters a font maps to the wrong characters, shown as such)
    # is noise too: text quality is judged as for a text layer.
    if confidence < NOISE_CONFIDENCE or assess_text(text).garbage:
        run.noise.append(number)
        return
    if confidence < LOW_CONFIDENCE:
        run.low.append(number)
    run.pages.append(number)
    run.confidences.append(confidence)
    stripped = len(full_text) - len(full_text.lstrip())
    run.sections.append(
        Section(
            text=text,
            label=label(number),
            page=number,
            regions=shifted(regions, stripped, len(text)),
        )
    )


def ocr_notes(
    run: OcrRun,
    noun: str,
    phrase: Callable[[list[int]], str],
    page_limit: int,
    *,
    unread: bool = True,
) -> list[str]:
    """User-language sentences for what OCR could not read well or at all. `noun`: "page".
    `unread` False: the caller says itself which pages OCR found nothing usable on."""
    notes: list[str] = []
    if run.low:
        notes.append(
            f"{phrase(run.low)} {_was(run.low)} read with OCR at low confidence; "
            "check answers that cite "
            f"{_it(run.low)} against the {noun}, or add a sharper scan."
        )
    if run.noise and unread:
        notes.append(
            f"{phrase(run.noise)} could not be read with OCR (the text found was too "
            f"uncertain to index); add a sharper or straighter scan to search {_it(run.noise)}."
        )
    if run.over_limit:
        notes.append(
            f"{phrase(run.over_limit)} {_was(run.over_limit)} not read: OCR reads at most "
            f"{page_limit} {noun}s of one file; split the file to search the rest."
        )
    if run.out_of_time:
        notes.append(
            f"{phrase(run.out_of_time)} {_was(run.out_of_time)} not read with OCR: the time "
            "allowed for one file ran out; split the file to search the rest."
        )
    return notes


def _was(items: list[int]) -> str:
    return "was" if len(items) == 1 else "were"


def _it(items: list[int]) -> str:
    return "it" if len(items) == 1 else "them"
