"""OCR results kept on disk by page-image hash, so indexing a file again does not OCR again.

The key is the SHA-256 of the pixels handed to the engine (with their size and mode) and the
engine's tag: a page rendered the same way from the same file hashes the same, and another
model never reuses an older model's reading. Only used when the caller gives a folder: an
encrypted profile gives none, since these files hold the documents' text in the clear.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from app.knowledge.ocr.results import OcrLine, OcrPage

if TYPE_CHECKING:
    from PIL import Image

_log = logging.getLogger(__name__)


def image_key(image: Image.Image, engine_tag: str) -> str:
    digest = hashlib.sha256()
    digest.update(f"{engine_tag}\0{image.mode}\0{image.width}x{image.height}\0".encode())
    digest.update(image.tobytes())
    return digest.hexdigest()


class OcrCache:
    def __init__(self, folder: Path) -> None:
        self._folder = folder

    def get(self, key: str) -> OcrPage | None:
        path = self._path(key)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return OcrPage(
                lines=tuple(
                    OcrLine(
                        text=str(text),
                        box=(
                            (float(b[0][0]), float(b[0][1])),
                            (float(b[1][0]), float(b[1][1])),
                            (float(b[2][0]), float(b[2][1])),
                            (float(b[3][0]), float(b[3][1])),
                        ),
                        confidence=float(score),
                    )
                    for text, score, b in raw["lines"]
                ),
                width=int(raw["width"]),
                height=int(raw["height"]),
                turned=raw.get("turned") is True,
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            _log.info("ignoring an unreadable OCR cache entry %s", path, exc_info=True)
            return None

    def put(self, key: str, page: OcrPage) -> None:
        path = self._path(key)
        payload = {
            "width": page.width,
            "height": page.height,
            "turned": page.turned,
            "lines": [[line.text, line.confidence, line.box] for line in page.lines],
        }
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Written whole, then renamed: a reader never sees half an entry.
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(payload, out, ensure_ascii=False)
            os.replace(temporary, path)
        except OSError:
            # A full disk or a read-only cache costs a re-OCR later, never the indexing.
            _log.warning("could not keep an OCR result in %s", self._folder, exc_info=True)
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(temporary)

    def _path(self, key: str) -> Path:
        return self._folder / key[:2] / f"{key}.json"
