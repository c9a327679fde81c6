"""The OCR engine: RapidOCR on onnxruntime, with the models shipped inside the package.

Every model is named by its path inside the installed `rapidocr` package: given no path,
RapidOCR would look for it under a models folder and download it when missing, and Hearth never
connects anywhere for OCR. A missing model is an installation problem, said as such.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.knowledge.ocr.results import Box, OcrLine, OcrPage

if TYPE_CHECKING:
    from PIL import Image

_log = logging.getLogger(__name__)

DETECTION_MODEL = "PP-OCRv6_det_small.onnx"
ORIENTATION_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"
FLOAT_RECOGNITION_MODEL = "PP-OCRv6_rec_small.onnx"
# The recogniser in 8-bit integers (packaging/quantize_ocr.py builds it; packaging/ocr_models/
# holds it, and the OCR component and the development environment put it beside RapidOCR's
# own models): its share of a page, 1.66 s on one thread, falls to 1.25 s with the same
# characters read. The detector quantized the same way was no faster, so it stays as shipped.
RECOGNITION_MODEL = "PP-OCRv6_rec_small.int8.onnx"


@dataclass(frozen=True)
class OcrModels:
    detection: str
    orientation: str
    recognition: str


QUANTIZED_MODELS = OcrModels(DETECTION_MODEL, ORIENTATION_MODEL, RECOGNITION_MODEL)
FLOAT_MODELS = OcrModels(DETECTION_MODEL, ORIENTATION_MODEL, FLOAT_RECOGNITION_MODEL)
# Where a page's time goes (bench pages, 300 dpi, one thread): the recogniser about 75%, the
# detector 20%, the orientation classifier 1%. Lines are recognised one at a time: in a batch
# each is padded to the batch's longest, and a page's lines differ in length (rec 2.1 s a
# page instead of 2.7 s at batch 6). The detector at 1120 px a side instead of 1280 took
# 0.45 s instead of 0.65 s with the same accuracy at 150 and 300 dpi, clean and noisy.
_DETECTION_SIDE = 1120
_REC_BATCH = 1
# The recogniser's time grows with a line's width once it is scaled to 48 px high, and printed
# text gives it about 2.7 columns (of 8 px) a character where CTC needs one, two for a doubled
# letter: lines squeezed to 0.8 of their width are read about a fifth faster, with the same
# accuracy on the bench (clean and noisy 300 dpi: 100%; 0.7 lost 0.1% on noisy pages).
_REC_SQUEEZE = 0.8
_REC_HEIGHT = 48
# Part of the cache key: a different engine, model or setting reads a page differently.
ENGINE_TAG = (
    f"rapidocr-3/{DETECTION_MODEL}@{_DETECTION_SIDE}/{RECOGNITION_MODEL}/b{_REC_BATCH}"
    f"/s{_REC_SQUEEZE}/turn"
)
# A page read below this mean confidence is read again turned half a turn (a page scanned the
# wrong way round); the better reading is kept.
_TRY_TURNED_BELOW = 0.8


class OcrUnavailable(Exception):
    """The OCR runtime or its models are not installed (a trimmed or broken installation)."""


class OcrEngine:
    """Loaded on first use, then kept for the life of the process. Thread-safe (one lock)."""

    def __init__(self, models: OcrModels = QUANTIZED_MODELS, *, threads: int = 1) -> None:
        self._models = models
        self._threads = threads
        self._engine: Any = None
        self._lock = threading.Lock()

    def read(self, image: Image.Image) -> OcrPage:
        import numpy as np

        pixels = _pixels(image)
        with self._lock:
            engine = self._loaded()
            page = _page(engine(pixels), image, turned=False)
            confidence = page.confidence
            if confidence is not None and confidence < _TRY_TURNED_BELOW:
                upside_down = np.ascontiguousarray(pixels[::-1, ::-1])
                turned = _page(engine(upside_down), image, turned=True)
                if (turned.confidence or 0.0) > confidence:
                    page = turned
        return page

    def _loaded(self) -> Any:
        if self._engine is None:
            self._engine = _load(self._models, self._threads)
        return self._engine


def _pixels(image: Image.Image) -> Any:
    """The array RapidOCR reads: a greyscale page (most scans, and every rendered PDF page) as
    it is, one byte a pixel, which RapidOCR widens itself (cheaper than PIL's RGB conversion
    and the channel swap: 0.05 s a 300 dpi page); colour in OpenCV's channel order (BGR)."""
    import numpy as np

    if image.mode == "L":
        return np.asarray(image)
    if image.mode in ("1", "I;16", "I", "F"):
        return np.asarray(image.convert("L"))
    return np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])


def model_dir() -> Path:
    return Path(str(resources.files("rapidocr"))) / "models"


def _load(chosen: OcrModels, threads: int) -> Any:
    try:
        from rapidocr import RapidOCR
    except ImportError as exc:
        raise OcrUnavailable(f"the OCR runtime is not installed ({exc})") from exc
    models = model_dir()
    paths = {
        name: models / name for name in (chosen.detection, chosen.orientation, chosen.recognition)
    }
    missing = [name for name, path in paths.items() if not path.is_file()]
    if missing:
        raise OcrUnavailable(f"the OCR models are missing: {', '.join(missing)}")
    params: dict[str, Any] = {
        "Global.log_level": "error",
        "Det.model_path": str(paths[chosen.detection]),
        "Cls.model_path": str(paths[chosen.orientation]),
        "Rec.model_path": str(paths[chosen.recognition]),
        # Most scans are upright, and the orientation classifier (one more model run per
        # line) misjudges long lines anyway: a poor reading is read again turned instead.
        "Global.use_cls": False,
        # Text is found on the page scaled to at most _DETECTION_SIDE px a side: on
        # bench/bench_ocr.py's 300 dpi pages faster than the default (up to 2000 px), which
        # also missed more lines.
        "Det.limit_type": "max",
        "Det.limit_side_len": _DETECTION_SIDE,
        "Rec.rec_batch_num": _REC_BATCH,
        "EngineConfig.onnxruntime.intra_op_num_threads": threads,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    }
    _log.info("loading OCR models from %s", models)
    engine = RapidOCR(params=params)
    _squeeze_lines(engine)
    return engine


def _squeeze_lines(engine: Any) -> None:
    """Replaces the recogniser's line scaling (keep the aspect ratio, pad a batch to its widest
    line) with one that squeezes each line to _REC_SQUEEZE of its width. Lines are recognised
    one at a time (_REC_BATCH), so no padding is needed. The hook is RapidOCR 3's (pinned in
    packaging/requirements-ocr.lock); another version's recogniser is left as it is."""
    import cv2
    import numpy as np

    load_recogniser = getattr(engine, "_load_rec_model", None)
    recogniser: Any = load_recogniser() if callable(load_recogniser) else None
    if not callable(getattr(recogniser, "resize_norm_img", None)):
        _log.warning("this RapidOCR has no line scaling hook; lines are read unsqueezed")
        return

    def resize_norm_img(line: Any, _max_wh_ratio: float) -> Any:
        height, width = line.shape[:2]
        scaled = max(8, round(_REC_HEIGHT * width / max(1, height) * _REC_SQUEEZE))
        resized = cv2.resize(line, (scaled, _REC_HEIGHT)).astype(np.float32)
        # RapidOCR's normalisation: channels first, from [0, 255] to [-1, 1].
        return resized.transpose((2, 0, 1)) / 127.5 - 1.0

    recogniser.resize_norm_img = resize_norm_img


def _page(result: Any, image: Image.Image, *, turned: bool) -> OcrPage:
    return OcrPage(lines=_lines(result), width=image.width, height=image.height, turned=turned)


def _lines(result: Any) -> tuple[OcrLine, ...]:
    texts = getattr(result, "txts", None) or ()
    scores = getattr(result, "scores", None) or ()
    boxes = getattr(result, "boxes", None)
    if boxes is None:
        return ()
    lines: list[OcrLine] = []
    for text, score, box in zip(texts, scores, boxes, strict=False):
        if not str(text).strip():
            continue
        corners = tuple((float(x), float(y)) for x, y in box[:4])
        lines.append(OcrLine(text=str(text), box=_box(corners), confidence=float(score)))
    return tuple(lines)


def _box(corners: tuple[tuple[float, float], ...]) -> Box:
    return (corners[0], corners[1], corners[2], corners[3])


_SHARED: tuple[OcrEngine, ...] = ()
_SHARED_LOCK = threading.Lock()
# Pages are read side by side, one engine each, rather than one page on every core: the models'
# operations on a line are too small to share well between threads. Bench pages at 300 dpi on
# 2 cores: 0.77 pages/s one page at a time on 2 threads, 1.02 two pages at a time on 1 thread
# each. Past four engines, each engine gets more threads instead (memory: one engine each).
_MOST_ENGINES = 4


def shared_engines() -> tuple[OcrEngine, ...]:
    """The process's engines, one per page read at once (the models load once per extraction
    child, on first use)."""
    global _SHARED
    with _SHARED_LOCK:
        if not _SHARED:
            cores = _physical_cores()
            count = min(cores, _MOST_ENGINES)
            _SHARED = tuple(OcrEngine(threads=max(1, cores // count)) for _ in range(count))
        return _SHARED


def _physical_cores() -> int:
    """A second thread on a core's sibling only contends for the same units."""
    import psutil

    return max(1, psutil.cpu_count(logical=False) or os.cpu_count() or 1)
