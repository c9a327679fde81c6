"""Files the user dropped or pasted: the local paths in a drag's or the clipboard's MIME data.

Unsupported files are kept on purpose: indexing then says per file why it cannot be read,
which is clearer than a drop that silently ignores some of what was dropped.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData


def local_paths(mime: QMimeData | None, *, keep_folders: bool = False) -> list[Path]:
    """The local files (not web links; folders only with `keep_folders`) named by `mime`, in
    order, without repeats."""
    if mime is None or not mime.hasUrls():
        return []
    found: list[Path] = []
    for url in mime.urls():
        if not url.isLocalFile():
            continue
        path = Path(url.toLocalFile())
        if path not in found and (keep_folders or not path.is_dir()):
            found.append(path)
    return found
