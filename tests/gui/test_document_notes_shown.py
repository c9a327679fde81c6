"""Notes (what indexing skipped) and unsafe file names in the Knowledge panel and on the chat's
attachment chips: a warning badge, the notes in the tooltip, names escaped.

With HEARTH_SHOTS_DIR set, the panel and the bar are saved there as PNGs to look at."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.knowledge.extractors.dispatch import extract_document
from app.knowledge.knowledge_base import KnowledgeBase
from app.ui.knowledge import AttachmentBar, AttachmentItem, KnowledgePanel
from app.ui.knowledge.document_table_model import Column
from tests.fixtures.hostile_documents import write_unclosed_tags_html
from tests.gui.knowledge_helpers import open_knowledge_base

NOTES = (
    "Pages 2 and 4 could not be read as text (they may be scanned); the rest is indexed.",
    "Columns after the 200th were not indexed; split the sheet to search them.",
)


@pytest.fixture
def kb(hearth_home: Path) -> Iterator[KnowledgeBase]:
    with open_knowledge_base(extractor=extract_document) as opened:
        yield opened


def save_shot(widget: QWidget, name: str) -> None:
    folder = os.environ.get("HEARTH_SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def test_the_panel_badges_documents_with_notes_and_escapes_names(
    qtbot: QtBot, kb: KnowledgeBase, tmp_path: Path
) -> None:
    noted = write_unclosed_tags_html(
        tmp_path / "tides.html", tags=5_000, before="<p>High water at 06:12.</p>"
    )
    plain = tmp_path / "plain.txt"
    plain.write_text("Nothing was skipped here.", encoding="utf-8")
    sneaky = tmp_path / "memo\n\u202etxt.exe.md"
    sneaky.write_text("A name that hides its real extension.", encoding="utf-8")
    kb.add_files([noted, plain, sneaky])
    panel = KnowledgePanel(kb)
    qtbot.addWidget(panel)
    panel.resize(1000, 420)
    panel.show()
    qtbot.waitExposed(panel)
    model = panel.documents_view.model
    rows = {model.index(r, Column.NAME).data(): r for r in range(model.rowCount())}
    assert set(rows) == {"tides.html", "plain.txt", "memo\\n\\u202etxt.exe.md"}

    def cell(name: str, column: Column, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        return model.index(rows[name], column).data(role)

    assert cell("tides.html", Column.STATUS) == "Indexed with notes"
    assert "unclosed HTML tag" in cell("tides.html", Column.PROBLEM)
    assert "unclosed HTML tag" in cell("tides.html", Column.STATUS, Qt.ItemDataRole.ToolTipRole)
    assert cell("tides.html", Column.STATUS, Qt.ItemDataRole.DecorationRole) is not None
    assert cell("plain.txt", Column.STATUS) == "Indexed"
    assert cell("plain.txt", Column.STATUS, Qt.ItemDataRole.DecorationRole) is None
    assert "\u202e" not in cell(
        "memo\\n\\u202etxt.exe.md", Column.NAME, Qt.ItemDataRole.ToolTipRole
    )
    save_shot(panel, "knowledge_panel_notes")


def test_an_attachment_chip_with_notes_has_a_badge_and_lists_them(qtbot: QtBot) -> None:
    bar = AttachmentBar()
    qtbot.addWidget(bar)
    bar.resize(720, 90)
    bar.show()
    bar.set_attachments(
        [
            AttachmentItem("document", 1, "survey.pdf", "ready", "PDF · 4 pages", NOTES),
            AttachmentItem("document", 2, "report.pdf", "ready", "PDF · 12 pages"),
            AttachmentItem("document", 3, "memo\n\u202etxt.exe.md", "ready", "MD"),
        ]
    )
    qtbot.waitExposed(bar)
    noted, plain, sneaky = bar.chips()
    assert all(note in noted.toolTip() for note in NOTES)
    assert noted.icon.pixmap().toImage() != plain.icon.pixmap().toImage()  # the warning badge
    assert "Not everything" not in plain.toolTip()
    assert sneaky.name.text() == "memo\\n\\u202etxt.exe.md"
    assert "\u202e" not in sneaky.toolTip() and "\n\u202e" not in sneaky.close_button.toolTip()
    save_shot(bar, "attachment_chips_notes")
