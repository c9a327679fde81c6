"""The Knowledge panel says which documents were read with OCR, and how sure it was."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.knowledge.extractors.dispatch import extract_document
from app.knowledge.knowledge_base import KnowledgeBase
from app.ui.knowledge import KnowledgePanel
from app.ui.knowledge.document_table_model import Column
from tests.fixtures.scans import write_text_picture
from tests.gui.knowledge_helpers import open_knowledge_base


@pytest.fixture
def kb(hearth_home: Path) -> Iterator[KnowledgeBase]:
    with open_knowledge_base(extractor=extract_document) as opened:
        yield opened


def test_a_document_read_with_ocr_shows_it_with_its_confidence(
    qtbot: QtBot, kb: KnowledgeBase, tmp_path: Path
) -> None:
    picture = write_text_picture(tmp_path / "whiteboard.png", ["Quarterly target 340 crates"])
    typed = tmp_path / "minutes.txt"
    typed.write_text("The depot meeting agreed the quarterly target.", encoding="utf-8")
    kb.add_files([picture, typed])
    scanned = next(d for d in kb.documents() if d.file_name == "whiteboard.png")
    assert scanned.ocr_pages == 1 and scanned.ocr_confidence is not None
    percent = int(scanned.ocr_confidence * 100)  # rounded down: never "100%" unless sure

    panel = KnowledgePanel(kb)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    model = panel.documents_view.model
    rows = {model.index(r, Column.NAME).data(): r for r in range(model.rowCount())}

    def cell(name: str, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> object:
        return model.index(rows[name], Column.STATUS).data(role)

    assert cell("whiteboard.png") == f"Indexed · OCR {percent}%"
    assert f"1 page read with OCR, mean confidence {percent}%" in str(
        cell("whiteboard.png", Qt.ItemDataRole.ToolTipRole)
    )
    assert cell("minutes.txt") == "Indexed"
    assert "OCR" not in str(cell("minutes.txt", Qt.ItemDataRole.ToolTipRole))
