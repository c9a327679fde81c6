"""Every file dialog Hearth opens: where it starts, and the folder it remembers.

A dialog given no folder opens in the process's working directory, which for an installed app
is wherever the launcher started it (the install folder, `/`, System32). People keep their
files in Documents, so the first dialog of a session opens there (home where the system has
no Documents folder), and every later one where the user last picked something. The memory
lasts for the session only: a folder from last week may be gone or unplugged.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

_last_folder: Path | None = None  # where the user last picked a file or folder, this session


def documents_folder() -> Path:
    """The user's Documents folder, or the home folder where there is none."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if location and Path(location).is_dir():
        return Path(location)
    return Path.home()


def start_folder() -> Path:
    """Where the next dialog opens: the last folder used this session, else Documents."""
    if _last_folder is not None and _last_folder.is_dir():
        return _last_folder
    return documents_folder()


def remember(chosen: Path) -> None:
    """Open the next dialog where `chosen` (a file, or a folder picked as such) lies."""
    global _last_folder
    _last_folder = chosen if chosen.is_dir() else chosen.parent


def forget() -> None:
    """Back to Documents for the next dialog (a new session; tests)."""
    global _last_folder
    _last_folder = None


def open_file(parent: QWidget | None, caption: str, filters: str) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, caption, str(start_folder()), filters)
    if not name:
        return None
    remember(Path(name))
    return Path(name)


def open_files(parent: QWidget | None, caption: str, filters: str) -> list[Path]:
    names, _ = QFileDialog.getOpenFileNames(parent, caption, str(start_folder()), filters)
    paths = [Path(name) for name in names]
    if paths:
        remember(paths[0])
    return paths


def save_file(
    parent: QWidget | None, caption: str, suggested_name: str, filters: str
) -> tuple[Path | None, str]:
    """Ask where to save, offering `suggested_name` (pass it through app.file_names first) in
    the start folder. Returns the path (None if cancelled) and the filter the user chose."""
    name, chosen_filter = QFileDialog.getSaveFileName(
        parent, caption, str(start_folder() / suggested_name), filters
    )
    if not name:
        return None, chosen_filter
    remember(Path(name))
    return Path(name), chosen_filter


def choose_folder(parent: QWidget | None, caption: str) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, caption, str(start_folder()))
    if not chosen:
        return None
    remember(Path(chosen))
    return Path(chosen)
