"""Help > About Hearth: the version, the llama.cpp backend, and every shipped licence to read.

The licences come from app.licenses: the bundle's licenses/ folder when frozen, the installed
packages in a checkout. Each component opens to its texts; choosing one shows it read-only.
"""

from __future__ import annotations

import logging
import platform
from collections.abc import Sequence
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.diagnostics import EngineFacts
from app.licenses import Component, LicenseFile, bundle_folder, normalise
from app.ui.common.i18n import tr, tr_n

log = logging.getLogger(__name__)
# Texts are read when chosen; a larger file (none is) would be a mistake, not a licence.
MAX_TEXT_BYTES = 2_000_000
_FILE_ROLE = Qt.ItemDataRole.UserRole


def tagline() -> str:
    return tr("Private, offline domain assistants on your own machine.")


def read_text(path: Path) -> str:
    """A licence text for display; a missing or unreadable file says so instead."""
    try:
        if path.stat().st_size > MAX_TEXT_BYTES:
            return tr("{name} is too large to show here; it is at {path}.").format(
                name=path.name, path=path
            )
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        log.warning("cannot read licence text %s: %s", path, error)
        return tr("This licence text could not be read ({path}): {error}.").format(
            path=path, error=error.strerror or error
        )


def package_version(components: Sequence[Component], name: str) -> str:
    """A shipped package's version, from the licence list (frozen builds keep no metadata)."""
    wanted = normalise(name)
    found = (c.version for c in components if normalise(c.name) == wanted)
    return next(found, tr("unknown"))


class AboutDialog(QDialog):
    def __init__(
        self,
        components: Sequence[Component],
        engine: EngineFacts,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("About Hearth"))
        self.resize(1180, 700)  # the licence column stays in view beside the 80-column text
        self.components = list(components)

        title = QLabel(f"Hearth {__version__}")
        title.setProperty("role", "heading")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        facts = QFormLayout()
        facts.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        build = tr("installed build") if bundle_folder() is not None else tr("developer checkout")
        facts.addRow(tr("Version:"), QLabel(f"{__version__} ({build})"))
        facts.addRow(tr("llama.cpp backend:"), QLabel(engine.backend))
        facts.addRow(tr("Devices:"), QLabel(", ".join(engine.devices) or tr("CPU only")))
        engine_version = package_version(self.components, "llama-cpp-python")
        facts.addRow(
            tr("Engine:"),
            QLabel(
                tr("llama.cpp through llama-cpp-python {version}").format(version=engine_version)
            ),
        )
        facts.addRow("Qt:", QLabel(f"Qt {qVersion()}, PySide6 {PySide6.__version__}"))
        facts.addRow("Python:", QLabel(platform.python_version()))

        heading = QLabel(
            tr_n(
                len(self.components),
                "<b>Licences</b> — {n} component ships with Hearth. Choose it to read its licence.",
                "<b>Licences</b> — {n} components ship with Hearth. "
                "Choose one to read its licence.",
            )
        )
        self.tree = QTreeWidget()
        self.tree.setObjectName("licenceTree")
        self.tree.setHeaderLabels([tr("Component"), tr("Version"), tr("Licence")])
        self.tree.setAccessibleName(tr("Shipped components"))
        self.tree.setAccessibleDescription(tr("Choose a component to read its licence"))
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.viewer = QPlainTextEdit()
        self.viewer.setObjectName("licenceText")
        self.viewer.setReadOnly(True)
        self.viewer.setAccessibleName(tr("Licence text"))
        self.viewer.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.viewer.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        # Licence texts are laid out in 80 columns: narrower, every line would break in two.
        columns = self.viewer.fontMetrics().horizontalAdvance("M" * 82)
        self.viewer.setMinimumWidth(columns + self.viewer.verticalScrollBar().sizeHint().width())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.viewer)
        splitter.setSizes([420, 620])
        splitter.setChildrenCollapsible(False)
        self._fill_tree()
        self.tree.currentItemChanged.connect(self._show_current)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(QLabel(tagline()))
        layout.addLayout(facts)
        layout.addWidget(heading)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)

    def _fill_tree(self) -> None:
        for component in self.components:
            item = QTreeWidgetItem([component.name, component.version, component.license])
            item.setToolTip(0, component.note or component.name)
            item.setToolTip(2, component.license)
            first = component.files[0] if component.files else None
            item.setData(0, _FILE_ROLE, first)
            if component.name == "Hearth":
                bold = QFont(item.font(0))
                bold.setBold(True)
                item.setFont(0, bold)
            for license_file in component.files:
                child = QTreeWidgetItem([Path(license_file.target).name, "", ""])
                child.setToolTip(0, license_file.target)
                child.setData(0, _FILE_ROLE, license_file)
                item.addChild(child)
            self.tree.addTopLevelItem(item)

    def _show_current(self, current: QTreeWidgetItem | None) -> None:
        if current is None:
            self.viewer.clear()
            return
        license_file = current.data(0, _FILE_ROLE)
        parent = current.parent()
        component = self.components[self.tree.indexOfTopLevelItem(parent or current)]
        if not isinstance(license_file, LicenseFile):
            self.viewer.setPlainText(
                tr("{name}: no licence text was found.").format(name=component.name)
            )
            return
        intro = f"{component.name} {component.version}".rstrip() + f" — {component.license}\n"
        if component.note:
            intro += f"{component.note}\n"
        intro += f"{license_file.target}\n{'─' * 60}\n\n"
        self.viewer.setPlainText(intro + read_text(license_file.source))
        self.viewer.moveCursor(self.viewer.textCursor().MoveOperation.Start)

    def select(self, name: str, file_index: int | None = None) -> None:
        """Show a component (and one of its texts): tests and screenshots use it."""
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item is None or item.text(0) != name:
                continue
            if file_index is not None:
                item.setExpanded(True)
                item = item.child(file_index)
            if item is not None:
                self.tree.setCurrentItem(item)
                return
        raise KeyError(name)
