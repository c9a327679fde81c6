"""Pictures (PNG, JPEG, TIFF with its pages, BMP, WebP): their text, read with OCR.

The header is read first: a picture whose pixels would pass the limit is refused before any
are decoded (a decompression bomb is a small file that inflates to gigabytes). Each frame of a
multi-page TIFF is a page of its own, so citations say "page 3".
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from app.knowledge.errors import DocumentError
from app.knowledge.extractors.pdf_notes import pages_phrase
from app.knowledge.formats import not_this_format
from app.knowledge.limits import Deadline, ExtractionLimits
from app.knowledge.ocr.engine import OcrUnavailable
from app.knowledge.ocr.reader import OcrProgress, ocr_notes, read_pages
from app.knowledge.sections import ExtractedDocument

if TYPE_CHECKING:
    from PIL import Image

_log = logging.getLogger(__name__)

_KINDS = {"PNG": "PNG", "JPEG": "JPEG", "TIFF": "TIFF", "BMP": "BMP", "WEBP": "WebP", "MPO": "JPEG"}


def extract_image(
    path: Path,
    head: bytes,
    deadline: Deadline,
    limits: ExtractionLimits,
    progress: OcrProgress | None = None,
) -> ExtractedDocument:
    from PIL import Image as PilImage
    from PIL import UnidentifiedImageError

    # Our own limit is checked for every frame from its header before any pixel is decoded,
    # and names the picture's size; Pillow's (a warning, then a refusal at twice its value,
    # without the size) would only stand in its way.
    PilImage.MAX_IMAGE_PIXELS = None
    try:
        picture = PilImage.open(path)
    except PilImage.DecompressionBombError as exc:
        raise _bomb(path, None, limits) from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        label = path.suffix.lstrip(".").lower() or "image"
        raise DocumentError(path, not_this_format(label, head), kind="corrupt") from exc
    with picture:
        kind = _KINDS.get(str(picture.format))
        if kind is None:
            raise DocumentError(
                path,
                f"this picture is in {picture.format or 'an unknown'} format, which Hearth does "
                "not read; save it as PNG or JPEG and add that",
                kind="unsupported",
            )
        count = int(getattr(picture, "n_frames", 1) or 1)
        try:
            run = read_pages(
                _frames(path, picture, count, limits, kind),
                count,
                deadline,
                limits,
                label=(lambda n: f"page {n}") if count > 1 else (lambda n: "image"),
                progress=progress,
            )
        except OcrUnavailable as exc:
            raise DocumentError(
                path,
                "pictures cannot be read: the OCR component is damaged (its runtime or models "
                "could not be loaded); remove it with `hearth components remove ocr` and "
                "install it again",
                kind="unreadable",
            ) from exc
    notes = ocr_notes(run, "page" if count > 1 else "picture", _phrase(count), limits.max_ocr_pages)
    if not run.sections:
        why = " ".join(notes)
        raise DocumentError(
            path,
            f"no text was found in this picture{(': ' + why) if why else ''}",
            kind="empty",
        )
    return ExtractedDocument(
        format="image",
        sections=tuple(run.sections),
        page_count=count if count > 1 else None,
        notes=tuple(notes),
        ocr_pages=tuple(run.pages),
        ocr_confidence=run.confidence,
    )


def _phrase(count: int) -> Callable[[list[int]], str]:
    if count > 1:
        return pages_phrase
    return lambda pages: "The picture"


def _frames(
    path: Path, picture: Image.Image, count: int, limits: ExtractionLimits, kind: str
) -> Iterator[tuple[int, Callable[[], Image.Image]]]:
    for index in range(count):
        yield index + 1, _frame_reader(path, picture, index, limits, kind)


def _frame_reader(
    path: Path, picture: Image.Image, index: int, limits: ExtractionLimits, kind: str
) -> Callable[[], Image.Image]:
    def read() -> Image.Image:
        from PIL import Image as PilImage

        try:
            picture.seek(index)
            pixels = picture.width * picture.height
            if pixels > limits.max_image_pixels:
                raise _bomb(path, pixels, limits)
            frame = picture.convert("L")
        except PilImage.DecompressionBombError as exc:
            raise _bomb(path, None, limits) from exc
        except (OSError, ValueError, EOFError, SyntaxError) as exc:
            raise DocumentError(
                path,
                f"this {kind} picture is damaged or only partly downloaded; open it in an "
                "image viewer, save a new copy and add that",
                kind="corrupt",
            ) from exc
        return frame

    return read


def _bomb(path: Path, pixels: int | None, limits: ExtractionLimits) -> DocumentError:
    size = f"{pixels / 1e6:,.0f} million pixels" if pixels else "too many pixels"
    return DocumentError(
        path,
        f"this picture has {size} (limit {limits.max_image_pixels / 1e6:,.0f} million); it "
        "may be a decompression bomb. Scale it down, or scan at 300 dpi, and add that",
        kind="too_large",
    )
