"""After a crash, the next start says so once and offers to open the log folder."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from app.crash_reports import PreviousRun
from app.ui.common.i18n import tr

OPEN_FOLDER_TEXT = "Open log folder"

_log = logging.getLogger(__name__)


def open_log_folder(log_dir: Path, parent: QWidget | None = None) -> bool:
    """Show the folder in the file manager; when there is none, say where it is."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir))):
        return True
    _log.warning("no file manager opened %s", log_dir)
    QMessageBox.information(
        parent, tr("Log folder"), tr("Hearth's logs are in:\n{folder}").format(folder=log_dir)
    )
    return False


def show_crash_notice(parent: QWidget, previous: PreviousRun, log_dir: Path) -> QMessageBox:
    """A message over the window (not blocking it) with a button to the log folder."""
    title = tr("Hearth closed unexpectedly") if previous.crashed else tr("Hearth had a problem")
    box = QMessageBox(QMessageBox.Icon.Warning, title, previous.summary(), parent=parent)
    box.setObjectName("crashNotice")
    box.setInformativeText(
        tr(
            "If it happens again, the log folder has what support needs to find the cause "
            "(no chat or document text, unless you turned on detailed logging)."
        )
    )
    open_button = box.addButton(tr("Open log folder"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(QMessageBox.StandardButton.Close)
    open_button.clicked.connect(lambda: open_log_folder(log_dir, parent))
    box.setWindowModality(Qt.WindowModality.NonModal)  # shown once per run: kept, not deleted
    box.show()
    return box
