"""Under the documents table, shown only while a listed document could not be read because the
OCR component is missing: a sentence and an "Install OCR component…" button that opens the
component download dialog (the Studio's, with OCR's wording). Nothing is fetched until the user
presses Download there. The next indexing job reads with the installed component (its
extraction child starts per job and finds it: `KnowledgeBase`'s limits_source), so the user adds
the scans again instead of restarting Hearth."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.components import OCR
from app.components.store import usable_component
from app.config import Paths
from app.knowledge.ocr.runtime import waiting_for_ocr
from app.knowledge.records import DocumentRecord
from app.ui.common.i18n import tr
from app.ui.studio.component_download_dialog import ComponentDownloadDialog, DownloadTexts


def needs_ocr(document: DocumentRecord) -> bool:
    """The document (or some of its pages) went unread for want of the OCR component."""
    return waiting_for_ocr(document.error, document.notes)


def ocr_download_texts() -> DownloadTexts:
    return DownloadTexts(
        title=tr("Download OCR component"),
        intro=tr(
            "The address of the OCR component archive (hearth-ocr-…zip) published with this "
            "version of Hearth. It reads scanned pages and pictures, offline. Its sha256 is "
            "fetched from the same address + .sha256 and checked before anything is installed."
        ),
        address_name=tr("OCR component address"),
        placeholder="https://…/hearth-ocr-<version>-cpu-<os>-….zip",
    )


class OcrComponentRow(QWidget):
    installed = Signal()  # the OCR component was installed from here

    def __init__(self, data_dir: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self.dialog: ComponentDownloadDialog | None = None
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setProperty("tone", "warning")
        self.install_button = QPushButton(tr("Install OCR component…"), self)
        self.install_button.setAccessibleDescription(
            tr("Download and install the component that reads scanned pages and pictures")
        )
        self.install_button.clicked.connect(self.open_download)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.install_button)
        self.hide()

    def use_data_dir(self, data_dir: Path) -> None:
        """Where components are installed (default: the profile's data folder)."""
        self._data_dir = data_dir

    def data_dir(self) -> Path:
        return self._data_dir or Paths.resolve().data_dir

    def show_for(self, documents: Sequence[DocumentRecord]) -> None:
        waiting = sum(1 for document in documents if needs_ocr(document))
        if not waiting:
            self.hide()
            return
        if usable_component(self.data_dir(), OCR) is not None:
            self.message.setText(
                tr("The OCR component is installed: add the scanned files again to read them.")
            )
            self.install_button.hide()
        else:
            self.message.setText(
                tr("Scanned pages or pictures went unread: reading them needs the OCR component.")
            )
            self.install_button.show()
        self.show()

    def open_download(self) -> ComponentDownloadDialog:
        dialog = ComponentDownloadDialog(self.data_dir(), "", self, ocr_download_texts())
        dialog.accepted.connect(self._on_installed)
        dialog.finished.connect(self._forget_dialog)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self) -> None:
        self.dialog = None

    def _on_installed(self) -> None:
        self.message.setText(
            tr("The OCR component is installed: add the scanned files again to read them.")
        )
        self.install_button.hide()
        self.installed.emit()
