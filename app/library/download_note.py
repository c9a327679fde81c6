"""The small JSON note beside a partial download: which file at which commit its bytes belong to.

A partial file is resumed only when the hub still describes the same file (same ETag and size)
as the note recorded; anything else is thrown away rather than stitched onto other bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

from app.library.catalog import CatalogEntry
from app.library.download_control import DownloadError
from app.library.hub_transfer import HubFile

NOTE_FORMAT: Final = 1


def read_note(note: Path) -> dict[str, Any] | None:
    """The recorded note, or None when there is none or it is unreadable or of another format."""
    try:
        raw: Any = json.loads(note.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict) or raw.get("format") != NOTE_FORMAT:
        return None
    return raw


def write_note(note: Path, entry: CatalogEntry, hub: HubFile) -> None:
    payload = {
        "format": NOTE_FORMAT,
        "catalog_id": entry.id,
        "repo": entry.repo,
        "file": entry.file,
        "revision": entry.revision,
        "commit": hub.commit,
        "etag": hub.etag,
        "size": hub.size,
    }
    try:
        note.write_text(json.dumps(payload, indent=1), encoding="utf-8")
    except OSError as exc:
        raise DownloadError(f"cannot write {note}: {exc.strerror or exc}") from exc
