"""After a crash the next start says so, over the window, with a way to the log folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractButton, QMainWindow, QMessageBox
from pytestqt.qtbot import QtBot

from app.crash_reports import PreviousRun
from app.ui.shell.crash_notice import OPEN_FOLDER_TEXT, show_crash_notice

SHOTS = Path(os.environ.get("HEARTH_SHOTS", "/work/notes/shots/instance"))


class OpenedUrls(QObject):
    """Stands in for the file manager: QDesktopServices hands it the URLs it would open."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def button(box: QMessageBox, text: str) -> QAbstractButton:
    (found,) = [b for b in box.buttons() if b.text() == text]
    return found


@pytest.mark.parametrize(
    ("previous", "title", "says"),
    [
        (
            PreviousRun("2026-03-02 09:15", False, Path("crash-20260302-091544.log"), 0, None),
            "Hearth closed unexpectedly",
            "crash report was saved as crash-20260302-091544.log",
        ),
        (
            PreviousRun("2026-03-02 09:15", False, None, 0, None),
            "Hearth closed unexpectedly",
            "did not close properly",
        ),
        (
            PreviousRun("2026-03-02 09:15", True, None, 3, "KeyError in the thread indexer"),
            "Hearth had a problem",
            "3 unexpected errors; the last was KeyError in the thread indexer",
        ),
    ],
)
def test_the_notice_says_what_happened_and_opens_the_log_folder(
    qtbot: QtBot, tmp_path: Path, previous: PreviousRun, title: str, says: str
) -> None:
    window = QMainWindow()
    window.resize(900, 600)
    qtbot.addWidget(window)
    window.show()
    box = show_crash_notice(window, previous, tmp_path)
    assert box.isVisible() and box.windowTitle() == title
    assert says in box.text() and "started 2026-03-02 09:15" in box.text()
    assert box.windowModality() == Qt.WindowModality.NonModal  # the window stays usable
    if previous.fault_report is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        box.grab().save(str(SHOTS / "crash-notice.png"))

    opened = OpenedUrls()
    QDesktopServices.setUrlHandler("file", opened, "open")  # type: ignore[arg-type]
    try:
        qtbot.mouseClick(button(box, OPEN_FOLDER_TEXT), Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert opened.urls == [QUrl.fromLocalFile(str(tmp_path))]
